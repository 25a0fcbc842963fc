"""Reads of criminal files and police operations, always from the policy scope. Reading a
file's page is a read of personal data: it is audited (``prosecution.file.viewed``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import uuid_or_404
from ruta.prosecution import policies
from ruta.prosecution.choices import STAGE_ORDER, EarlyClosure, OffenceClass, Stage
from ruta.prosecution.models import (
    CriminalFile,
    Defendant,
    Hearing,
    Offence,
    Operation,
    StageChange,
)

# The list's filters: stage code, classification code, "open" / "closed".
FILE_STATES = ("open", "closed")


def file_list(*, actor: Actor, filters: dict[str, Any] | None = None) -> QuerySet[CriminalFile]:
    """The files in the actor's scope, newest complaint first, with what the list shows
    (offence, person in charge, defendants count) read in the same query."""
    filters = filters or {}
    # The count is a correlated subquery, computed for the page's rows only (an aggregate
    # over the join would group every file in scope before the page is cut: 1.3 s at
    # 40,000 files); the order follows the index file_recent (institution, -complaint_on, -id).
    defendants = (
        Defendant.objects.filter(file=OuterRef("pk"))
        .order_by()
        .values("file")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        policies.scope_files(actor)
        .select_related("offence", "assigned_to")
        .annotate(defendants_count=Coalesce(Subquery(defendants), 0))
        .order_by("-complaint_on", "-id")
    )
    stage = filters.get("stage") or ""
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    classification = filters.get("classification") or ""
    if classification in OffenceClass.values:
        qs = qs.filter(classification=classification)
    state = filters.get("state") or ""
    if state == "open":
        qs = qs.filter(closed_early="").exclude(stage=Stage.FINAL)
    elif state == "closed":
        qs = qs.exclude(closed_early="", stage__in=STAGE_ORDER[:-1])
    return qs


def file_for(*, actor: Actor, file_id: UUID | str) -> CriminalFile:
    """One file in the actor's scope (404 otherwise)."""
    return get_object_or_404(
        policies.scope_files(actor).select_related(
            "offence", "assigned_to", "unit", "department", "municipality", "operation"
        ),
        pk=uuid_or_404(file_id),
    )


def file_view(*, actor: Actor, file: CriminalFile) -> None:
    """Record that the actor read the file's page (names may show on it)."""
    audit.record(
        action="prosecution.file.viewed",
        actor=actor,
        target=file,
        target_institution_id=file.institution_id,
    )


def is_overdue(file: CriminalFile) -> bool:
    return bool(file.is_open and file.stage_due_on and file.stage_due_on < timezone.localdate())


def stage_history(*, file: CriminalFile) -> list[StageChange]:
    return list(file.stage_changes.select_related("recorded_by").order_by("created_at"))


def hearings_of(*, file: CriminalFile) -> list[Hearing]:
    return list(file.hearings.select_related("next_hearing").order_by("starts_at"))


def hearing_for(*, actor: Actor, hearing_id: UUID | str) -> Hearing:
    return get_object_or_404(
        policies.scope_hearings(actor).select_related("file"), pk=uuid_or_404(hearing_id)
    )


def later_stages(file: CriminalFile) -> list[tuple[str, str]]:
    index = STAGE_ORDER.index(file.stage)
    return [(s, str(Stage(s).label)) for s in STAGE_ORDER[index + 1 :]]


def earlier_stages(file: CriminalFile) -> list[tuple[str, str]]:
    index = STAGE_ORDER.index(file.stage)
    return [(s, str(Stage(s).label)) for s in STAGE_ORDER[: index + 1]]


def offence_choices(language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Active offences, grouped trafficking / related, labelled in ``language``."""
    groups: dict[str, list[tuple[str, str]]] = {c: [] for c in OffenceClass.values}
    for offence in Offence.objects.filter(is_active=True).order_by("classification", "code"):
        groups[offence.classification].append((str(offence.pk), offence.label(language)))
    return [(str(OffenceClass(c).label), rows) for c, rows in groups.items() if rows]


def file_page(*, actor: Actor, file: CriminalFile) -> dict[str, Any]:
    """What the file's page shows besides its forms: the file, its stages and hearings, and
    its people (defendants, charges, verdicts, appeals, victims: ``selectors_people``)."""
    from ruta.prosecution.selectors_people import people_panel

    can_edit = policies.can_edit_file(actor, file)
    return {
        **people_panel(actor, file),
        "file": file,
        "overdue": is_overdue(file),
        "history": stage_history(file=file),
        "show_reasons": can_edit,
        "hearings": hearings_of(file=file),
        "can_edit": can_edit and file.is_open,
        "can_correct": can_edit,
        "can_assign": policies.can_assign_file(actor, file) and file.is_open,
        "early_closure_label": EarlyClosure(file.closed_early).label if file.closed_early else "",
        "now": timezone.now(),
        "people_panel": "prosecution/_file_people.html",
    }


# --- Police operations -----------------------------------------------------------------------


def operation_list(*, actor: Actor) -> QuerySet[Operation]:
    return (
        policies.scope_operations(actor)
        .select_related("institution", "department", "municipality")
        .order_by("-carried_out_on", "-created_at")
    )


def operation_for(*, actor: Actor, operation_id: UUID | str) -> Operation:
    return get_object_or_404(
        policies.scope_operations(actor).select_related(
            "institution", "department", "municipality"
        ),
        pk=uuid_or_404(operation_id),
    )


def operation_page(*, actor: Actor, operation: Operation) -> dict[str, Any]:
    """The files and suspects that came out of the operation (only those in the actor's
    scope), and the reports it names."""
    files = list(
        policies.scope_files(actor)
        .filter(operation=operation)
        .select_related("offence")
        .prefetch_related(Prefetch("defendants"))
    )
    return {
        "operation": operation,
        "files": files,
        "suspects": [
            (f, d) for f in files for d in f.defendants.all() if d.operation_id == operation.pk
        ],
        "reports": list(operation.reports.only("id", "reference", "received_at")),
        "partners": list(operation.partners.all()),
        "can_edit": policies.can_edit_operation(actor, operation),
    }


def assignees(*, file: CriminalFile):
    """Who may take the file: active members of its institution who work on files."""
    from ruta.accounts.models import User
    from ruta.accounts.selectors import members_with_capability

    users = members_with_capability(
        institution_id=file.institution_id, capability="prosecution.edit"
    )
    return User.objects.filter(pk__in=[u.pk for u in users]).order_by("username")


def linkable_reports(*, actor: Actor):
    """The reports the actor may name on an operation: its institution's, in its scope."""
    from ruta.intake.policies import scope_reports

    return (
        scope_reports(actor)
        .filter(institution_id=actor.institution_id)
        .only("id", "reference", "received_at")
        .order_by("-received_at")
    )


def file_api(*, file: CriminalFile) -> CriminalFile:
    """The file as the API's detail shows it: offence, stages and hearings read at once."""
    return (
        CriminalFile.objects.select_related("offence")
        .prefetch_related(
            Prefetch("stage_changes", queryset=StageChange.objects.order_by("created_at")),
            Prefetch("hearings", queryset=Hearing.objects.order_by("starts_at")),
        )
        .get(pk=file.pk)
    )
