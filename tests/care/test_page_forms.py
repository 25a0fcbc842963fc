"""The care page's forms: a refused form comes back with what was typed, its errors beside
its fields and at the top, its section open; nothing is saved; no id repeats and every
control has a label."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ruta.care import services
from ruta.care.models import CareGoal, CarePlan, CareService, PlanReview
from ruta.cases import services as cases
from ruta.people import services as people
from tests.factories import actor_of, make_user, sign_in
from tests.html_check import duplicate_ids, unlabelled_controls

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


@pytest.fixture
def plan(coordinator, home_institution):
    person = people.person_create(actor=coordinator, given_names="Ana", first_surname="López")
    case = cases.case_open(actor=coordinator, person=person)
    cases.consent_record(
        actor=coordinator,
        case=case,
        purpose="assistance",
        given_by="person",
        given_on=timezone.localdate(),
    )
    plan = services.plan_create(actor=coordinator, case=case, objectives="Vivienda segura")
    due = timezone.localdate() + timedelta(days=5)
    for area in ("Shelter", "Medical"):
        goal = services.goal_add(actor=coordinator, plan=plan, area=area, description=area)
        services.service_add(
            actor=coordinator,
            plan=plan,
            type=area,
            responsible=home_institution,
            due_on=due,
            goal=goal,
        )
    return plan


def _open_details_with_form(body: str, action: str) -> bool:
    pattern = r"<details open><summary>[^<]*</summary><div class=\"details-body\">\s*<form[^>]*"
    return bool(re.search(pattern + re.escape(action), body))


def test_a_refused_review_keeps_its_text(coordinator, plan):
    client = sign_in(Client(), coordinator.user)
    case_id = plan.case_id
    response = client.post(
        f"/care/cases/{case_id}/reviews/",
        {"version": plan.version, "reviewed_on": "", "outcome": "continue", "summary": "Va bien"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert ">\nVa bien</textarea>" in body
    assert 'href="#review-reviewed_on"' in body
    assert 'id="review-reviewed_on_error"' in body  # beside the field
    assert _open_details_with_form(body, f"/care/cases/{case_id}/reviews/")
    assert not PlanReview.objects.exists()


def test_a_refused_goal_keeps_its_text(coordinator, plan):
    client = sign_in(Client(), coordinator.user)
    response = client.post(
        f"/care/cases/{plan.case_id}/goals/",
        {"area": "Legal", "description": "Asesoría", "due_on": "31/02/2026"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert ">\nAsesoría</textarea>" in body and 'value="31/02/2026"' in body
    assert 'href="#goal-add-due_on"' in body
    assert _open_details_with_form(body, f"/care/cases/{plan.case_id}/goals/")
    assert CareGoal.objects.count() == 2


def test_a_refused_delivery_keeps_its_note_on_its_services_row(coordinator, plan):
    service = CareService.objects.filter(plan=plan).order_by("type").first()
    assert service is not None
    client = sign_in(Client(), coordinator.user)
    response = client.post(
        f"/care/services/{service.pk}/deliveries/", {"delivered_on": "", "note": "Consulta"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="delivery-{service.pk}-note"' in body and ">\nConsulta</textarea>" in body
    assert f'href="#delivery-{service.pk}-delivered_on"' in body
    assert _open_details_with_form(body, f"/care/services/{service.pk}/deliveries/")
    # the other service's form stays empty and closed
    other = CareService.objects.exclude(pk=service.pk).get()
    assert not _open_details_with_form(body, f"/care/services/{other.pk}/deliveries/")
    assert not service.deliveries.exists()


def test_a_stale_status_change_keeps_the_reason(coordinator, plan):
    service = CareService.objects.filter(plan=plan).first()
    assert service is not None
    client = sign_in(Client(), coordinator.user)
    response = client.post(
        f"/care/services/{service.pk}/status/",
        {"version": service.version - 1, "status": "cancelled", "reason": "Ya no lo necesita"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert 'value="Ya no lo necesita"' in body and "error-summary" in body
    service.refresh_from_db()
    assert service.status == "planned"


def test_the_care_page_has_no_repeated_id_and_labels_every_control(coordinator, plan):
    body = sign_in(Client(), coordinator.user).get(f"/care/cases/{plan.case_id}/").content
    html = body.decode()
    assert html.count('name="delivered_on"') == 2  # one form per service
    assert duplicate_ids(html) == []
    assert unlabelled_controls(html) == []
    assert CarePlan.objects.count() == 1
