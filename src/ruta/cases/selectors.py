"""Reads of cases, always from the policy scope. Reading a case's details is audited."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.audit import services as audit
from ruta.cases.choices import CaseStatus
from ruta.cases.models import Case, CaseActivity, IdentificationDecision, Task
from ruta.cases.policies import (
    can_list_names,
    scope_cases,
    scope_cases_shared,
    scope_cases_visible,
    scope_closures_to_decide,
    scope_grants,
    scope_tasks,
    sections_for,
)
from ruta.core.actor import Actor
from ruta.core.errors import uuid_or_404
from ruta.intake.choices import ReportStatus
from ruta.intake.policies import scope_reports

OPEN = [CaseStatus.OPEN, CaseStatus.FOLLOW_UP]


def case_list(
    *,
    actor: Actor,
    status: str = "",
    mine: bool = False,
    child: bool = False,
    q: str = "",
    shared: bool = False,
    only: tuple[str, ...] = (),
) -> QuerySet[Case]:
    """The case list: the institution's own cases, or (``shared``) the cases other
    institutions shared with it through a referral. Names appear only for roles that read
    identity (every referral type shares identity). Both are paginated by the caller; the
    shared list is every case an active grant in the actor's scope reaches, with no cut-off.

    ``only`` names the case's columns a caller needs when it shows no related record (the
    API list): nothing else is read or decoded."""
    qs = _shared_cases_qs(actor) if shared else scope_cases(actor)
    if only:
        qs = qs.only(*only)
    else:
        qs = qs.select_related("assigned_to", "institution")
        if can_list_names(actor):
            qs = qs.select_related("person").defer(
                "person__contact", "person__disability_notes", "person__search_text"
            )
        qs = qs.defer("closure_note", "closure_comment", "reopen_justification")
    if status in CaseStatus.values:
        qs = qs.filter(status=status)
    elif status == "":
        qs = qs.filter(status__in=OPEN)
    if mine:
        qs = qs.filter(assigned_to_id=actor.user_id)
    if child:
        qs = qs.filter(is_child=True)
    if q:
        qs = qs.filter(reference__iexact=q.strip())
    return qs.order_by("-opened_at", "-id")


# Below this many active grants, the shared cases are looked up by their ids first (an index
# probe per case); above it, through the grants subquery alone. Both give the same rows: the
# policy's scope_cases_shared decides either way; this is only a plan for the database.
GRANT_HINT_LIMIT = 5000


def _shared_cases_qs(actor: Actor) -> QuerySet[Case]:
    """Cases shared with the actor, driven from the grants (few rows) rather than the cases
    (many): filtering cases by a grants subquery alone made PostgreSQL walk every case in
    date order. The id list is a hint for the planner, never a cut-off."""
    hint = list(scope_grants(actor).values_list("case_id", flat=True)[: GRANT_HINT_LIMIT + 1])
    if len(hint) > GRANT_HINT_LIMIT:
        return scope_cases_shared(actor)
    return scope_cases_shared(actor, Case.objects.filter(pk__in=hint))


def with_open_task_counts(cases: list[Case]) -> list[Case]:
    """Set ``open_tasks`` on a page of cases with one grouped query (not a join over all)."""
    counts = dict(
        Task.objects.filter(case_id__in=[c.pk for c in cases], done_at__isnull=True)
        .values("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
    )
    for case in cases:
        case.open_tasks = counts.get(case.pk, 0)
    return cases


def case_get(*, actor: Actor, case_id, audit_read: bool = True, full: bool = True) -> Case:
    """The case in the actor's scope (404 otherwise). ``full`` fetches what the case page
    shows (decisions, events, tasks); the pages and endpoints of one section skip it."""
    qs = scope_cases_visible(actor).select_related(
        "person", "assigned_to", "report", "institution", "related_case"
    )
    if full:
        qs = qs.prefetch_related(
            Prefetch(
                "identifications",
                queryset=IdentificationDecision.objects.select_related(
                    "deciding_institution", "decided_by"
                ),
            ),
            "events__department",
            Prefetch("tasks", queryset=Task.objects.select_related("done_by").order_by("due_at")),
        )
    case = get_object_or_404(qs, pk=case_id)
    if audit_read and settings.RUTA_AUDIT_READS:
        audit.record(action="cases.case.viewed", actor=actor, target=case)
    return case


def shared_identity(*, actor: Actor, case: Case) -> dict:
    """For an institution the case was shared with: the person's identity (and contact when
    the grant shares it), since the person's own page stays the owner's. Audited like a read
    of the person page. What is shown is what ``sections_for`` answers."""
    sections = sections_for(actor, case)
    if "identity" not in sections:
        return {}
    person = case.person
    audit.record(
        action="people.person.viewed",
        actor=actor,
        target=person,
        target_institution_id=person.institution_id,
        data={"through_case": str(case.pk)},
    )
    return {
        "shared_person": person,
        "shared_documents": list(person.documents.order_by("type")),
        "shared_age": person.age(),
        "shared_contact": person.contact if "contact" in sections else None,
    }


def case_timeline(*, case: Case, limit: int = 100) -> list[CaseActivity]:
    return list(case.activities.select_related("user")[:limit])


def task_get(*, actor: Actor, task_id) -> Task:
    return get_object_or_404(scope_tasks(actor).select_related("case"), pk=task_id)


def work_queues(*, actor: Actor) -> dict:
    """My cases, my tasks, overdue items, and what nobody has taken yet."""
    now = timezone.now()
    cases = scope_cases(actor)
    # Tasks of closed cases stay on record (an unmade notification is a fact) but leave queues.
    open_tasks = (
        scope_tasks(actor)
        .filter(done_at__isnull=True, case__status__in=OPEN)
        .select_related("case")
    )
    mine = cases.filter(assigned_to_id=actor.user_id, status__in=OPEN).values("id")
    return {
        "my_cases": list(
            cases.filter(assigned_to_id=actor.user_id, status__in=OPEN)
            .select_related("person")
            .order_by("-opened_at")[:20]
        ),
        "my_tasks": list(open_tasks.filter(case_id__in=mine).order_by("due_at")[:20]),
        "overdue": list(open_tasks.filter(due_at__lt=now).order_by("due_at")[:20]),
        # The team's: a task of a case nobody holds yet (a child's same-day notification with
        # no agency to refer to) must not wait for an assignment to be seen.
        "unassigned_tasks": list(
            open_tasks.filter(case__assigned_to__isnull=True).order_by("due_at")[:20]
        ),
        "unassigned_cases": list(
            cases.filter(assigned_to__isnull=True, status__in=OPEN).order_by("-opened_at")[:20]
        ),
        "closures_to_decide": list(
            scope_closures_to_decide(actor).order_by("closure_requested_at")[:20]
        ),
        "shared_cases": _shared_cases(actor),
        "reports_without_case": list(
            scope_reports(actor)
            .filter(status=ReportStatus.ACCEPTED, cases__isnull=True)
            .defer("narrative", "reporter_name", "reporter_contact", "place_description")
            .order_by("-received_at")[:20]
        ),
    }


def _shared_cases(actor: Actor, limit: int = 20) -> list[Case]:
    """Open cases shared with the actor's institution (the newest ``limit``)."""
    return list(_shared_cases_qs(actor).filter(status__in=OPEN).order_by("-opened_at")[:limit])


