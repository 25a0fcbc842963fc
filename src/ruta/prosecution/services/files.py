"""Opening a criminal file, its numbers and place, and its stages: forward only, closed early
with a reason, or corrected (a step back, a date fixed) with a reason that is audited."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.accounts.models import User
from ruta.cases.choices import FormOfExploitation
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.core.models import Department, Municipality
from ruta.core.references import next_reference
from ruta.institutions.models import Unit
from ruta.prosecution import policies
from ruta.prosecution.choices import (
    STAGE_DATE_FIELD,
    STAGE_ORDER,
    EarlyClosure,
    Stage,
    stage_index,
)
from ruta.prosecution.models import CriminalFile, Offence, Operation, StageChange, StageTimeLimit
from ruta.prosecution.services._common import (
    bump,
    choice,
    day,
    file_for_write,
    present,
    record,
    text,
)

# What the numbers-and-place form changes.
DETAIL_FIELDS = (
    "police_number",
    "prosecutor_number",
    "court_number",
    "court",
    "judge",
    "department",
    "municipality",
    "forms_of_exploitation",
    "offence",
    "summary",
)


def stage_due_on(stage: str, since: date) -> date | None:
    """When a file entering ``stage`` on ``since`` becomes overdue (no limit once final)."""
    limit = StageTimeLimit.objects.filter(stage=stage).first()
    if limit is None or stage == Stage.FINAL:
        return None
    return since + timedelta(days=limit.days)


def _validate_details(values: dict, errors: dict) -> dict:
    out: dict = {}
    for name in ("police_number", "prosecutor_number", "court_number"):
        if name in values:
            out[name] = text(errors, name, values[name], required=False, limit=60)
    for name in ("court", "judge"):
        if name in values:
            out[name] = text(errors, name, values[name], required=False, limit=200)
    if "summary" in values:
        out["summary"] = text(errors, "summary", values["summary"], required=False)
    if "forms_of_exploitation" in values:
        forms = list(dict.fromkeys(values["forms_of_exploitation"] or []))
        bad = [f for f in forms if f not in FormOfExploitation.values]
        if bad:
            errors["forms_of_exploitation"] = [
                _("Unknown code: %(code)s") % {"code": ", ".join(bad)}
            ]
        out["forms_of_exploitation"] = forms
    if "offence" in values:
        offence = values["offence"]
        if offence is None:
            errors["offence"] = [_("This field is required.")]
        elif (
            not isinstance(offence, Offence)
            or not Offence.objects.filter(pk=offence.pk, is_active=True).exists()
        ):
            errors["offence"] = [_("This offence is not in use.")]
        else:
            out["offence"] = offence
    department = values.get("department")
    municipality = values.get("municipality")
    if "department" in values:
        if not isinstance(department, Department):
            errors["department"] = [_("This field is required.")]
        else:
            out["department"] = department
    if "municipality" in values:
        if municipality is not None and municipality.department_id != getattr(
            department, "pk", None
        ):
            errors["municipality"] = [_("This municipality is not in the department.")]
        out["municipality"] = municipality
    return out


@transaction.atomic
def file_create(
    *,
    actor: Actor,
    complaint_on: date,
    offence: Offence | None,
    department: Department | None,
    municipality: Municipality | None = None,
    unit: Unit | None = None,
    assigned_to: User | None = None,
    operation: Operation | None = None,
    **details,
) -> CriminalFile:
    """Open a file at the complaint stage, owned by the actor's institution."""
    require(policies.can_create_file(actor))
    errors: dict = {}
    values = _validate_details(
        {**details, "offence": offence, "department": department, "municipality": municipality},
        errors,
    )
    day(errors, "complaint_on", complaint_on)
    if unit is not None and unit.institution_id != actor.institution_id:
        errors["unit"] = [_("This unit is not in your institution.")]
    if (
        assigned_to is not None
        and not assigned_to.memberships.filter(
            institution_id=actor.institution_id, is_active=True
        ).exists()
    ):
        errors["assigned_to"] = [_("This person does not work in your institution.")]
    if (
        operation is not None
        and not policies.scope_operations(actor).filter(pk=operation.pk).exists()
    ):
        errors["operation"] = [_("Unknown operation.")]
    if errors:
        raise ValidationError(errors)
    offence = values["offence"]
    file = CriminalFile.objects.create(
        reference=next_reference("EP"),
        institution_id=actor.institution_id,
        unit=unit if unit is not None else actor.membership.unit,
        assigned_to=assigned_to if assigned_to is not None else actor.user,
        classification=offence.classification,
        complaint_on=complaint_on,
        stage=Stage.COMPLAINT,
        stage_due_on=stage_due_on(Stage.COMPLAINT, complaint_on),
        operation=operation,
        created_by=actor.user,
        **values,
    )
    StageChange.objects.create(
        file=file, to_stage=Stage.COMPLAINT, on=complaint_on, recorded_by=actor.user
    )
    record(
        "file.created",
        actor,
        file,
        file,
        changed_fields=sorted(k for k, v in values.items() if v not in ("", None, [])),
        data={"offence": offence.code, "classification": offence.classification},
    )
    return file


