"""What a case's closure asks of its care (``core.registry.closure_checks``) and does to it
(``core.registry.case_closed_hooks``).

The active plan and each service not yet delivered are listed; closing "because the care
plan's objectives were met" needs a plan whose goals are achieved (those no longer pursued
aside). On closure, open services are cancelled with the reason the closure carried and the
plan is completed.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.care.choices import SERVICE_OPEN, GoalStatus, PlanStatus, ServiceStatus
from ruta.care.models import CarePlan, CareService
from ruta.cases.choices import ClosureReason
from ruta.cases.models import Case
from ruta.core.actor import Actor
from ruta.core.registry import ClosureItem


def closure_check(case: Case, reason: str) -> list[ClosureItem]:
    plan = CarePlan.objects.filter(case=case).first()
    url = reverse("care:care", kwargs={"case_id": case.pk})
    items: list[ClosureItem] = []
    if reason == ClosureReason.OBJECTIVES_MET:
        goals = list(plan.goals.all()) if plan else []
        unmet = [g for g in goals if g.status in (GoalStatus.OPEN, GoalStatus.NOT_ACHIEVED)]
        if not any(g.status == GoalStatus.ACHIEVED for g in goals):
            items.append(
                ClosureItem(
                    key="care:objectives",
                    kind="goal",
                    label=_(
                        "No goal of the care plan is achieved: the case cannot close as "
                        "“objectives met”"
                    ),
                    blocking=True,
                    url=url,
                )
            )
        items.extend(
            ClosureItem(
                key=f"goal:{goal.pk}",
                kind="goal",
                label=_("Goal (%(area)s): %(status)s, not met")
                % {
                    "area": goal.get_area_display(),
                    "status": goal.get_status_display().lower(),
                },
                blocking=True,
                url=url,
            )
            for goal in unmet
        )
    if plan is None:
        return items
    services = (
        plan.services.filter(status__in=SERVICE_OPEN)
        .select_related("responsible")
        .order_by("due_on", "created_at")
    )
    items.extend(
        ClosureItem(
            key=f"service:{service.pk}",
            kind="service",
            label=_("Service: %(service)s by %(institution)s (%(status)s)")
            % {
                "service": service.get_type_display(),
                "institution": service.responsible.short_name,
                "status": service.get_status_display().lower(),
            },
            url=url,
        )
        for service in services
    )
    if plan.status == PlanStatus.ACTIVE:
        items.append(
            ClosureItem(
                key=f"plan:{plan.pk}", kind="plan", label=_("The care plan is active"), url=url
            )
        )
    return items


def on_case_closed(*, case: Case, actor: Actor, carried: dict[str, str]) -> None:
    """Cancel the services still open and complete the plan, in the closure's transaction."""
    plan = CarePlan.objects.select_for_update().filter(case=case).first()
    if plan is None:
        return
    for service in CareService.objects.select_for_update().filter(
        plan=plan, status__in=SERVICE_OPEN
    ):
        service.status = ServiceStatus.CANCELLED
        service.status_reason = carried.get(f"service:{service.pk}", "")
        service.version += 1
        service.save(update_fields=["status", "status_reason", "version", "updated_at"])
        audit.record(
            action="care.service.ended_with_case",
            actor=actor,
            target=service,
            target_institution_id=case.institution_id,
            data={"case": str(case.pk), "status": service.status},
        )
    if plan.status == PlanStatus.ACTIVE:
        plan.status, plan.ended_on = PlanStatus.COMPLETED, timezone.localdate()
        plan.next_review_on = None
        plan.version += 1
        plan.save(update_fields=["status", "ended_on", "next_review_on", "version", "updated_at"])
        audit.record(
            action="care.plan.ended_with_case",
            actor=actor,
            target=plan,
            target_institution_id=case.institution_id,
            data={"case": str(case.pk)},
        )
