"""List pages and list endpoints run a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit import services as audit
from ruta.intake import services as intake
from ruta.people import services as people
from tests.factories import (
    actor_of,
    make_institution,
    make_unit,
    make_user,
    sign_in,
)

pytestmark = pytest.mark.django_db

# The locked counts: raise one only with a reason in the commit message. (An API call may
# make one more query the first time a token is used in a minute: it records last use.)
LOCKED = {
    "/accounts/users/": 11,
    "/institutions/": 12,
    "/audit/": 15,  # + acting institutions' names, + one per record type, + "anything to seal?"
    "/api/v1/users/": 5,
    "/api/v1/memberships/": 4,
    "/api/v1/institutions/": 5,
    "/api/v1/audit-events/": 9,  # + labels as on the page, + concerned institutions, + seal probe
    "/intake/reports/": 10,
    "/people/": 11,  # POST q=ana prueba
    "/notifications/": 10,
    "/api/v1/reports/": 4,
    "/api/v1/persons/search/": 5,  # POST {"q": "ana prueba"}
    "/people/duplicates/": 10,  # + the latest search, + recent merges
    "/api/v1/persons/duplicates/": 4,
}
ROLE_FOR = {"/audit/": "auditor", "/api/v1/audit-events/": "auditor"}
INTAKE_OR_PEOPLE = (
    "/intake/",
    "/people/",
    "/api/v1/reports/",
    "/api/v1/persons/",
    "/notifications/",
)


def _populate(home, n: int) -> None:
    recorder = actor_of(make_user("eri_coordinator", home))
    for i in range(n):
        other = make_institution()
        make_unit(other)
        colleague = make_user("case_worker", home)
        audit.record(action="tests.rows.added", target=other)
        report = intake.report_create(
            actor=recorder,
            channel="hotline",
            narrative="Relato",
            child_involved=bool(i % 2),
            people=[intake.PersonInput(role="possible_victim", name="X")],
        )
        if i % 3 == 0:
            intake.report_take(actor=recorder, report=report, version=1)
        person = people.person_create(
            actor=recorder,
            given_names="Ana",
            first_surname="Prueba",
            documents=[people.DocumentInput(type="passport", number=f"P{i}{colleague.pk.hex[:6]}")],
        )
        _propose(person)
    # As the sealer would have a moment later: the counts below are the pages' own (the audit
    # trail's opportunistic sealing of pending events is a fixed cost, tested in tests/audit).
    audit.chain_seal()


def _propose(person) -> None:
    """A possible duplicate of the person, as a duplicate search would propose it."""
    from ruta.people.models import DuplicatePair, LinkageRun

    run = LinkageRun.objects.first() or LinkageRun.objects.create(status="done")
    twin = people.person_create(
        actor=actor_of(person.created_by, person.institution),
        given_names="Ana",
        first_surname="Prueba",
        second_surname="Doble",
    )
    DuplicatePair.objects.create(
        run=run,
        person_a=person,
        person_b=twin,
        probability=0.9,
        weight=3.2,
        explanation=[{"field": "given_name", "level": "exact", "weight": 5.0}],
    )


def _role(url: str) -> str:
    if url in ROLE_FOR:
        return ROLE_FOR[url]
    if url.startswith(INTAKE_OR_PEOPLE):
        return "eri_coordinator"
    return "institution_admin"


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        # Names are searched by POST, never in the URL.
        if url == "/people/":
            response = client.post(url, {"q": "ana prueba"})
        elif url == "/api/v1/persons/search/":
            response = client.post(url, {"q": "ana prueba"}, format="json")
        else:
            response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [u for u in LOCKED if not u.startswith("/api/")])
def test_page_queries_are_locked(url, home_institution):
    client = sign_in(Client(), make_user(_role(url), home_institution))
    _populate(home_institution, 3)
    few = _count(client, url)
    _populate(home_institution, 12)
    many = _count(client, url)
    assert many <= few, f"{url}: {few} queries with few rows, {many} with more (N+1)"
    assert many <= LOCKED[url], f"{url}: {many} queries, locked at {LOCKED[url]}"


@pytest.mark.parametrize("url", [u for u in LOCKED if u.startswith("/api/")])
def test_endpoint_queries_are_locked(url, home_institution):
    user = make_user(_role(url), home_institution)
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    _populate(home_institution, 3)
    few = _count(client, url)
    _populate(home_institution, 12)
    many = _count(client, url)
    assert many <= few, f"{url}: {few} queries with few rows, {many} with more (N+1)"
    assert many <= LOCKED[url], f"{url}: {many} queries, locked at {LOCKED[url]}"