@transaction.atomic
def file_update(
    *, actor: Actor, file: CriminalFile, version: int | None, **changes
) -> CriminalFile:
    """Numbers, court, judge, place, forms, main offence, summary."""
    file = file_for_write(actor, file, version, versioned=True)
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the file: {sorted(unknown)}")
    if "municipality" in changes and "department" not in changes:
        changes["department"] = file.department
    errors: dict = {}
    values = _validate_details(changes, errors)
    if errors:
        raise ValidationError(errors)
    changed = [k for k, v in values.items() if getattr(file, k) != v]
    if not changed:
        return file
    for name in changed:
        setattr(file, name, values[name])
    if "offence" in changed:
        file.classification = file.offence.classification
        changed.append("classification")
    bump(file, changed)
    record("file.updated", actor, file, file, changed_fields=changed)
    return file


@transaction.atomic
def file_assign(
    *, actor: Actor, file: CriminalFile, version: int | None, user: User | None, unit=None
) -> CriminalFile:
    """Hand the file to a colleague (and their unit)."""
    file = file_for_write(actor, file, version, versioned=True, allowed=policies.can_assign_file)
    membership = (
        None
        if user is None
        else user.memberships.filter(institution_id=file.institution_id, is_active=True).first()
    )
    if membership is None:
        raise ValidationError({"user": [_("This person does not work in your institution.")]})
    file.assigned_to = user
    file.unit_id = unit.pk if unit is not None else membership.unit_id
    bump(file, ["assigned_to", "unit"])
    record("file.assigned", actor, file, file, changed_fields=["assigned_to", "unit"])
    return file


def _check_stage_dates(file: CriminalFile, stage: str, on: date | None, errors: dict) -> None:
    """A stage's date is not before the previous stage's, nor in the future."""
    previous = [
        getattr(file, STAGE_DATE_FIELD[s])
        for s in STAGE_ORDER[: stage_index(stage)]
        if getattr(file, STAGE_DATE_FIELD[s]) is not None
    ]
    day(errors, "on", on, not_before=max(previous) if previous else None)


@transaction.atomic
def stage_advance(
    *, actor: Actor, file: CriminalFile, version: int | None, stage: str, on: date | None
) -> CriminalFile:
    """Move the file forward to ``stage`` (stages may be skipped: an abbreviated path goes
    from indictment to verdict). Backwards is refused: that is a correction."""
    file = file_for_write(actor, file, version, versioned=True)
    errors: dict = {}
    choice(errors, "stage", stage, STAGE_ORDER)
    if not errors and stage_index(stage) <= stage_index(file.stage):
        errors["stage"] = [
            _(
                "A file moves forward only: it is at “%(current)s”. To go back, correct the "
                "stage with a reason."
            )
            % {"current": Stage(file.stage).label}
        ]
    if (
        not errors
        and stage in (Stage.VERDICT, Stage.APPEAL, Stage.FINAL)
        and not file.indictment_on
    ):
        errors["stage"] = [_("There is no verdict before an indictment.")]
    if not errors and stage == Stage.APPEAL and not file.appeals.exists():
        errors["stage"] = [_("Record the appeal first: the file moves to appeal with it.")]
    if not errors and stage == Stage.FINAL and file.appeals.filter(result="").exists():
        errors["stage"] = [_("An appeal is still undecided: the verdict is not final yet.")]
    if not errors:
        _check_stage_dates(file, stage, on, errors)
    if errors:
        raise ValidationError(errors)
    on = present(on)
    previous = file.stage
    file.stage = stage
    setattr(file, STAGE_DATE_FIELD[stage], on)
    file.stage_due_on = stage_due_on(stage, on)
    bump(file, ["stage", STAGE_DATE_FIELD[stage], "stage_due_on"])
    StageChange.objects.create(
        file=file, from_stage=previous, to_stage=stage, on=on, recorded_by=actor.user
    )
    record(
        "file.stage_advanced",
        actor,
        file,
        file,
        changed_fields=["stage", STAGE_DATE_FIELD[stage]],
        data={"from": previous, "to": stage},
    )
    return file


