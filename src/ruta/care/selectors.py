"""Reads of assessment and care, always through the case's scope and the care sensitivity."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from ruta.audit import services as audit
from ruta.care import policies
from ruta.care.assessment import pressing_needs
from ruta.care.choices import SERVICE_OPEN, AssessmentKind, ServiceStatus
from ruta.care.models import (
    Assessment,
    AssessmentTemplate,
    CareGoal,
    CarePlan,
    CareService,
    ServiceDelivery,
)
from ruta.cases.models import Case
from ruta.cases.policies import scope_cases, scope_cases_visible
from ruta.cases.selectors import case_get
from ruta.core.actor import Actor
from ruta.core.errors import require, uuid_or_404


def care_case_get(*, actor: Actor, case_id, audit_read: bool = True) -> Case:
    """The case, if the actor may read its care sections; the read is audited."""
    case = case_get(actor=actor, case_id=case_id, audit_read=False, full=False)
    require(policies.can_read_care(actor, case))
    if audit_read:
        audit.record(action="care.plan.viewed", actor=actor, target=case)
    return case


def plan_of(*, case: Case) -> CarePlan | None:
    services = CareService.objects.select_related("responsible", "goal").prefetch_related(
        Prefetch(
            "deliveries",
            queryset=ServiceDelivery.objects.select_related("recorded_by", "recorded_for"),
        )
    )
    return (
        CarePlan.objects.filter(case=case)
        .select_related("created_by")
        .prefetch_related(
            "goals",
            Prefetch("services", queryset=services),
            "reviews__reviewed_by",
        )
        .first()
    )


def plan_summary(*, case: Case) -> CarePlan | None:
    """The plan with its services counted by state, for the case page's card (one query)."""
    return (
        CarePlan.objects.filter(case=case)
        .annotate(
            services_open=Count("services", filter=Q(services__status__in=SERVICE_OPEN)),
            services_delivered=Count(
                "services", filter=Q(services__status=ServiceStatus.DELIVERED)
            ),
        )
        .first()
    )


def assessments_of(*, case: Case) -> list[Assessment]:
    return list(case.assessments.select_related("template", "assessed_by"))


def unplanned_needs(*, assessments: list[Assessment], plan: CarePlan | None):
    """Pressing needs in the latest needs assessment that no service of the plan answers."""
    latest = next((a for a in assessments if a.kind == AssessmentKind.NEEDS), None)
    if latest is None:
        return []
    planned = {s.type for s in plan.services.all()} if plan else set()
    items = {item["code"]: item for item in latest.template.items}
    return [
        (items[code], level, service)
        for code, level, service in pressing_needs(latest.template, latest.answers)
        if service not in planned
    ]


def templates_active() -> list[AssessmentTemplate]:
    """The newest active version of each template."""
    latest: dict[str, AssessmentTemplate] = {}
    for template in AssessmentTemplate.objects.filter(is_active=True).order_by("code", "-version"):
        latest.setdefault(template.code, template)
    return list(latest.values())


def template_get(*, template_id) -> AssessmentTemplate:
    return get_object_or_404(AssessmentTemplate, pk=uuid_or_404(template_id), is_active=True)


def _readable(actor: Actor, case: Case) -> None:
    require(policies.can_read_care(actor, case))


def goal_get(*, actor: Actor, goal_id) -> CareGoal:
    goal = get_object_or_404(
        CareGoal.objects.select_related("plan__case").filter(plan__case__in=scope_cases(actor)),
        pk=goal_id,
    )
    _readable(actor, goal.plan.case)
    return goal


def service_get(*, actor: Actor, service_id) -> CareService:
    service = get_object_or_404(
        CareService.objects.select_related("plan__case").filter(
            plan__case__in=scope_cases_visible(actor)
        ),
        pk=service_id,
    )
    _readable(actor, service.plan.case)
    return service
