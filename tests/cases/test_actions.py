"""One route per case action, pages and API: each takes its own body and calls one service;
a refused body or a service's refusal saves nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.cases import services
from ruta.cases.models import Case, TraffickingEvent
from ruta.people import services as people
from tests.factories import actor_of, carried_rows, make_unit, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(home_institution):
    return make_unit(home_institution)


@pytest.fixture
def coordinator(home_institution, unit):
    return actor_of(make_user("eri_coordinator", home_institution, unit=unit))


@pytest.fixture
def case(coordinator):
    person = people.person_create(actor=coordinator, given_names="Eva", first_surname="Ruiz")
    return services.case_open(actor=coordinator, person=person)


def _api(actor) -> APIClient:
    client = APIClient()
    _token, key = auth.token_create(
        user=actor.user, membership=actor.membership, second_factor=True
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def _version(case: Case) -> int:
    return Case.objects.get(pk=case.pk).version


def test_facts_left_out_keep_their_value(coordinator, case):
    api = _api(coordinator)
    first = api.post(
        f"/api/v1/cases/{case.pk}/facts/",
        {"version": case.version, "forms_of_exploitation": ["forced_labour"]},
        format="json",
    )
    assert first.status_code == 200
    assert first.json()["facts"]["forms_of_exploitation"] == ["forced_labour"]
    second = api.post(
        f"/api/v1/cases/{case.pk}/facts/",
        {"version": _version(case), "means_of_control": ["PhysicalThreats"]},
        format="json",
    )
    assert second.status_code == 200, second.content
    facts = second.json()["facts"]
    assert facts["forms_of_exploitation"] == ["forced_labour"]  # kept
    assert facts["means_of_control"] == ["PhysicalThreats"]


def test_an_event_at_an_unknown_place_is_a_422_and_saves_nothing(coordinator, case):
    api = _api(coordinator)
    bad = api.post(
        f"/api/v1/cases/{case.pk}/events/",
        {"type": "recruitment", "country": "HND", "department": "HN-99"},
        format="json",
    )
    assert bad.status_code == 422 and "department" in bad.json()["errors"]
    assert not TraffickingEvent.objects.exists()
    missing = api.post(f"/api/v1/cases/{case.pk}/events/", {"type": "transit"}, format="json")
    assert missing.status_code == 400 and "country" in missing.json()["errors"]
    good = api.post(
        f"/api/v1/cases/{case.pk}/events/",
        {"type": "recruitment", "country": "HND"},
        format="json",
    )
    assert good.status_code == 200
    assert [e["type"]["code"] for e in good.json()["facts"]["events"]] == ["recruitment"]


def test_closure_request_decision_and_reopening_through_the_api(home_institution, unit, case):
    worker = actor_of(make_user("case_worker", home_institution))
    supervisor = actor_of(make_user("supervisor", home_institution, unit=unit))
    case.assigned_to = worker.user
    case.save(update_fields=["assigned_to"])
    asked = _api(worker).post(
        f"/api/v1/cases/{case.pk}/close-request/",
        {"version": _version(case), "reason": "moved", "carried": carried_rows(case)},
        format="json",
    )
    assert asked.status_code == 200 and asked.json()["closure_pending"] is True
    sup = _api(supervisor)
    no_reason = sup.post(
        f"/api/v1/cases/{case.pk}/close-decision/",
        {"version": _version(case), "approve": False},
        format="json",
    )
    assert no_reason.status_code == 422 and "comment" in no_reason.json()["errors"]
    closed = sup.post(
        f"/api/v1/cases/{case.pk}/close-decision/",
        {"version": _version(case), "approve": True},
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["status"]["code"] != "open"
    stale = sup.post(
        f"/api/v1/cases/{case.pk}/reopen/",
        {"version": _version(case) - 1, "justification": "Hechos nuevos"},
        format="json",
    )
    assert stale.status_code == 409
    reopened = sup.post(
        f"/api/v1/cases/{case.pk}/reopen/",
        {"version": _version(case), "justification": "Hechos nuevos"},
        format="json",
    )
    assert reopened.status_code == 200 and reopened.json()["status"]["code"] == "open"


def test_the_old_catch_all_paths_are_gone(coordinator, case):
    api = _api(coordinator)
    for old in ("request-closure", "decide-closure"):
        response = api.post(
            f"/api/v1/cases/{case.pk}/{old}/", {"version": case.version}, format="json"
        )
        assert response.status_code == 404
    client = sign_in(Client(), coordinator.user)
    assert client.post(f"/cases/{case.pk}/event/", {"type": "transit"}).status_code == 404
    assert client.get(f"/cases/{case.pk}/forms/facts/").status_code == 404


def test_a_page_action_shows_the_form_errors_and_saves_nothing(coordinator, case):
    """The long forms (facts, events) come back on their own page with what was chosen."""
    client = sign_in(Client(), coordinator.user)
    before = AuditEvent.objects.filter(action="cases.event.added").count()
    response = client.post(
        f"/cases/{case.pk}/events/", {"type": "recruitment", "started_on": "2026-01-02"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary" role="alert"' in body
    assert 'href="#event-country"' in body  # the summary links to the field
    assert 'value="2026-01-02"' in body  # what was typed stays
    assert 'value="recruitment" selected' in body
    assert not TraffickingEvent.objects.exists()
    assert AuditEvent.objects.filter(action="cases.event.added").count() == before
    response = client.post(
        f"/cases/{case.pk}/events/", {"type": "recruitment", "country": "HND"}, follow=True
    )
    assert TraffickingEvent.objects.filter(case=case, type="recruitment").count() == 1


def test_a_page_action_shows_the_services_refusal(coordinator, case):
    client = sign_in(Client(), coordinator.user)
    stale = client.post(
        f"/cases/{case.pk}/first-contact/", {"version": case.version - 1, "at": "2026-01-02T10:00"}
    )
    assert stale.status_code == 409  # the conflict, said on the case page, what was typed kept
    body = stale.content.decode()
    assert "error-summary" in body and 'value="2026-01-02T10:00"' in body
    assert Case.objects.get(pk=case.pk).first_contact_at is None
    done = client.post(f"/cases/{case.pk}/first-contact/", {"version": case.version})
    assert done.status_code == 302
    assert Case.objects.get(pk=case.pk).first_contact_at is not None


def test_the_cases_app_imports_no_care_code():
    """The care card registers itself (ruta.core.registry): cases never imports care."""
    root = Path(services.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("ruta.care")]
    assert offenders == []


def test_an_action_without_a_body_answers_options(coordinator, case):
    consent = services.consent_record(
        actor=coordinator,
        case=case,
        purpose="statistics",
        given_by="person",
        given_on=timezone.localdate(),
    )
    response = _api(coordinator).options(f"/api/v1/consents/{consent.pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["actions"]["POST"] == {}  # no fields to send