def assignable_users(*, case: Case):
    """Active members of the case's institution whose role works on cases."""
    from ruta.accounts.models import User
    from ruta.accounts.selectors import members_with_capability

    ids = [
        u.pk
        for u in members_with_capability(
            institution_id=case.institution_id, capability="cases.view"
        )
    ]
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name")


def notes_visible(*, actor: Actor, case: Case):
    from ruta.cases.policies import readable_note_levels

    levels = readable_note_levels(actor, case)
    return case.notes.filter(sensitivity__in=levels).select_related("author", "institution")


def attachments_visible(*, actor: Actor, case: Case):
    from ruta.cases.policies import readable_note_levels

    levels = readable_note_levels(actor, case)
    return case.attachments.filter(sensitivity__in=levels).select_related("uploaded_by")


def attachment_get(*, actor: Actor, attachment_id):
    """An attachment the actor may read (its case visible, its section readable), or 404."""
    from ruta.cases.models import Attachment
    from ruta.cases.policies import can_read_note

    attachment = get_object_or_404(
        Attachment.objects.filter(case__in=scope_cases_visible(actor)).select_related("case"),
        pk=attachment_id,
    )
    if not can_read_note(actor, attachment.case, attachment.sensitivity):
        raise Http404
    return attachment


def consents_of(*, case: Case):
    return case.consents.select_related("recipient", "recorded_by")


def consent_get(*, actor: Actor, consent_id):
    from ruta.cases.models import Consent

    return get_object_or_404(
        Consent.objects.filter(case__in=scope_cases(actor)).select_related("case"), pk=consent_id
    )


def instruments_for(*, case: Case):
    """Instruments in use: the children's first for a child's case, then the others."""
    from ruta.cases.models import ScreeningInstrument

    instruments = list(ScreeningInstrument.objects.filter(is_active=True))
    preferred = "child" if case.is_child else "adult"
    return sorted(instruments, key=lambda i: (i.audience != preferred, i.code))


def instrument_get(*, instrument_id):
    from ruta.cases.models import ScreeningInstrument

    return get_object_or_404(ScreeningInstrument, pk=uuid_or_404(instrument_id), is_active=True)


def screenings_of(*, case: Case):
    return case.screenings.select_related("instrument", "screened_by")


def instruments_active():
    from ruta.cases.models import ScreeningInstrument

    return ScreeningInstrument.objects.filter(is_active=True).order_by("code", "-version")
