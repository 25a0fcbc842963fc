"""Who sees and works on cases. Rules live here only; services and views ask these.

An institution owns its cases; another one reaches a case only through an active access grant
(written by a referral or a transfer), and then only the grant's sections. The policies know
grants, never referrals."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from ruta.cases.choices import CaseStatus
from ruta.cases.models import AccessGrant, Case, Task
from ruta.core.actor import Actor
from ruta.core.choices import RecordScope, Sensitivity
from ruta.core.scoping import in_territory, reaches_records, serves_somewhere, territory_q
from ruta.institutions.models import Institution

# The sections of a case. "care" (assessments, care plan, services) is read and written at
# the health level, like health notes, but a referral can grant one without the other.
SECTIONS = ("identity", "contact", "facts", "care", "health", "legal")
# Note or attachment sensitivity -> its section. "care" notes (social follow-up: arrivals,
# appointments, how the stay goes) let a shelter write without seeing health or facts.
NOTE_SECTION = {"general": "facts", "care": "care", "health": "health", "legal": "legal"}
OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.FOLLOW_UP)


def case_territory_q(actor: Actor, prefix: str = "") -> Q:
    """A case is placed where its report was (department or municipality); a case without a
    report, or whose report has no place, is placed in its unit's department."""
    return territory_q(
        actor,
        department=f"{prefix}report__department",
        municipality=f"{prefix}report__municipality",
        fallback_department=f"{prefix}unit__department",
    )


def case_in_territory(actor: Actor, case: Case) -> bool:
    """The same rule as ``case_territory_q`` for one case in memory."""
    report = case.report if case.report_id else None
    return in_territory(
        actor,
        department_id=report.department_id if report else None,
        municipality=report.municipality if report and report.municipality_id else None,
        fallback_department_id=case.unit.department_id if case.unit else None,
    )


def case_in_scope(actor: Actor, case: Case) -> bool:
    """Is this case, owned by the actor's institution, inside the role's record scope? The
    in-memory twin of ``scope_cases``; every ``can_*`` on an owned case asks it."""
    if case.institution_id != actor.institution_id:
        return False
    match actor.scope:
        case RecordScope.INSTITUTION:
            return True
        case RecordScope.TERRITORY:
            return case_in_territory(actor, case)
        case RecordScope.UNIT if actor.unit_id:
            return case.unit_id == actor.unit_id
        case RecordScope.OWN:
            return case.assigned_to_id == actor.user_id
    return False  # aggregate, unknown, or unit without a unit


def scope_cases(actor: Actor, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Cases owned by the actor's institution, narrowed by the role's record scope: 'own' is
    assigned to me, 'unit' is my unit's, 'territory' is placed where I serve."""
    qs = Case.objects.all() if qs is None else qs
    if not actor.can("cases.view"):
        return qs.none()
    qs = qs.filter(institution_id=actor.institution_id)
    match actor.scope:
        case RecordScope.INSTITUTION:
            return qs
        case RecordScope.TERRITORY:
            return qs.filter(case_territory_q(actor))
        case RecordScope.UNIT if actor.unit_id:
            return qs.filter(unit_id=actor.unit_id)
        case RecordScope.OWN:
            return qs.filter(assigned_to_id=actor.user_id)
    return qs.none()  # aggregate, unknown, or unit without a unit


def scope_grants(actor: Actor, qs: QuerySet[AccessGrant] | None = None) -> QuerySet[AccessGrant]:
    """Active grants to the actor's institution, narrowed by the role's scope the same way:
    'own' is the grants I was given, 'unit' my unit's, 'territory' those whose case is placed
    where I serve or that were handed to a unit in a department I serve."""
    qs = AccessGrant.objects.all() if qs is None else qs
    if not actor.can("cases.view"):
        return qs.none()
    now = timezone.now()
    qs = qs.filter(institution_id=actor.institution_id, valid_from__lte=now).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=now)
    )
    match actor.scope:
        case RecordScope.INSTITUTION:
            return qs
        case RecordScope.TERRITORY:
            if not serves_somewhere(actor):
                return qs.none()
            return qs.filter(
                case_territory_q(actor, "case__") | Q(unit__department_id__in=actor.department_ids)
            )
        case RecordScope.UNIT if actor.unit_id:
            return qs.filter(unit_id=actor.unit_id)
        case RecordScope.OWN:
            return qs.filter(assigned_to_id=actor.user_id)
    return qs.none()  # aggregate, unknown, or unit without a unit


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
    """The case is the actor's institution's and inside the role's scope."""
    if actor.can("cases.view", case.institution_id) and case_in_scope(actor, case):
        return True
    return False


