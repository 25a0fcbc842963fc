"""Assessment and care: assessments from versioned templates, the care plan with goals and
services, services delivered, and reviews on the institution's schedule."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.care import selectors, services
from ruta.care.models import AssessmentTemplate, CarePlan, CareService
from ruta.cases import selectors as case_selectors
from ruta.cases import services as cases
from ruta.cases.models import Task
from ruta.core.errors import ConflictError, DomainError
from ruta.people import services as people
from tests.factories import actor_of, make_institution, make_user
from tests.validation import refused_on

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/Tegucigalpa")


@pytest.fixture
def coordinator(home_institution):
    return actor_of(make_user("eri_coordinator", home_institution))


def _case(actor, consent=True, **person):
    p = people.person_create(actor=actor, **{"given_names": "Ana", **person})
    case = cases.case_open(actor=actor, person=p)
    if consent:
        cases.consent_record(
            actor=actor,
            case=case,
            purpose="assistance",
            given_by="person",
            given_on=timezone.localdate(),
        )
    return case


def _needs():
    return AssessmentTemplate.objects.get(code="needs", version=1)


def _risk():
    return AssessmentTemplate.objects.get(code="risk", version=1)


def test_templates_ship_as_data_in_three_languages():
    for template in (_needs(), _risk()):
        assert template.is_active
        for item in template.items:
            assert set(item["text"]) == {"es", "en", "fr"}
            assert item["group"] in template.groups
    assert {i["service"] for i in _needs().items} >= {"Shelter", "Medical", "Psychological"}
    assert [t.code for t in selectors.templates_active()] == ["needs", "risk"]


def test_assessment_levels_by_group_and_overall(coordinator):
    case = _case(coordinator)
    risk = services.assessment_record(
        actor=coordinator,
        case=case,
        template=_risk(),
        answers={"threats": "high", "debt": "low", "stigma": "unknown"},
        summary="Amenazas por teléfono",
    )
    assert risk.level == "high"
    assert risk.group_levels["safety"] == "high"
    assert risk.group_levels["individual"] == "low"
    assert risk.group_levels["community"] == "unknown"
    assert risk.answers["gangs"] == "unknown"  # what was not answered is recorded as unknown
    nothing = services.assessment_record(actor=coordinator, case=case, template=_risk(), answers={})
    assert nothing.level == "unknown"
    assert AuditEvent.objects.filter(action="care.assessment.recorded").count() == 2


def test_bad_assessment_input_saves_nothing(coordinator):
    case = _case(coordinator)
    for answers in ({"threats": "extreme"}, {"no_such_item": "high"}):
        with refused_on("answers"):
            services.assessment_record(
                actor=coordinator, case=case, template=_risk(), answers=answers
            )
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(
            actor=coordinator,
            case=case,
            template=_risk(),
            answers={},
            assessed_on=timezone.localdate() + timedelta(days=1),
        )
    assert "assessed_on" in exc.value.message_dict
    assert not case.assessments.exists()


def test_care_needs_consent_to_assistance(coordinator):
    case = _case(coordinator, consent=False)
    with pytest.raises(services.NoAssistanceConsent):
        services.plan_create(actor=coordinator, case=case, objectives="Estabilizar")
    with pytest.raises(services.NoAssistanceConsent):
        services.assessment_record(actor=coordinator, case=case, template=_needs(), answers={})
    assert not CarePlan.objects.exists()
    consent = cases.consent_record(
        actor=coordinator,
        case=case,
        purpose="assistance",
        given_by="person",
        given_on=timezone.localdate(),
    )
    plan = services.plan_create(actor=coordinator, case=case, objectives="Estabilizar")
    cases.consent_withdraw(actor=coordinator, consent=consent)
    # Withdrawn consent stops new services.
    with pytest.raises(services.NoAssistanceConsent):
        services.service_add(
            actor=coordinator,
            plan=plan,
            type="Shelter",
            responsible=coordinator.institution,
            due_on=timezone.localdate(),
        )
    assert not plan.services.exists()


def test_plan_services_deliveries_and_unplanned_needs(coordinator, other_institution):
    case = _case(coordinator)
    services.assessment_record(
        actor=coordinator,
        case=case,
        template=_needs(),
        answers={"accommodation": "high", "medical": "medium", "education": "low"},
    )
    plan = services.plan_create(actor=coordinator, case=case, objectives="Alojamiento y salud")
    goal = services.goal_add(
        actor=coordinator, plan=plan, area="Shelter", description="Vivir en un lugar seguro"
    )
    today = timezone.localdate()
    shelter = services.service_add(
        actor=coordinator,
        plan=plan,
        type="Shelter",
        responsible=other_institution,
        due_on=today + timedelta(days=2),
        goal=goal,
    )
    assessments = selectors.assessments_of(case=case)
    unplanned = selectors.unplanned_needs(
        assessments=assessments, plan=selectors.plan_of(case=case)
    )
    assert [(item["code"], level) for item, level, _service in unplanned] == [("medical", "medium")]
    services.delivery_record(actor=coordinator, service=shelter, delivered_on=today)
    shelter.refresh_from_db()
    assert shelter.status == "in_progress"
    services.delivery_record(
        actor=coordinator, service=shelter, delivered_on=today, note="Segunda noche", completes=True
    )
    shelter.refresh_from_db()
    assert shelter.status == "delivered"
    assert shelter.deliveries.count() == 2
    with pytest.raises(DomainError):
        services.delivery_record(actor=coordinator, service=shelter, delivered_on=today)
    kinds = list(case.activities.values_list("kind", flat=True))
    assert kinds.count("service_delivered") == 2
    assert "care_plan" in kinds and "service_planned" in kinds


def test_service_rules(coordinator, home_institution):
    case = _case(coordinator)
    plan = services.plan_create(actor=coordinator, case=case, objectives="Salud")
    other_plan = services.plan_create(actor=coordinator, case=_case(coordinator), objectives="Otro")
    foreign_goal = services.goal_add(
        actor=coordinator, plan=other_plan, area="Medical", description="Chequeo"
    )
    closed = make_institution("Albergue cerrado", is_active=False)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.service_add(
            actor=coordinator,
            plan=plan,
            type="Spa",
            responsible=closed,
            due_on=plan.started_on - timedelta(days=1),
            goal=foreign_goal,
        )
    assert set(exc.value.message_dict) == {"type", "responsible", "due_on", "goal"}
    service = services.service_add(
        actor=coordinator, plan=plan, type="Medical", responsible=home_institution, due_on=today
    )
    with pytest.raises(ValidationError) as exc:
        services.service_set_status(
            actor=coordinator, service=service, version=service.version, status="delivered"
        )
    assert "status" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.service_set_status(
            actor=coordinator, service=service, version=service.version, status="cancelled"
        )
    assert "reason" in exc.value.message_dict
    services.service_set_status(
        actor=coordinator,
        service=service,
        version=service.version,
        status="cancelled",
        reason="Atendida por su familia",
    )
    with pytest.raises(ConflictError):
        services.service_set_status(
            actor=coordinator, service=service, version=service.version, status="planned"
        )
    service.refresh_from_db()
    assert (service.status, service.version) == ("cancelled", 2)
    with pytest.raises(DomainError):  # a cancelled service is not given
        services.delivery_record(actor=coordinator, service=service, delivered_on=today)
    medical = services.service_add(
        actor=coordinator, plan=plan, type="Medical", responsible=home_institution, due_on=today
    )
    with refused_on("delivered_on"):
        services.delivery_record(
            actor=coordinator, service=medical, delivered_on=today + timedelta(days=1)
        )
    assert not medical.deliveries.exists()


def test_a_stale_plan_edit_changes_nothing(coordinator):
    case = _case(coordinator)
    plan = services.plan_create(actor=coordinator, case=case, objectives="Primera versión")
    services.plan_update(actor=coordinator, plan=plan, version=1, objectives="Segunda versión")
    with pytest.raises(ConflictError):
        services.plan_update(actor=coordinator, plan=plan, version=1, objectives="Pisada")
    plan.refresh_from_db()
    assert (plan.objectives, plan.version) == ("Segunda versión", 2)
    with pytest.raises(DomainError):
        services.plan_create(actor=coordinator, case=case, objectives="Otra")


def test_reviews_follow_the_institutions_schedule(coordinator, home_institution):
    home_institution.plan_review_days = [30, 90, 180]
    home_institution.save()
    start = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
    with time_machine.travel(start, tick=False):
        case = _case(coordinator)
        plan = services.plan_create(actor=coordinator, case=case, objectives="Reintegración")
    assert plan.next_review_on == date(2026, 4, 1)
    task = Task.objects.get(case=case, kind="plan_review", done_at__isnull=True)
    assert timezone.localtime(task.due_at).date() == date(2026, 4, 1)
    # The generic "mark as done" does not close a review task: a review record does.
    with time_machine.travel(start, tick=False), pytest.raises(DomainError):
        cases.task_complete(actor=coordinator, task=task)

    # The day after it falls due, the review is overdue in the work queues.
    with time_machine.travel(datetime(2026, 4, 2, 9, 0, tzinfo=TZ), tick=False):
        overdue = case_selectors.work_queues(actor=coordinator)["overdue"]
        assert task in overdue
        # Reviewed late: the next review keeps the schedule (day 90), not "90 days from now".
        services.plan_review_record(
            actor=coordinator, plan=plan, version=plan.version, outcome="continue", summary="Bien"
        )
    plan.refresh_from_db()
    assert plan.next_review_on == date(2026, 5, 31)
    task.refresh_from_db()
    assert task.done_at is not None
    review = plan.reviews.get()
    assert review.due_on == date(2026, 4, 1)

    # Reviewed so late that the 90- and 180-day dates have passed: the next is the first ahead.
    with time_machine.travel(datetime(2026, 9, 15, 9, 0, tzinfo=TZ), tick=False):
        services.plan_review_record(
            actor=coordinator, plan=plan, version=plan.version, outcome="adjusted", summary="Ajuste"
        )
    plan.refresh_from_db()
    assert plan.next_review_on == date(2027, 2, 25)  # day 360: every 180 days after the schedule
    assert Task.objects.filter(case=case, kind="plan_review", done_at__isnull=True).count() == 1

    with time_machine.travel(datetime(2026, 10, 1, 9, 0, tzinfo=TZ), tick=False):
        services.plan_review_record(
            actor=coordinator,
            plan=plan,
            version=plan.version,
            outcome="completed",
            summary="Logrado",
        )
    plan.refresh_from_db()
    assert (plan.status, plan.ended_on, plan.next_review_on) == (
        "completed",
        date(2026, 10, 1),
        None,
    )
    assert not Task.objects.filter(case=case, kind="plan_review", done_at__isnull=True).exists()
    with pytest.raises(services.PlanNotActive):
        services.goal_add(actor=coordinator, plan=plan, area="Education", description="Escuela")


def test_review_due_dates():
    start = date(2026, 1, 1)
    due = [services.review_due_on(start, [30, 90, 180], i) for i in range(5)]
    assert [(d - start).days for d in due] == [30, 90, 180, 360, 540]
    assert (services.review_due_on(start, [15], 2) - start).days == 45


def test_closed_cases_and_roles_without_health_cannot_change_care(coordinator, home_institution):
    case = _case(coordinator)
    plan = services.plan_create(actor=coordinator, case=case, objectives="Salud")
    prosecutor = actor_of(make_user("prosecutor", home_institution))
    from ruta.core.errors import NotPermitted

    with pytest.raises(NotPermitted):
        services.goal_add(actor=prosecutor, plan=plan, area="Legal", description="Denuncia")
    case.status = "closed"
    case.save()
    with pytest.raises(cases.CaseClosed):
        services.goal_add(actor=coordinator, plan=plan, area="Legal", description="Denuncia")
    assert not plan.goals.exists()


def test_free_text_is_encrypted_at_rest(coordinator, home_institution):
    case = _case(coordinator)
    plan = services.plan_create(actor=coordinator, case=case, objectives="Objetivo secreto XYZ")
    service = services.service_add(
        actor=coordinator,
        plan=plan,
        type="Psychological",
        responsible=home_institution,
        due_on=timezone.localdate(),
        description="Terapia por trauma QWE",
    )
    services.delivery_record(
        actor=coordinator,
        service=service,
        delivered_on=timezone.localdate(),
        note="Sesión difícil ASD",
    )
    with connection.cursor() as cursor:
        for table, column in (
            ("care_careplan", "objectives"),
            ("care_careservice", "description"),
            ("care_servicedelivery", "note"),
        ):
            cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 (fixed names)
            stored = " ".join(row[0] for row in cursor.fetchall())
            assert "XYZ" not in stored and "QWE" not in stored and "ASD" not in stored
    assert CareService.objects.get().description == "Terapia por trauma QWE"
