"""Refused access leaves a trace: who, where, which ids; a scan cannot flood the trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.audit.models import AuditEvent
from ruta.audit.services import REFUSED_ACTION
from ruta.cases import services as cases
from ruta.people import services as people
from tests.factories import PASSWORD, actor_of, make_user, sign_in, totp_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def their_case(other_institution):
    coordinator = actor_of(make_user("eri_coordinator", other_institution))
    person = people.person_create(actor=coordinator, given_names="Ana", first_surname="Paz")
    return cases.case_open(actor=coordinator, person=person)


@pytest.fixture
def worker(home_institution):
    return make_user("case_worker", home_institution, with_2fa=True)


def _api(user) -> APIClient:
    client = APIClient()
    body = {"username": user.username, "password": PASSWORD, "otp_code": totp_now(user)}
    token = client.post("/api/v1/auth/token/", body, format="json").json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _refusals(user):
    return AuditEvent.objects.filter(action=REFUSED_ACTION, actor_user_id=user.pk).order_by(
        "appended"
    )


def test_page_refusal_is_recorded_with_route_ids_and_request_id_never_the_query(
    client, worker, their_case, home_institution
):
    sign_in(client, worker)
    response = client.get(f"/cases/{their_case.pk}/?q=Ana+Paz")
    assert response.status_code == 404
    (event,) = _refusals(worker)
    assert event.data == {
        "route": "cases:case-detail",
        "method": "GET",
        "kind": "not_found",
        "ids": {"case_id": str(their_case.pk)},
    }
    assert event.institution_id == home_institution.pk
    assert (event.via, event.request_id) == ("web", response["X-Request-ID"])
    assert "Ana" not in str(event.data) and "q=" not in str(event.data)


def test_policy_refusal_is_named_not_permitted(client, home_institution):
    trainer = make_user("trainer", home_institution)
    sign_in(client, trainer)
    assert client.get("/audit/").status_code == 404
    (event,) = _refusals(trainer)
    assert (event.data["route"], event.data["kind"]) == ("audit:event-list", "not_permitted")


def test_api_refused_write_is_recorded_as_api(worker, their_case):
    response = _api(worker).post(
        f"/api/v1/cases/{their_case.pk}/notes/", {"body": "x"}, format="json"
    )
    assert response.status_code == 404
    (event,) = _refusals(worker)
    assert event.data["route"] == "api:case-notes"
    assert event.data["method"] == "POST"
    assert event.data["ids"] == {"case_id": str(their_case.pk)}
    assert (event.via, event.request_id) == ("api", response["X-Request-ID"])
    assert not their_case.notes.exists()


def test_unknown_urls_and_anonymous_requests_leave_no_refusal(client, worker, their_case):
    before = AuditEvent.objects.filter(action=REFUSED_ACTION).count()
    assert APIClient().get(f"/api/v1/cases/{their_case.pk}/").status_code == 401
    assert client.get(f"/cases/{their_case.pk}/").status_code == 302  # to the sign-in page
    sign_in(client, worker)
    assert client.get("/wp-admin/setup.php").status_code == 404
    assert AuditEvent.objects.filter(action=REFUSED_ACTION).count() == before


def test_a_scan_is_rate_limited_and_the_suppressed_ones_counted(
    client, worker, their_case, settings
):
    settings.RUTA_AUDIT_REFUSALS_RATE = "3/m"
    sign_in(client, worker)
    start = timezone.now().replace(second=5)
    with time_machine.travel(start, tick=False):
        for _ in range(10):
            assert client.get(f"/cases/{their_case.pk}/").status_code == 404
    assert _refusals(worker).count() == 3
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        assert client.get(f"/cases/{their_case.pk}/").status_code == 404
    events = list(_refusals(worker))
    assert len(events) == 4
    assert events[-1].data["suppressed"] == 7
    assert all("suppressed" not in e.data for e in events[:3])


def test_auditor_lists_refusals_on_the_page_and_the_api(
    client, worker, their_case, home_institution
):
    sign_in(client, worker)
    client.get(f"/cases/{their_case.pk}/")
    auditor = make_user("auditor", home_institution, with_2fa=True)
    api = _api(auditor)
    results = api.get("/api/v1/audit-events/?refused=1", HTTP_ACCEPT_LANGUAGE="en").json()[
        "results"
    ]
    assert {r["action"] for r in results} == {REFUSED_ACTION}
    assert results[0]["actor_username"] == worker.username
    assert results[0]["action_label"] == "Access refused"
    assert results[0]["target_label"] == "GET cases:case-detail"
    everything = api.get("/api/v1/audit-events/").json()["results"]
    assert {r["action"] for r in everything} - {REFUSED_ACTION}  # the filter did filter
    sign_in(client, auditor)
    page = client.get("/audit/?refused=on")
    assert page.status_code == 200
    assert [e.action for e in page.context["page"]] == [REFUSED_ACTION]