def active_grant(actor: Actor, case: Case) -> AccessGrant | None:
    """The actor's active grant on the case (within the role's scope), looked up once per
    request."""
    cache = case.__dict__.setdefault("_grant_cache", {})
    key = (actor.institution_id, actor.user_id, actor.scope, actor.unit_id)
    if key not in cache:
        cache[key] = scope_grants(actor).filter(case_id=case.pk).first()
    return cache[key]


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
    if grant is not None and section in grant.sections and actor.can("cases.view"):
        return True
    return False


# --- Access grants: written by the sharing services (referrals, transfers) -----------------


def can_open_grant(actor: Actor, case: Case, institution: Institution) -> bool:
    """Whoever answers what other institutions send (accepting a referral) opens access to
    another institution's case for their own institution, never for a third one."""
    if (
        institution.pk != case.institution_id
        and actor.can("referrals.respond", institution.pk)
        and reaches_records(actor)
    ):
        return True
    return False


def can_reassign_grant(actor: Actor, grant: AccessGrant) -> bool:
    """The receiving institution's responders hand an active grant to a colleague."""
    if (
        grant.valid_until is None
        and actor.can("referrals.respond", grant.institution_id)
        and reaches_records(actor)
    ):
        return True
    return False


def can_close_grant(actor: Actor, grant: AccessGrant) -> bool:
    """Either party ends the sharing: the case's owner takes it back, or the receiving
    institution gives it up (a referral withdrawn or completed)."""
    if grant.valid_until is not None or not reaches_records(actor):
        return False
    if actor.can("cases.view", grant.case.institution_id):
        return True
    if actor.can("cases.view", grant.institution_id):
        return True
    return False


def scope_tasks(actor: Actor, qs: QuerySet[Task] | None = None) -> QuerySet[Task]:
    """Tasks of the cases in scope_cases, written as joins so that a due-date index can drive
    the query (the same rule as scope_cases, applied through the task's case)."""
    qs = Task.objects.all() if qs is None else qs
    if not actor.can("cases.view"):
        return qs.none()
    qs = qs.filter(case__institution_id=actor.institution_id)
    match actor.scope:
        case RecordScope.INSTITUTION:
            return qs
        case RecordScope.TERRITORY:
            return qs.filter(case_territory_q(actor, "case__"))
        case RecordScope.UNIT if actor.unit_id:
            return qs.filter(case__unit_id=actor.unit_id)
        case RecordScope.OWN:
            return qs.filter(case__assigned_to_id=actor.user_id)
    return qs.none()  # aggregate, unknown, or unit without a unit


def can_list_cases(actor: Actor) -> bool:
    if actor.can("cases.view") and reaches_records(actor):
        return True
    return False


def can_open_case(actor: Actor) -> bool:
    if (
        actor.can("cases.create")
        and actor.can_write(Sensitivity.IDENTITY)
        and reaches_records(actor)
    ):
        return True
    return False


def _works_on(actor: Actor, capability: str, case: Case) -> bool:
    """The role grants ``capability`` on the case's institution and the case is in scope."""
    return actor.can(capability, case.institution_id) and case_in_scope(actor, case)


def can_edit_case(actor: Actor, case: Case) -> bool:
    if _works_on(actor, "cases.edit", case):
        return True
    return False


def can_write_facts(actor: Actor, case: Case) -> bool:
    if can_edit_case(actor, case) and actor.can_write(Sensitivity.FACTS):
        return True
    return False


def can_assign_case(actor: Actor, case: Case) -> bool:
    if _works_on(actor, "cases.assign", case):
        return True
    return False


