"""No malformed link or form gives a server error: a crawler over every page route.

Every page route of the URL configuration is requested, as several demo users, with its path
ids naming real records of the demo world (so that views get past their first lookup) and with
bad values in every query parameter and form field the views read: ids that are not UUIDs,
UUIDs that name nothing, digits that are not ASCII ("²"), numbers that overflow, control
characters and over-long text. Each answer may refuse (400, 404, 405, a redirect with a
message), never fail (500). The API has its own, stricter run (tests/api/test_schemathesis.py).
"""

from __future__ import annotations

import logging
import uuid

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ruta.accounts.models import User
from tests.factories import sign_in

# The record a path parameter names, to build links to real records.
PATH_MODELS = {
    "attachment_id": "cases.Attachment",
    "case_id": "cases.Case",
    "consent_id": "cases.Consent",
    "goal_id": "care.CareGoal",
    "institution_id": "institutions.Institution",
    "membership_id": "accounts.Membership",
    "person_id": "people.Person",
    "referral_id": "referrals.Referral",
    "report_id": "intake.Report",
    "role_id": "accounts.Role",
    "service_id": "care.CareService",
    "task_id": "cases.Task",
    "token_id": "accounts.ApiToken",
    "transfer_id": "referrals.Transfer",
    "user_id": "accounts.User",
}

# Names the views and forms read from query strings and bodies.
FIELDS = [
    "report", "instrument", "template", "person", "case", "related_case", "assignee",
    "assigned_to", "to_institution", "institution", "membership", "goal", "responsible",
    "service", "services", "type", "status", "department", "municipality", "unit", "role",
    "version", "page", "page_size", "q", "code", "box", "decision", "reason", "outcome",
    "sensitivity", "purpose", "recipient", "given_on", "due_on", "decided_on", "at",
    "first_contact_hours", "plan_review_days", "referral_answer_days", "next", "language",
    "victim_type", "nationality", "date_of_birth", "otp_code", "shared", "unassigned",
    "to_decide", "mine", "child", "only", "state", "overdue", "refer_outside_territory",
]  # fmt: skip

BAD_VALUES = [
    "not-a-uuid",
    str(uuid.UUID(int=1)),  # a UUID that names nothing
    "²",
    "2191513268185394315264",
    "-1",
    "\x00",
    "x" * 5000,
]

USERS = ["coord.eri", "trabajadora.social", "supervisora.eri", "coord.albergue", "admin.plataforma"]


def _page_routes(resolver=None, namespace: str = "") -> list[tuple[str, list[str]]]:
    """(URL name with its namespace, path parameter names) of every named page route."""
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace or ""
            routes += _page_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            routes.append((name.lstrip(":"), list(entry.pattern.converters)))
    return [(name, params) for name, params in routes if not name.startswith("api:")]


def _link(name: str, params: list[str]) -> str | None:
    kwargs = {}
    for param in params:
        label = PATH_MODELS.get(param)
        record = apps.get_model(label).objects.order_by("pk").first() if label else None
        kwargs[param] = record.pk if record is not None else uuid.uuid4()
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_no_page_answers_a_server_error_to_bad_links_or_forms(username):
    from ruta.demo.seed import seed_demo

    seed_demo()
    # Signing in or out would end the session the crawl runs in.
    links = [
        _link(name, params)
        for name, params in _page_routes()
        if not name.startswith(("accounts:login", "accounts:logout", "accounts:password"))
    ]
    assert len(links) > 60  # the crawler found the routes
    quiet = logging.getLogger("django.request")
    level, quiet.level = quiet.level, logging.CRITICAL
    failures = []
    client = sign_in(Client(raise_request_exception=False), User.objects.get(username=username))
    try:
        for value in BAD_VALUES:
            bad = dict.fromkeys(FIELDS, value)
            for link in links:
                for method in ("get", "post"):
                    response = getattr(client, method)(link, bad)
                    if response.status_code >= 500:
                        failures.append(f"{method.upper()} {link} {value[:12]!r}")
            # Still signed in: the crawl did not quietly go on as an anonymous visitor.
            assert client.get("/").status_code == 200, value
    finally:
        quiet.level = level
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(sorted(set(failures))[:40])
