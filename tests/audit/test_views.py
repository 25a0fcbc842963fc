"""The audit page reads as people read: labels, references, the scope it covers; fixed queries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit import services as audit
from ruta.audit.labels import ACTION_LABELS, action_label
from ruta.audit.models import AuditEvent
from ruta.audit.services import chain_seal
from ruta.cases import services as cases
from ruta.core.models import Department
from ruta.people import services as people
from tests.factories import actor_of, make_institution, make_user, sign_in

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "ruta"
APPS = "accounts|audit|care|cases|core|institutions|intake|notifications|people|referrals|web"
CODE = re.compile(rf"[\"']((?:{APPS})\.[a-z_]+\.[a-z_]+)[\"']")


def test_every_action_code_used_in_the_source_has_a_label():
    used = set()
    for path in SRC.rglob("*.py"):
        if "migrations" not in path.parts:
            used |= set(CODE.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 60  # the scan does find the codes
    assert sorted(used - set(ACTION_LABELS)) == []


def test_an_unknown_code_reads_as_words():
    assert action_label("prosecution.file.opened_twice") == "File: opened twice"


def _rows(coordinator, n: int) -> None:
    for i in range(n):
        person = people.person_create(actor=coordinator, given_names="Ana", first_surname=f"P{i}")
        case = cases.case_open(actor=coordinator, person=person)
        user = make_user("trainer", coordinator.institution)
        audit.record(action="accounts.user.updated", actor=coordinator, target=user)
        audit.record(action="cases.case.viewed", actor=coordinator, target=case)
        audit.record(action="tests.rows.added", target=make_institution())


@pytest.fixture
def auditor_client(client, home_institution):
    auditor = make_user("auditor", home_institution, preferred_language="en")
    return sign_in(client, auditor)


def test_entries_show_labels_and_references_never_codes_or_id_prefixes(
    auditor_client, home_institution
):
    coordinator = actor_of(make_user("eri_coordinator", home_institution, username="coord"))
    person = people.person_create(actor=coordinator, given_names="Ana", first_surname="Secreta")
    case = cases.case_open(actor=coordinator, person=person)
    member = make_user("trainer", home_institution, username="ana.member")
    audit.record(action="accounts.user.updated", actor=coordinator, target=member)
    response = auditor_client.get("/audit/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    rows = html[html.index("<tbody>") : html.index("</tbody>")]
    with translation.override("en"):
        assert str(ACTION_LABELS["cases.case.opened"]) in html
        assert str(ACTION_LABELS["accounts.user.updated"]) in html
    assert case.reference in html
    assert "ana.member" in html
    assert home_institution.short_name in html
    assert "cases.case" not in rows
    assert "accounts.user" not in rows
    assert str(case.pk)[:8] not in rows
    assert str(home_institution.pk)[:8] not in rows
    assert "Secreta" not in html  # a person is never named in the trail
    assert "You see the events of your institution" in html


def test_the_page_states_national_and_territorial_coverage(client, home_institution):
    oversight = make_user("oversight_auditor", home_institution, preferred_language="en")
    html = sign_in(client, oversight).get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You see the events of every institution." in html
    from ruta.accounts.models import Membership, Role

    home_institution.territories.set(Department.objects.filter(code__in=["HN-CR", "HN-AT"]))
    role = Role.objects.create(code="territorial", capabilities=["audit.view"], scope="territory")
    user = make_user(preferred_language="en")
    Membership.objects.create(user=user, institution=home_institution, role=role)
    html = sign_in(client, user).get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You see the events of the institutions serving Atlántida, Cortés." in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return len(ctx.captured_queries)


# 12 before labels, + acting institutions + one per record type (3 here) + "anything to seal?"
PAGE_QUERIES = 17
API_QUERIES = 10


def test_the_event_list_page_and_endpoint_run_a_fixed_number_of_queries(
    auditor_client, home_institution
):
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    user = make_user("auditor", home_institution)
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {key}")
    _rows(coordinator, 2)
    api.get("/api/v1/audit-events/")  # the token's first use in a minute records it
    auditor_client.get("/audit/")  # and the session's first use in a minute extends it
    chain_seal()
    few = (_count(auditor_client, "/audit/"), _count(api, "/api/v1/audit-events/"))
    _rows(coordinator, 10)
    chain_seal()
    many = (_count(auditor_client, "/audit/"), _count(api, "/api/v1/audit-events/"))
    assert many == few, "a query per row (N+1)"
    assert many[0] <= PAGE_QUERIES
    assert many[1] <= API_QUERIES
    # Sealing the pending events on the way costs the same for few or many of them.
    _rows(coordinator, 2)
    pending_few = _count(auditor_client, "/audit/")
    _rows(coordinator, 20)
    assert _count(auditor_client, "/audit/") == pending_few


def test_the_trail_seals_pending_events_on_the_way(auditor_client, home_institution):
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    _rows(coordinator, 3)
    assert AuditEvent.objects.filter(seq__isnull=True).exists()
    html = auditor_client.get("/audit/").content.decode()
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
    # Every listed event shows its place in the chain (an unsealed one would show a dash).
    assert re.search(r'<td class="num">\d+</td>', html)
    assert '<td class="num">—</td>' not in html
