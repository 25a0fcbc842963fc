"""A case's life: opening, assignment, first contact and a change of owner."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ruta.accounts.models import User
from ruta.audit import services as audit
from ruta.cases import policies
from ruta.cases.choices import ActivityKind, TaskEnd, TaskKind, VictimType
from ruta.cases.models import AccessGrant, Case, Task
from ruta.cases.services._common import (
    CaseClosed,
    bump,
    child_case_found,
    ensure_child_task,
    is_child_on,
    locked,
    notify_case,
)
from ruta.cases.services.timeline import timeline_add
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.core.references import next_reference
from ruta.institutions.models import Institution
from ruta.intake.choices import ReportStatus
from ruta.intake.models import Report
from ruta.people.models import Person
from ruta.people.policies import scope_persons


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    person: Person,
    report: Report | None = None,
    victim_type: str = VictimType.DIRECT,
    related_case: Case | None = None,
    assigned_to: User | None = None,
) -> Case:
    """Open a case for a person, from an accepted report or directly."""
    require(policies.can_open_case(actor))
    require(scope_persons(actor).filter(pk=person.pk).exists())
    errors: dict[str, list[str]] = {}
    if person.merged_into_id:
        errors["person"] = [
            _(
                "This record was merged into another record of the same person: open the "
                "case on the record kept."
            )
        ]
    if report is not None and (
        report.institution_id != actor.institution_id or report.status != ReportStatus.ACCEPTED
    ):
        errors["report"] = [_("A case is opened from a report accepted into the ERI queue.")]
    if victim_type not in VictimType.values:
        errors["victim_type"] = [_("Unknown code: %(code)s") % {"code": victim_type}]
    elif victim_type == VictimType.INDIRECT and related_case is None:
        errors["related_case"] = [_("An indirect victim's case names the direct victim's case.")]
    if related_case is not None and related_case.institution_id != actor.institution_id:
        errors["related_case"] = [_("Unknown case.")]
    if assigned_to is not None and not _may_work_cases(assigned_to, actor.institution_id):
        errors["assigned_to"] = [_("This person cannot work on cases of this institution.")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if assigned_to is None and actor.scope == "own":
        assigned_to = actor.user  # otherwise the case worker would lose sight of it at once
    case = Case(
        reference=next_reference("C"),
        institution_id=actor.institution_id,
        unit_id=actor.unit_id,
        person=person,
        report=report,
        victim_type=victim_type,
        related_case=related_case,
        assigned_to=assigned_to,
        opened_at=now,
        is_child=is_child_on(person, timezone.localdate(), report),
    )
    case.full_clean()
    case.save(force_insert=True)
    reported_at = report.received_at if report else now
    Task.objects.create(
        case=case,
        kind=TaskKind.FIRST_CONTACT,
        due_at=reported_at + timedelta(hours=case.institution.first_contact_hours),
    )
    timeline_add(case, ActivityKind.OPENED, actor)
    if case.is_child:
        ensure_child_task(case)
        child_case_found(case=case, actor=actor)
    audit.record(
        action="cases.case.opened",
        actor=actor,
        target=case,
        data={"child": case.is_child, "report": str(report.pk) if report else None},
    )
    return case


def _may_work_cases(user: User, institution_id) -> bool:
    memberships = user.memberships.filter(
        institution_id=institution_id, is_active=True, user__is_active=True
    ).select_related("role")
    return any("cases.view" in m.role.capabilities for m in memberships)


@transaction.atomic
def case_assign(*, actor: Actor, case: Case, version: int | None, assignee: User) -> Case:
    case = locked(case, version)
    require(policies.can_assign_case(actor, case))
    if case.is_closed:
        raise CaseClosed
    if not _may_work_cases(assignee, case.institution_id):
        raise ValidationError(
            {"assigned_to": [_("This person cannot work on cases of this institution.")]}
        )
    case.assigned_to = assignee
    bump(case, ["assigned_to"])
    timeline_add(case, ActivityKind.ASSIGNED, actor, detail=assignee.get_full_name())
    audit.record(
        action="cases.case.assigned", actor=actor, target=case, data={"user": str(assignee.pk)}
    )
    if assignee != actor.user:
        notify_case([assignee], case, "cases.assigned", gettext_lazy("A case was assigned to you"))
    return case


@transaction.atomic
def case_record_first_contact(
    *, actor: Actor, case: Case, version: int | None, at: datetime | None = None
) -> Case:
    case = locked(case, version)
    require(policies.can_edit_case(actor, case))
    if case.is_closed:
        raise CaseClosed
    at = at or timezone.now()
    if at > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"at": [_("First contact cannot be in the future.")]})
    if case.report and at < case.report.received_at:
        raise ValidationError({"at": [_("First contact cannot precede the report.")]})
    case.first_contact_at = at
    bump(case, ["first_contact_at"])
    case.tasks.filter(kind=TaskKind.FIRST_CONTACT, done_at__isnull=True).update(
        done_at=at, done_by=actor.user, ended_as=TaskEnd.BY_RECORD
    )
    timeline_add(case, ActivityKind.FIRST_CONTACT, actor)
    audit.record(action="cases.case.first_contact", actor=actor, target=case)
    return case


@transaction.atomic
def case_change_owner(*, actor: Actor, case: Case, institution: Institution, reason_id) -> Case:
    """Ownership moves to ``institution`` (an accepted transfer, ``reason_id``): it starts
    unassigned there, and the grants the new owner held end since it no longer needs them.
    The transfer service checked who may do this."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    previous = case.institution_id
    case.institution, case.unit, case.assigned_to = institution, None, None
    bump(case, ["institution", "unit", "assigned_to"])
    # The grants the new owner held end; the owner-change event lists them.
    ended = list(
        AccessGrant.objects.filter(
            case=case, institution=institution, valid_until__isnull=True
        ).values_list("pk", flat=True)
    )
    AccessGrant.objects.filter(pk__in=ended).update(valid_until=timezone.now())
    timeline_add(case, ActivityKind.TRANSFERRED, actor, detail=str(reason_id))
    audit.record(
        action="cases.case.owner_changed",
        actor=actor,
        target=case,
        target_institution_id=institution.pk,
        data={
            "from": str(previous),
            "to": str(institution.pk),
            "transfer": str(reason_id),
            "grants_ended": sorted(str(pk) for pk in ended),
        },
    )
    return case
