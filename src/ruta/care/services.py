"""Writes on assessment and care. Each checks a policy, refuses closed cases and missing
consent to assistance, validates everything before it saves anything, records the case's
timeline and an audit event."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.care import policies
from ruta.care.assessment import evaluate
from ruta.care.choices import (
    SERVICE_OPEN,
    GoalStatus,
    Level,
    PlanStatus,
    ReviewOutcome,
    ServiceStatus,
    ServiceType,
)
from ruta.care.models import (
    Assessment,
    AssessmentTemplate,
    CareGoal,
    CarePlan,
    CareService,
    PlanReview,
    ServiceDelivery,
)
from ruta.cases.choices import ActivityKind, ConsentPurpose, TaskEnd, TaskKind
from ruta.cases.models import Case, Task
from ruta.cases.services import CaseClosed, consent_valid, timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.institutions.models import Institution

MAX_TEXT = 10_000


class NoAssistanceConsent(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            _(
                "No active consent to assistance is recorded for this case. Record the "
                "survivor's consent (and, for a child, the guardian's) before planning care."
            )
        )


class PlanNotActive(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_("This care plan is completed: it can no longer change."))


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def review_due_on(started_on: date, schedule: list[int], index: int) -> date:
    """When review number ``index`` (0 for the first) falls due: the schedule's days after
    the start, then every last value. [30, 90, 180] gives 30, 90, 180, 360, 540..."""
    if index < len(schedule):
        return started_on + timedelta(days=schedule[index])
    last = schedule[-1]
    return started_on + timedelta(days=last * (index - len(schedule) + 2))


def _next_review_after(plan: CarePlan, after: date) -> date:
    index = 0
    while (due := review_due_on(plan.started_on, plan.review_days, index)) <= after:
        index += 1
    return due


def _case_for_write(actor: Actor, case: Case, *, consent: bool = True, allowed=None) -> Case:
    case = (
        Case.objects.select_for_update(of=("self",)).select_related("institution").get(pk=case.pk)
    )
    require((allowed or policies.can_write_care)(actor, case))
    if case.is_closed:
        raise CaseClosed
    if consent and not consent_valid(case=case, purpose=ConsentPurpose.ASSISTANCE):
        raise NoAssistanceConsent
    return case


def _plan_for_write(
    actor: Actor,
    plan: CarePlan,
    version: int | None = None,
    *,
    versioned: bool = False,
    allowed=None,
) -> CarePlan:
    """Lock the case then the plan; a versioned write must name the plan's current version."""
    case = _case_for_write(actor, plan.case, allowed=allowed)
    plan = CarePlan.objects.select_for_update().get(pk=plan.pk)
    plan.case = case
    if versioned:
        check_version(plan, version)
    if plan.status != PlanStatus.ACTIVE:
        raise PlanNotActive
    return plan


def _bump(obj, fields: list[str]) -> None:
    obj.version += 1
    obj.save(update_fields=[*fields, "version", "updated_at"])


def _check_day(errors: dict, field: str, day: date | None, *, not_before: date | None = None):
    if day is None:
        return
    if day > timezone.localdate():
        errors[field] = [_("This date is in the future.")]
    elif not_before is not None and day < not_before:
        errors[field] = [
            _("This date is before %(day)s.") % {"day": not_before.strftime("%d/%m/%Y")}
        ]


