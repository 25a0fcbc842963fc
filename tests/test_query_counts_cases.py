"""Case and care pages and endpoints run a fixed number of queries, whatever the number of
cases, tasks, notes, assessments, goals, services and deliveries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from ruta.accounts.services import credentials as auth
from ruta.care import services as care
from ruta.care.models import AssessmentTemplate
from ruta.cases import services as cases
from ruta.people import services as people
from tests.factories import actor_of, make_user, sign_in

pytestmark = pytest.mark.django_db

# The locked counts: raise one only with a reason in the commit message. "{case}" is the case
# that grows; the lists grow with the number of cases. (An API call may make one more query
# the first time a token is used in a minute: it records last use.)
LOCKED = {
    "/": 20,  # + the referrals card (4), the cases shared (1), overdue committee actions (1)
    "/cases/": 10,  # pages without COUNT(*)
    "/cases/{case}/": 28,  # + the referrals card; - the long forms, now loaded when opened
    "/care/cases/{case}/": 24,
    "/api/v1/cases/": 3,  # the token, the page (no count; + last use once a minute)
    "/api/v1/cases/{case}/notes/": 10,
    "/api/v1/cases/{case}/consents/": 10,
    "/api/v1/cases/{case}/screenings/": 10,
    "/api/v1/cases/{case}/attachments/": 10,
    "/api/v1/cases/{case}/assessments/": 10,
    "/api/v1/cases/{case}/care-plan/": 14,
}


@pytest.fixture
def setting(home_institution):
    coordinator = actor_of(make_user("eri_coordinator", home_institution))
    person = people.person_create(actor=coordinator, given_names="Ana", first_surname="Prueba")
    case = cases.case_open(actor=coordinator, person=person)
    cases.consent_record(
        actor=coordinator,
        case=case,
        purpose="assistance",
        given_by="person",
        given_on=timezone.localdate(),
    )
    plan = care.plan_create(actor=coordinator, case=case, objectives="Estabilizar")
    return coordinator, case, plan


def _grow(coordinator, case, plan, n: int) -> None:
    """n more of everything: cases in the list, and rows on the one case's page."""
    needs = AssessmentTemplate.objects.get(code="needs")
    today = timezone.localdate()
    for i in range(n):
        person = people.person_create(actor=coordinator, given_names="Luis", first_surname="Paz")
        other = cases.case_open(actor=coordinator, person=person)
        cases.case_assign(
            actor=coordinator, case=other, version=other.version, assignee=coordinator.user
        )
        cases.note_add(actor=coordinator, case=case, sensitivity="health", body=f"Nota {i}")
        cases.consent_record(
            actor=coordinator, case=case, purpose="statistics", given_by="person", given_on=today
        )
        cases.attachment_add(
            actor=coordinator,
            case=case,
            sensitivity="general",
            filename=f"acta-{i}.pdf",
            content=b"%PDF-1.4 prueba",
        )
        care.assessment_record(
            actor=coordinator, case=case, template=needs, answers={"medical": "high"}
        )
        goal = care.goal_add(actor=coordinator, plan=plan, area="Medical", description="Salud")
        service = care.service_add(
            actor=coordinator,
            plan=plan,
            type="Medical",
            responsible=coordinator.institution,
            due_on=today,
            goal=goal,
        )
        care.delivery_record(actor=coordinator, service=service, delivered_on=today)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _check(client, setting, template: str) -> None:
    coordinator, case, plan = setting
    url = template.format(case=case.pk)
    _grow(coordinator, case, plan, 2)
    few = _count(client, url)
    _grow(coordinator, case, plan, 6)
    many = _count(client, url)
    assert many <= few, f"{template}: {few} queries with few rows, {many} with more (N+1)"
    assert many <= LOCKED[template], f"{template}: {many} queries, locked at {LOCKED[template]}"


@pytest.mark.parametrize("template", [u for u in LOCKED if not u.startswith("/api/")])
def test_page_queries_are_locked(template, setting):
    _check(sign_in(Client(), setting[0].user), setting, template)


@pytest.mark.parametrize("template", [u for u in LOCKED if u.startswith("/api/")])
def test_endpoint_queries_are_locked(template, setting):
    user = setting[0].user
    _token, key = auth.token_create(
        user=user, membership=user.memberships.get(), second_factor=True
    )
    _check(APIClient(HTTP_AUTHORIZATION=f"Bearer {key}"), setting, template)
