"""The care page and the care API: the same services and policies, 404 outside scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.audit.models import AuditEvent
from ruta.care import services
from ruta.care.models import Assessment, AssessmentTemplate, CarePlan, CareService
from ruta.cases import services as cases
from ruta.people import services as people
from tests.factories import actor_of, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


def _case(actor, consent=True):
    person = people.person_create(actor=actor, given_names="Ana", first_surname="López")
    case = cases.case_open(actor=actor, person=person)
    if consent:
        cases.consent_record(
            actor=actor,
            case=case,
            purpose="assistance",
            given_by="person",
            given_on=timezone.localdate(),
        )
    return case


def _api(actor) -> APIClient:
    client = APIClient()
    _token, key = auth.token_create(
        user=actor.user, membership=actor.membership, second_factor=True
    )
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_care_page_shows_the_plan_and_audits_the_read(coordinator, home_institution):
    with time_machine.travel(timezone.now() - timedelta(days=10), tick=False):
        case = _case(coordinator)
        plan = services.plan_create(actor=coordinator, case=case, objectives="Vivienda segura")
        services.service_add(
            actor=coordinator,
            plan=plan,
            type="Shelter",
            responsible=home_institution,
            due_on=timezone.localdate() + timedelta(days=2),
        )
    client = sign_in(Client(), coordinator.user)
    page = client.get(f"/care/cases/{case.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Vivienda segura" in body
    assert "row-urgent" in body  # an open service past its due date stands out
    assert AuditEvent.objects.filter(action="care.plan.viewed", target_id=str(case.pk)).exists()
    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/care/cases/{case.pk}/" in case_page


def test_roles_without_health_and_other_institutions_get_404(
    coordinator, home_institution, other_institution
):
    case = _case(coordinator)
    prosecutor = make_user("prosecutor", home_institution)
    outsider = make_user("eri_coordinator", other_institution)
    for user in (prosecutor, outsider):
        client = sign_in(Client(), user)
        assert client.get(f"/care/cases/{case.pk}/").status_code == 404
        response = client.post(
            f"/care/cases/{case.pk}/plan/", {"objectives": "x", "started_on": "2026-01-01"}
        )
        assert response.status_code == 404
    # The prosecutor still sees the case, without its care card.
    page = sign_in(Client(), prosecutor).get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and "/care/cases/" not in page.content.decode()
    assert not CarePlan.objects.exists()


def test_plan_and_services_through_the_pages(coordinator, home_institution):
    case = _case(coordinator)
    client = sign_in(Client(), coordinator.user)
    today = timezone.localdate().isoformat()
    response = client.post(f"/care/cases/{case.pk}/plan/", {"objectives": "", "started_on": today})
    assert response.status_code == 400 and not CarePlan.objects.exists()
    assert 'href="#plan-objectives"' in response.content.decode()
    client.post(f"/care/cases/{case.pk}/plan/", {"objectives": "Estabilizar", "started_on": today})
    plan = CarePlan.objects.get()
    client.post(
        f"/care/cases/{case.pk}/services/",
        {"type": "Medical", "responsible": home_institution.pk, "due_on": today},
    )
    service = CareService.objects.get()
    response = client.post(
        f"/care/services/{service.pk}/deliveries/",
        {"delivered_on": today, "note": "Consulta general", "completes": "on"},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.status == "delivered" and service.deliveries.count() == 1
    response = client.post(
        f"/care/cases/{case.pk}/reviews/",
        {
            "version": plan.version,
            "reviewed_on": today,
            "outcome": "continue",
            "summary": "Va bien",
        },
    )
    plan.refresh_from_db()
    assert plan.reviews.count() == 1
    body = client.get(f"/care/cases/{case.pk}/", follow=True).content.decode()
    assert "Consulta general" in body and "Va bien" in body


def test_assessment_form_saves_or_keeps_the_answers(coordinator):
    case = _case(coordinator)
    template = AssessmentTemplate.objects.get(code="risk")
    client = sign_in(Client(), coordinator.user)
    page = client.get(f"/care/cases/{case.pk}/assessments/?template={template.pk}")
    assert page.status_code == 200 and 'name="a-threats"' in page.content.decode()
    bad = client.post(
        f"/care/cases/{case.pk}/assessments/",
        {"template": template.pk, "a-threats": "extreme", "a-debt": "low"},
    )
    assert bad.status_code == 400 and not Assessment.objects.exists()
    assert 'value="low" checked' in bad.content.decode()  # the answers given are kept
    good = client.post(
        f"/care/cases/{case.pk}/assessments/",
        {"template": template.pk, "a-threats": "high", "summary": "Le buscan"},
    )
    assert good.status_code == 302
    assert Assessment.objects.get().level == "high"


def test_without_consent_the_page_says_so_and_nothing_is_saved(coordinator):
    case = _case(coordinator, consent=False)
    client = sign_in(Client(), coordinator.user)
    response = client.post(
        f"/care/cases/{case.pk}/plan/",
        {"objectives": "Estabilizar", "started_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "consent" in response.content.decode().lower() or "consentimiento" in (
        response.content.decode().lower()
    )
    assert not CarePlan.objects.exists()


def test_care_api_parity(coordinator, home_institution, other_institution):
    case = _case(coordinator)
    api = _api(coordinator)
    templates = api.get("/api/v1/assessment-templates/").json()
    needs = next(t for t in templates if t["code"] == "needs")
    assert api.get(f"/api/v1/cases/{case.pk}/care-plan/").status_code == 404
    created = api.post(
        f"/api/v1/cases/{case.pk}/assessments/",
        {"template": needs["id"], "answers": {"accommodation": "high"}},
        format="json",
    )
    assert created.status_code == 201 and created.json()["level"]["code"] == "high"
    unknown = api.post(
        f"/api/v1/cases/{case.pk}/care-plan/", {"objectives": "x", "colour": "red"}, format="json"
    )
    assert unknown.status_code == 400
    plan = api.post(
        f"/api/v1/cases/{case.pk}/care-plan/", {"objectives": "Vivienda"}, format="json"
    )
    assert plan.status_code == 201
    version = plan.json()["version"]
    goal = api.post(
        f"/api/v1/cases/{case.pk}/care-plan/goals/",
        {"area": "Shelter", "description": "Albergue"},
        format="json",
    )
    assert goal.status_code == 201
    goal_id = goal.json()["goals"][0]["id"]
    service = api.post(
        f"/api/v1/cases/{case.pk}/care-plan/services/",
        {
            "type": "Shelter",
            "responsible": str(other_institution.pk),
            "due_on": timezone.localdate().isoformat(),
            "goal": goal_id,
        },
        format="json",
    )
    assert service.status_code == 201
    svc = service.json()["services"][0]
    assert svc["goal"] == goal_id and svc["type"]["code"] == "Shelter"
    bad_place = api.post(
        f"/api/v1/cases/{case.pk}/care-plan/services/",
        {"type": "Shelter", "responsible": str(case.pk), "due_on": "2026-01-01"},
        format="json",
    )
    assert bad_place.status_code == 422  # well-formed, but no such institution
    delivered = api.post(
        f"/api/v1/care-services/{svc['id']}/deliveries/",
        {"delivered_on": timezone.localdate().isoformat(), "completes": True},
        format="json",
    )
    assert delivered.status_code == 201
    stale = api.patch(
        f"/api/v1/care-services/{svc['id']}/",
        {"version": svc["version"], "status": "cancelled", "reason": "x"},
        format="json",
    )
    assert stale.status_code == 409
    assert CareService.objects.get().status == "delivered"
    goal_done = api.patch(
        f"/api/v1/care-goals/{goal_id}/", {"version": 1, "status": "achieved"}, format="json"
    )
    assert goal_done.status_code == 200 and goal_done.json()["status"]["code"] == "achieved"
    edited = api.patch(
        f"/api/v1/cases/{case.pk}/care-plan/",
        {"version": version, "objectives": "Vivienda y salud"},
        format="json",
    )
    assert edited.status_code == 200 and edited.json()["objectives"] == "Vivienda y salud"
    current = api.get(f"/api/v1/cases/{case.pk}/care-plan/").json()
    assert current["version"] == version + 1
    stale_review = api.post(
        f"/api/v1/cases/{case.pk}/care-plan/reviews/",
        {"version": version, "outcome": "continue", "summary": "x"},
        format="json",
    )
    assert stale_review.status_code == 409
    review = api.post(
        f"/api/v1/cases/{case.pk}/care-plan/reviews/",
        {"version": current["version"], "outcome": "completed", "summary": "Logrado"},
        format="json",
    )
    assert review.status_code == 201 and review.json()["status"]["code"] == "completed"
    edited = api.patch(
        f"/api/v1/cases/{case.pk}/care-plan/",
        {"version": review.json()["version"], "objectives": "Otra cosa"},
        format="json",
    )
    assert edited.status_code == 409  # a completed plan no longer changes

    outsider = _api(actor_of(make_user("eri_coordinator", other_institution)))
    assert outsider.get(f"/api/v1/cases/{case.pk}/care-plan/").status_code == 404
    assert (
        outsider.patch(
            f"/api/v1/care-goals/{goal_id}/", {"version": 2, "status": "open"}, format="json"
        ).status_code
        == 404
    )
