"""Who sees and works on cases. Rules live here only; services and views ask these.

An institution owns its cases; another one reaches a case only through an active access grant
(written by a referral or a transfer), and then only the grant's sections. The policies know
grants, never referrals."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from ruta.cases.models import AccessGrant, Case, Task
from ruta.core.actor import Actor
from ruta.core.choices import RecordScope, Sensitivity

# The sections of a case. "care" (assessments, care plan, services) is read and written at
# the health level, like health notes, but a referral can grant one without the other.
SECTIONS = ("identity", "contact", "facts", "care", "health", "legal")
# Note or attachment sensitivity -> its section. "care" notes (social follow-up: arrivals,
# appointments, how the stay goes) let a shelter write without seeing health or facts.
NOTE_SECTION = {"general": "facts", "care": "care", "health": "health", "legal": "legal"}


def scope_cases(actor: Actor, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Cases owned by the actor's institution, narrowed by the role's record scope: 'own' is
    assigned to me, 'unit' is my unit's."""
    qs = Case.objects.all() if qs is None else qs
    if actor.scope == RecordScope.AGGREGATE or not actor.can("cases.view"):
        return qs.none()
    qs = qs.filter(institution_id=actor.institution_id)
    if actor.scope == RecordScope.OWN:
        return qs.filter(assigned_to_id=actor.user_id)
    if actor.scope == RecordScope.UNIT:
        return qs.filter(unit_id=actor.unit_id)
    return qs


def scope_grants(actor: Actor, qs: QuerySet[AccessGrant] | None = None) -> QuerySet[AccessGrant]:
    """Active grants to the actor's institution, narrowed by the role's scope the same way:
    'own' is the grants I was given, 'unit' my unit's."""
    qs = AccessGrant.objects.all() if qs is None else qs
    if actor.scope == RecordScope.AGGREGATE or not actor.can("cases.view"):
        return qs.none()
    now = timezone.now()
    qs = qs.filter(institution_id=actor.institution_id, valid_from__lte=now).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now)
    )
    if actor.scope == RecordScope.OWN:
        return qs.filter(assigned_to_id=actor.user_id)
    if actor.scope == RecordScope.UNIT:
        return qs.filter(unit_id=actor.unit_id)
    return qs


def scope_cases_shared(actor: Actor, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Cases of other institutions the actor reaches through an active grant."""
    qs = Case.objects.all() if qs is None else qs
    return qs.filter(pk__in=scope_grants(actor).values("case_id")).exclude(
        institution_id=actor.institution_id
    )


def scope_cases_visible(actor: Actor, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Owned in scope, or shared through a grant: what a single case may be fetched from."""
    qs = Case.objects.all() if qs is None else qs
    return scope_cases(actor, qs) | scope_cases_shared(actor, qs)


def owns(actor: Actor, case: Case) -> bool:
    return actor.can("cases.view", case.institution_id)


def active_grant(actor: Actor, case: Case) -> AccessGrant | None:
    """The actor's institution's active grant on the case, looked up once per request."""
    cache = case.__dict__.setdefault("_grant_cache", {})
    if actor.institution_id not in cache:
        cache[actor.institution_id] = scope_grants(actor).filter(case_id=case.pk).first()
    return cache[actor.institution_id]


def _role_sections(actor: Actor) -> set[str]:
    levels = {s for s in (Sensitivity.values) if actor.can_read(s)}
    return levels | ({"care"} if "health" in levels else set())


def _role_write_sections(actor: Actor) -> set[str]:
    levels = {s for s in (Sensitivity.values) if actor.can_write(s)}
    return levels | ({"care"} if "health" in levels else set())


def sections_for(actor: Actor, case: Case) -> frozenset[str]:
    """The sections of this case the actor may read: the role's levels on an owned case; on
    a shared one, only those the grant also names."""
    if owns(actor, case):
        return frozenset(_role_sections(actor))
    grant = active_grant(actor, case)
    if grant is None:
        return frozenset()
    return frozenset(_role_sections(actor) & set(grant.sections))


def can_contribute(actor: Actor, case: Case, section: str) -> bool:
    """Record in a section: the owner's case workers, or a receiving institution's users in a
    section their grant names (notes, services), always within the role's write levels."""
    if section not in _role_write_sections(actor):
        return False
    if owns(actor, case):
        return actor.can("cases.edit", case.institution_id)
    grant = active_grant(actor, case)
    return grant is not None and section in grant.sections and actor.can("cases.view")


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


def can_read_note(actor: Actor, case: Case, sensitivity: str) -> bool:
    return sensitivity in NOTE_SECTION and NOTE_SECTION[sensitivity] in sections_for(actor, case)


def can_write_note(actor: Actor, case: Case, sensitivity: str) -> bool:
    return sensitivity in NOTE_SECTION and can_contribute(actor, case, NOTE_SECTION[sensitivity])


def readable_note_levels(actor: Actor, case: Case) -> list[str]:
    return [s for s in NOTE_SECTION if can_read_note(actor, case, s)]


def writable_note_levels(actor: Actor, case: Case) -> list[str]:
    return [s for s in NOTE_SECTION if can_write_note(actor, case, s)]


def can_record_consent(actor: Actor, case: Case) -> bool:
    """Whoever works on the case and writes identity (consent names who gave it)."""
    return can_edit_case(actor, case) and actor.can_write(Sensitivity.IDENTITY)


def can_screen(actor: Actor, case: Case) -> bool:
    return actor.can("screening.perform", case.institution_id) and actor.can_write(
        Sensitivity.FACTS
    )