def _text(errors: dict, field: str, value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [_("This field is required.")]
    elif len(value) > MAX_TEXT:
        errors[field] = [_("At most %(n)s characters.") % {"n": MAX_TEXT}]
    return value


def _record(action: str, actor: Actor, target, case: Case, **data) -> None:
    audit.record(
        action=action,
        actor=actor,
        target=target,
        target_institution_id=case.institution_id,
        data={"case": str(case.pk), **{k: str(v) for k, v in data.items()}},
    )


@transaction.atomic
def assessment_record(
    *,
    actor: Actor,
    case: Case,
    template: AssessmentTemplate,
    answers: dict[str, str],
    summary: str = "",
    assessed_on: date | None = None,
) -> Assessment:
    """Store the answers with the levels they give, by group and overall."""
    case = _case_for_write(actor, case)
    assessed_on = assessed_on or timezone.localdate()
    codes = {item["code"] for item in template.items}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(answers) - codes)
    if unknown:
        errors["answers"] = [_("Unknown question: %(code)s") % {"code": ", ".join(unknown)}]
    bad = sorted({v for v in answers.values() if v not in Level.values})
    if bad:
        errors["answers"] = [_("Unknown code: %(code)s") % {"code": ", ".join(bad)}]
    if not template.is_active:
        errors["template"] = [_("This template is no longer in use.")]
    _check_day(errors, "assessed_on", assessed_on, not_before=timezone.localdate(case.opened_at))
    summary = _text(errors, "summary", summary, required=False)
    if errors:
        raise ValidationError(errors)
    complete = {code: answers.get(code, Level.UNKNOWN) for code in sorted(codes)}
    groups, overall = evaluate(template, complete)
    assessment = Assessment.objects.create(
        case=case,
        template=template,
        kind=template.kind,
        answers=complete,
        group_levels=groups,
        level=overall,
        summary=summary,
        assessed_on=assessed_on,
        assessed_by=actor.user,
    )
    timeline_add(case, ActivityKind.ASSESSMENT, actor, detail=f"{template.kind}:{overall}")
    _record("care.assessment.recorded", actor, assessment, case, kind=template.kind, level=overall)
    return assessment


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    case: Case,
    objectives: str,
    started_on: date | None = None,
    planned_end_on: date | None = None,
) -> CarePlan:
    """Draw up the case's care plan; its reviews follow the institution's schedule."""
    case = _case_for_write(actor, case)
    if CarePlan.objects.filter(case=case).exists():
        raise DomainError(_("This case already has a care plan."))
    started_on = started_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    objectives = _text(errors, "objectives", objectives, required=True)
    _check_day(errors, "started_on", started_on, not_before=timezone.localdate(case.opened_at))
    if planned_end_on is not None and planned_end_on < started_on:
        errors["planned_end_on"] = [_("The planned end is before the start.")]
    if errors:
        raise ValidationError(errors)
    schedule = list(case.institution.plan_review_days) or [30, 90, 180]
    next_review_on = review_due_on(started_on, schedule, 0)
    plan = CarePlan.objects.create(
        case=case,
        objectives=objectives,
        started_on=started_on,
        planned_end_on=planned_end_on,
        review_days=schedule,
        next_review_on=next_review_on,
        created_by=actor.user,
    )
    Task.objects.create(case=case, kind=TaskKind.PLAN_REVIEW, due_at=_end_of_day(next_review_on))
    timeline_add(case, ActivityKind.CARE_PLAN, actor)
    _record("care.plan.created", actor, plan, case, next_review_on=plan.next_review_on)
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: Actor,
    plan: CarePlan,
    version: int | None,
    objectives: str | None = None,
    planned_end_on: date | None = None,
) -> CarePlan:
    plan = _plan_for_write(actor, plan, version, versioned=True)
    errors: dict[str, list[str]] = {}
    changed = []
    if objectives is not None:
        objectives = _text(errors, "objectives", objectives, required=True)
        if objectives != plan.objectives:
            plan.objectives = objectives
            changed.append("objectives")
    if planned_end_on != plan.planned_end_on:
        if planned_end_on is not None and planned_end_on < plan.started_on:
            errors["planned_end_on"] = [_("The planned end is before the start.")]
        plan.planned_end_on = planned_end_on
        changed.append("planned_end_on")
    if errors:
        raise ValidationError(errors)
    if changed:
        _bump(plan, changed)
        timeline_add(plan.case, ActivityKind.CARE_PLAN_CHANGED, actor)
        audit.record(
            action="care.plan.updated",
            actor=actor,
            target=plan,
            target_institution_id=plan.case.institution_id,
            changed_fields=changed,
        )
    return plan