def can_decide_identification(actor: Actor, case: Case) -> bool:
    if _works_on(actor, "identification.decide", case):
        return True
    return False


def can_request_closure(actor: Actor, case: Case) -> bool:
    if (
        _works_on(actor, "cases.request_closure", case)
        and not case.is_closed
        and not case.closure_pending
    ):
        return True
    return False


def can_see_closure_items(actor: Actor, case: Case) -> bool:
    """What a closure would carry: for those who request or decide closures, on an open case
    of their institution."""
    if not case.is_closed and (
        _works_on(actor, "cases.request_closure", case)
        or _works_on(actor, "cases.approve_closure", case)
    ):
        return True
    return False


def can_decide_closure(actor: Actor, case: Case) -> bool:
    """A supervisor decides; never on a request of their own."""
    if (
        _works_on(actor, "cases.approve_closure", case)
        and case.closure_pending
        and case.closure_requested_by_id != actor.user_id
    ):
        return True
    return False


def can_see_closures_to_decide(actor: Actor) -> bool:
    """The home page's queue of closure requests: for those who approve closures."""
    if actor.can("cases.approve_closure") and reaches_records(actor):
        return True
    return False


def scope_closures_to_decide(actor: Actor, qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Open cases in scope with a closure request the actor may decide (not their own)."""
    if not can_see_closures_to_decide(actor):
        return Case.objects.none()
    return (
        scope_cases(actor, qs)
        .filter(closure_requested_at__isnull=False, status__in=OPEN_STATUSES)
        .exclude(closure_requested_by_id=actor.user_id)
    )


def can_reopen_case(actor: Actor, case: Case) -> bool:
    if case.is_closed and (
        _works_on(actor, "cases.approve_closure", case) or _works_on(actor, "cases.assign", case)
    ):
        return True
    return False


def can_complete_task(actor: Actor, task: Task) -> bool:
    if task.done_at is None and can_edit_case(actor, task.case):
        return True
    return False


def can_read_note(actor: Actor, case: Case, sensitivity: str) -> bool:
    if sensitivity in NOTE_SECTION and NOTE_SECTION[sensitivity] in sections_for(actor, case):
        return True
    return False


def can_write_note(actor: Actor, case: Case, sensitivity: str) -> bool:
    if sensitivity in NOTE_SECTION and can_contribute(actor, case, NOTE_SECTION[sensitivity]):
        return True
    return False


def readable_note_levels(actor: Actor, case: Case) -> list[str]:
    return [s for s in NOTE_SECTION if can_read_note(actor, case, s)]


def writable_note_levels(actor: Actor, case: Case) -> list[str]:
    return [s for s in NOTE_SECTION if can_write_note(actor, case, s)]


def can_record_consent(actor: Actor, case: Case) -> bool:
    """Whoever works on the case and writes identity (consent names who gave it)."""
    if can_edit_case(actor, case) and actor.can_write(Sensitivity.IDENTITY):
        return True
    return False


def can_screen(actor: Actor, case: Case) -> bool:
    if _works_on(actor, "screening.perform", case) and actor.can_write(Sensitivity.FACTS):
        return True
    return False


def can_list_names(actor: Actor) -> bool:
    """Lists of cases show the person's name only to roles that read identity."""
    if actor.can_read(Sensitivity.IDENTITY):
        return True
    return False


def case_actions(actor: Actor, case: Case) -> dict[str, bool]:
    """What the case page offers. A closed case offers no change but reopening: the services
    still answer a clear 409 to a change of a closed case; the page simply does not offer
    one."""
    is_open = not case.is_closed
    return {
        "add_notes": is_open and bool(writable_note_levels(actor, case)),
        "edit": is_open and can_edit_case(actor, case),
        "write_facts": is_open and can_write_facts(actor, case),
        "assign": is_open and can_assign_case(actor, case),
        "identify": is_open and can_decide_identification(actor, case),
        "screen": is_open and can_screen(actor, case),
        "record_consent": is_open and can_record_consent(actor, case),
        "request_closure": can_request_closure(actor, case),
        "decide_closure": can_decide_closure(actor, case),
        "reopen": can_reopen_case(actor, case),
    }