@transaction.atomic
def file_close_early(
    *,
    actor: Actor,
    file: CriminalFile,
    version: int | None,
    reason: str,
    on: date | None,
    note: str = "",
) -> CriminalFile:
    """Close before a final verdict: dismissed, archived, conditional discharge..."""
    file = file_for_write(actor, file, version, versioned=True)
    errors: dict = {}
    choice(errors, "reason", reason, EarlyClosure.values)
    note = text(errors, "note", note, required=reason == EarlyClosure.OTHER)
    day(errors, "on", on, not_before=getattr(file, STAGE_DATE_FIELD[file.stage]))
    if errors:
        raise ValidationError(errors)
    on = present(on)
    file.closed_early = reason
    file.closed_on = on
    file.closed_note = note
    file.stage_due_on = None
    bump(file, ["closed_early", "closed_on", "closed_note", "stage_due_on"])
    StageChange.objects.create(
        file=file,
        from_stage=file.stage,
        to_stage=file.stage,
        on=on,
        closed_early=reason,
        reason=note,
        recorded_by=actor.user,
    )
    record(
        "file.closed_early",
        actor,
        file,
        file,
        changed_fields=["closed_early"],
        data={"reason": reason},
    )
    return file


@transaction.atomic
def stage_correct(
    *,
    actor: Actor,
    file: CriminalFile,
    version: int | None,
    stage: str,
    on: date | None,
    reason: str,
) -> CriminalFile:
    """The correction path: set the file back to an earlier stage (or fix the current
    stage's date), with a reason. Later stages' dates are cleared; an early closure is
    undone. Audited with the reason's presence, never its text."""
    file = file_for_write(actor, file, version, versioned=True, allow_closed=True)
    errors: dict = {}
    choice(errors, "stage", stage, STAGE_ORDER)
    reason = text(errors, "reason", reason, required=True)
    if not errors and stage_index(stage) > stage_index(file.stage):
        errors["stage"] = [_("A correction goes back, or fixes the current stage's date.")]
    if (
        not errors
        and stage_index(stage) < stage_index(Stage.VERDICT)
        and file.defendants.filter(charges__verdicts__isnull=False).exists()
    ):
        errors["stage"] = [
            _("Verdicts are recorded on this file: it cannot go back before the verdict.")
        ]
    if not errors:
        _check_stage_dates(file, stage, on, errors)
    if errors:
        raise ValidationError(errors)
    on = present(on)
    previous = file.stage
    cleared = [STAGE_DATE_FIELD[s] for s in STAGE_ORDER[stage_index(stage) + 1 :]]
    for name in cleared:
        setattr(file, name, None)
    file.stage = stage
    setattr(file, STAGE_DATE_FIELD[stage], on)
    file.stage_due_on = stage_due_on(stage, on)
    reopened = bool(file.closed_early)
    file.closed_early, file.closed_on, file.closed_note = "", None, ""
    bump(
        file,
        [
            "stage",
            STAGE_DATE_FIELD[stage],
            "stage_due_on",
            "closed_early",
            "closed_on",
            "closed_note",
            *cleared,
        ],
    )
    StageChange.objects.create(
        file=file,
        from_stage=previous,
        to_stage=stage,
        on=on,
        is_correction=True,
        reason=reason,
        recorded_by=actor.user,
    )
    record(
        "file.stage_corrected",
        actor,
        file,
        file,
        changed_fields=["stage", *cleared],
        data={"from": previous, "to": stage, "reopened": reopened},
        reason="correction",
    )
    return file