@transaction.atomic
def goal_add(
    *,
    actor: Actor,
    plan: CarePlan,
    area: str,
    description: str,
    due_on: date | None = None,
) -> CareGoal:
    plan = _plan_for_write(actor, plan)
    errors: dict[str, list[str]] = {}
    if area not in ServiceType.values:
        errors["area"] = [_("Unknown code: %(code)s") % {"code": area}]
    description = _text(errors, "description", description, required=True)
    if due_on is not None and due_on < plan.started_on:
        errors["due_on"] = [_("A goal cannot fall due before the plan starts.")]
    if errors:
        raise ValidationError(errors)
    goal = CareGoal.objects.create(plan=plan, area=area, description=description, due_on=due_on)
    timeline_add(plan.case, ActivityKind.CARE_PLAN_CHANGED, actor, detail=f"goal:{area}")
    _record("care.goal.created", actor, goal, plan.case, area=area)
    return goal


@transaction.atomic
def goal_set_status(*, actor: Actor, goal: CareGoal, version: int | None, status: str) -> CareGoal:
    _plan_for_write(actor, goal.plan)
    goal = CareGoal.objects.select_for_update().select_related("plan__case").get(pk=goal.pk)
    check_version(goal, version)
    if status not in GoalStatus.values:
        raise ValidationError({"status": [_("Unknown code: %(code)s") % {"code": status}]})
    if status != goal.status:
        goal.status = status
        _bump(goal, ["status"])
        timeline_add(goal.plan.case, ActivityKind.CARE_PLAN_CHANGED, actor, detail=f"goal:{status}")
        _record("care.goal.updated", actor, goal, goal.plan.case, status=status)
    return goal


@transaction.atomic
def service_add(
    *,
    actor: Actor,
    plan: CarePlan,
    type: str,
    responsible: Institution,
    due_on: date,
    goal: CareGoal | None = None,
    description: str = "",
) -> CareService:
    """Plan a service: what, which institution answers for it, by when. An institution the
    care section was shared with plans only services it gives itself."""
    plan = _plan_for_write(actor, plan, allowed=policies.can_add_service)
    errors: dict[str, list[str]] = {}
    if not policies.can_write_care(actor, plan.case) and responsible.pk != actor.institution_id:
        errors["responsible"] = [_("You can plan only the services your institution gives.")]
    if type not in ServiceType.values:
        errors["type"] = [_("Unknown code: %(code)s") % {"code": type}]
    if not responsible.is_active:
        errors["responsible"] = [_("This institution is no longer active.")]
    if goal is not None and goal.plan_id != plan.pk:
        errors["goal"] = [_("This goal belongs to another care plan.")]
    if due_on is None:
        errors["due_on"] = [_("This field is required.")]
    elif due_on < plan.started_on:
        errors["due_on"] = [_("A service cannot fall due before the plan starts.")]
    description = _text(errors, "description", description, required=False)
    if errors:
        raise ValidationError(errors)
    service = CareService.objects.create(
        plan=plan,
        goal=goal,
        type=type,
        responsible=responsible,
        description=description,
        due_on=due_on,
    )
    timeline_add(plan.case, ActivityKind.SERVICE_PLANNED, actor, detail=type)
    _record(
        "care.service.created", actor, service, plan.case, type=type, responsible=responsible.pk
    )
    return service


