"""Who sees and works on cases. Rules live here only; services and views ask these."""

from __future__ import annotations

from django.db.models import QuerySet

from ruta.cases.models import Case, Task
from ruta.core.actor import Actor
from ruta.core.choices import RecordScope, Sensitivity


def scope_cases(actor: Actor, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Cases owned by the actor's institution, narrowed by the role's record scope: 'own' is
    assigned to me, 'unit' is my unit's. (Referrals will add need-to-know grants.)"""
    qs = Case.objects.all() if qs is None else qs
    if actor.scope == RecordScope.AGGREGATE or not actor.can("cases.view"):
        return qs.none()
    qs = qs.filter(institution_id=actor.institution_id)
    if actor.scope == RecordScope.OWN:
        return qs.filter(assigned_to_id=actor.user_id)
    if actor.scope == RecordScope.UNIT:
        return qs.filter(unit_id=actor.unit_id)
    return qs


def scope_tasks(actor: Actor, qs: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks of the cases in scope_cases, written as joins so that a due-date index can drive
    the query (the same rule as scope_cases, applied through the task's case)."""
    qs = Task.objects.all() if qs is None else qs
    if actor.scope == RecordScope.AGGREGATE or not actor.can("cases.view"):
        return qs.none()
    qs = qs.filter(case__institution_id=actor.institution_id)
    if actor.scope == RecordScope.OWN:
        return qs.filter(case__assigned_to_id=actor.user_id)
    if actor.scope == RecordScope.UNIT:
        return qs.filter(case__unit_id=actor.unit_id)
    return qs


def can_list_cases(actor: Actor) -> bool:
    return actor.scope != RecordScope.AGGREGATE and actor.can("cases.view")


def can_open_case(actor: Actor) -> bool:
    return actor.can("cases.create") and actor.can_write(Sensitivity.IDENTITY)


def can_edit_case(actor: Actor, case: Case) -> bool:
    return actor.can("cases.edit", case.institution_id)


def can_write_facts(actor: Actor, case: Case) -> bool:
    return can_edit_case(actor, case) and actor.can_write(Sensitivity.FACTS)


def can_assign_case(actor: Actor, case: Case) -> bool:
    return actor.can("cases.assign", case.institution_id)


def can_decide_identification(actor: Actor, case: Case) -> bool:
    return actor.can("identification.decide", case.institution_id)


def can_request_closure(actor: Actor, case: Case) -> bool:
    return (
        actor.can("cases.request_closure", case.institution_id)
        and not case.is_closed
        and not case.closure_pending
    )


def can_decide_closure(actor: Actor, case: Case) -> bool:
    """A supervisor decides; never on a request of their own."""
    return (
        actor.can("cases.approve_closure", case.institution_id)
        and case.closure_pending
        and case.closure_requested_by_id != actor.user_id
    )


def can_reopen_case(actor: Actor, case: Case) -> bool:
    return case.is_closed and (
        actor.can("cases.approve_closure", case.institution_id)
        or actor.can("cases.assign", case.institution_id)
    )


def can_complete_task(actor: Actor, task: Task) -> bool:
    return task.done_at is None and can_edit_case(actor, task.case)


def can_read(actor: Actor, sensitivity: Sensitivity) -> bool:
    return actor.can_read(sensitivity)


def can_read_note(actor: Actor, sensitivity: str) -> bool:
    from ruta.cases.choices import NOTE_LEVEL

    return sensitivity in NOTE_LEVEL and actor.can_read(NOTE_LEVEL[sensitivity])


def can_write_note(actor: Actor, case: Case, sensitivity: str) -> bool:
    from ruta.cases.choices import NOTE_LEVEL

    return (
        sensitivity in NOTE_LEVEL
        and can_edit_case(actor, case)
        and actor.can_write(NOTE_LEVEL[sensitivity])
    )


def readable_note_levels(actor: Actor) -> list[str]:
    from ruta.cases.choices import NOTE_LEVEL

    return [s for s in NOTE_LEVEL if can_read_note(actor, s)]


def can_record_consent(actor: Actor, case: Case) -> bool:
    """Whoever works on the case and writes identity (consent names who gave it)."""
    return can_edit_case(actor, case) and actor.can_write(Sensitivity.IDENTITY)


def can_screen(actor: Actor, case: Case) -> bool:
    return actor.can("screening.perform", case.institution_id) and actor.can_write(
        Sensitivity.FACTS
    )