@transaction.atomic
def service_set_status(
    *, actor: Actor, service: CareService, version: int | None, status: str, reason: str = ""
) -> CareService:
    """Move a service along; stopping one (not delivered, cancelled) needs a reason."""
    _plan_for_write(
        actor, service.plan, allowed=lambda a, c: policies.can_work_on_service(a, c, service)
    )
    service = (
        CareService.objects.select_for_update().select_related("plan__case").get(pk=service.pk)
    )
    check_version(service, version)
    errors: dict[str, list[str]] = {}
    if status not in ServiceStatus.values:
        errors["status"] = [_("Unknown code: %(code)s") % {"code": status}]
    needs_reason = status in (ServiceStatus.NOT_DELIVERED, ServiceStatus.CANCELLED)
    reason = _text(errors, "reason", reason, required=needs_reason)
    if status == ServiceStatus.DELIVERED and not service.deliveries.exists():
        errors["status"] = [_("Record when the service was given before marking it delivered.")]
    if errors:
        raise ValidationError(errors)
    if status != service.status:
        service.status, service.status_reason = status, reason
        _bump(service, ["status", "status_reason"])
        timeline_add(service.plan.case, ActivityKind.SERVICE_STATUS, actor, detail=status)
        _record("care.service.updated", actor, service, service.plan.case, status=status)
    return service


@transaction.atomic
def delivery_record(
    *,
    actor: Actor,
    service: CareService,
    delivered_on: date,
    note: str = "",
    completes: bool = False,
) -> ServiceDelivery:
    """The service was given on a date; ``completes`` marks the service delivered."""
    plan = _plan_for_write(
        actor, service.plan, allowed=lambda a, c: policies.can_work_on_service(a, c, service)
    )
    service = CareService.objects.select_for_update().get(pk=service.pk)
    if service.status not in SERVICE_OPEN:
        raise DomainError(
            _("This service is %(status)s: reopen it by changing its status first.")
            % {"status": service.get_status_display().lower()}
        )
    errors: dict[str, list[str]] = {}
    if delivered_on is None:
        errors["delivered_on"] = [_("This field is required.")]
    _check_day(errors, "delivered_on", delivered_on, not_before=plan.started_on)
    note = _text(errors, "note", note, required=False)
    if errors:
        raise ValidationError(errors)
    delivery = ServiceDelivery.objects.create(
        service=service,
        delivered_on=delivered_on,
        note=note,
        recorded_by=actor.user,
        recorded_for_id=actor.institution_id,
    )
    service.status = ServiceStatus.DELIVERED if completes else ServiceStatus.IN_PROGRESS
    _bump(service, ["status"])
    timeline_add(plan.case, ActivityKind.SERVICE_DELIVERED, actor, detail=service.type)
    _record(
        "care.delivery.recorded", actor, delivery, plan.case, service=service.pk, type=service.type
    )
    return delivery


@transaction.atomic
def plan_review_record(
    *,
    actor: Actor,
    plan: CarePlan,
    version: int | None,
    outcome: str,
    summary: str,
    reviewed_on: date | None = None,
) -> PlanReview:
    """Record a review: it completes the open review task and schedules the next one, or
    completes the plan when its objectives are met."""
    plan = _plan_for_write(actor, plan, version, versioned=True)
    reviewed_on = reviewed_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = [_("Unknown code: %(code)s") % {"code": outcome}]
    summary = _text(errors, "summary", summary, required=True)
    _check_day(errors, "reviewed_on", reviewed_on, not_before=plan.started_on)
    if errors:
        raise ValidationError(errors)
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        due_on=plan.next_review_on,
        outcome=outcome,
        summary=summary,
        reviewed_by=actor.user,
    )
    now = timezone.now()
    Task.objects.filter(case=plan.case, kind=TaskKind.PLAN_REVIEW, done_at__isnull=True).update(
        done_at=now, done_by=actor.user, ended_as=TaskEnd.BY_RECORD, updated_at=now
    )
    if outcome == ReviewOutcome.COMPLETED:
        plan.status, plan.ended_on, plan.next_review_on = PlanStatus.COMPLETED, reviewed_on, None
    else:
        plan.next_review_on = _next_review_after(plan, reviewed_on)
        Task.objects.create(
            case=plan.case, kind=TaskKind.PLAN_REVIEW, due_at=_end_of_day(plan.next_review_on)
        )
    _bump(plan, ["status", "ended_on", "next_review_on"])
    timeline_add(plan.case, ActivityKind.PLAN_REVIEW, actor, detail=outcome)
    _record("care.review.recorded", actor, review, plan.case, outcome=outcome)
    return review
