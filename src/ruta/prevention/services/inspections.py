"""Labour inspections: the establishment, the workers met (by sex, by age band), the
forced-labour screening of the workplace, the findings and the measures ordered; and, when
the screening found an indicator, the report raised into the protection intake.

The report carries codes and counts only (the establishment, its sector, the indicators
found, how many workers and children): never a worker's name."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ruta.accounts.models import User
from ruta.accounts.selectors import members_with_capability
from ruta.cases.choices import Answer
from ruta.cases.models import ScreeningInstrument
from ruta.cases.screening import evaluate
from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.core.models import Department, Municipality
from ruta.core.references import next_reference
from ruta.intake import services as intake
from ruta.intake.choices import ReportChannel
from ruta.intake.models import Report
from ruta.prevention import policies
from ruta.prevention.choices import IsicSection, MeasureKind
from ruta.prevention.models import Inspection, InspectionMeasure
from ruta.prevention.services._common import bump, choice, day, record, text

# The forced-labour instrument shipped with cases (cases/data/ilo_forced_labour_11.json).
FORCED_LABOUR = "ilo-forced-labour-11"
SEX_FIELDS = ("workers_female", "workers_male")
AGE_FIELDS = ("workers_0_17", "workers_18_29", "workers_30_59", "workers_60_plus")
WORKER_FIELDS = (*SEX_FIELDS, *AGE_FIELDS)
MAX_WORKERS = 1_000_000
MAX_AMOUNT = Decimal("9999999999.99")
# What the details form changes.
INSPECTION_FIELDS = (
    "establishment",
    "sector",
    "department",
    "municipality",
    "place",
    "inspected_on",
    "inspectors",
    *WORKER_FIELDS,
    "answers",
    "findings",
)


class ReportAlreadyRaised(DomainError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_("A report was already raised from this inspection."))


class NoIndicatorFound(DomainError):
    def __init__(self) -> None:
        super().__init__(
            _("The screening found no forced-labour indicator: there is no report to raise.")
        )


def forced_labour_instrument() -> ScreeningInstrument | None:
    """The latest active version of the forced-labour instrument."""
    return (
        ScreeningInstrument.objects.filter(code=FORCED_LABOUR, is_active=True)
        .order_by("-version")
        .first()
    )


def inspectors_for(institution_id) -> list[User]:
    """The users of the inspectorate who may be named inspectors."""
    return members_with_capability(institution_id=institution_id, capability="inspections.record")


def _validate_answers(
    errors: dict, instrument: ScreeningInstrument | None, answers: dict | None
) -> dict:
    answers = dict(answers or {})
    if not answers:
        return {}
    if instrument is None:
        errors["answers"] = [_("The forced-labour screening is not available.")]
        return {}
    codes = {q["code"] for q in instrument.questions}
    unknown = sorted(str(k) for k in answers if k not in codes)
    bad = sorted(str(k) for k, v in answers.items() if k in codes and v not in Answer.values)
    if unknown:
        errors["answers"] = [_("Unknown question: %(code)s") % {"code": ", ".join(unknown)}]
    elif bad:
        errors["answers"] = [_("Unknown answer to: %(code)s") % {"code": ", ".join(bad)}]
    return {k: v for k, v in answers.items() if v and v != Answer.NOT_ASKED}


def _validate(actor: Actor, values: dict, errors: dict, current: Inspection | None) -> dict:
    out: dict = {}
    if "establishment" in values:
        out["establishment"] = text(
            errors, "establishment", values["establishment"], required=True, limit=200
        )
    if "sector" in values:
        choice(errors, "sector", values["sector"] or "", IsicSection.values)
        out["sector"] = values["sector"] or ""
    if "place" in values:
        out["place"] = text(errors, "place", values["place"], required=False, limit=200)
    if "findings" in values:
        out["findings"] = text(errors, "findings", values["findings"], required=False)
    if "inspected_on" in values:
        day(errors, "inspected_on", values["inspected_on"])
        out["inspected_on"] = values["inspected_on"]
    if "department" in values or "municipality" in values:
        department = values.get("department", current.department if current else None)
        municipality = values.get("municipality", current.municipality if current else None)
        if not isinstance(department, Department):
            errors["department"] = [_("This field is required.")]
        elif isinstance(municipality, Municipality) and municipality.department_id != department.pk:
            errors["municipality"] = [_("This municipality is not in the department.")]
        out["department"], out["municipality"] = department, municipality
    if "inspectors" in values:
        chosen = list(dict.fromkeys(values["inspectors"] or []))
        allowed = {u.pk for u in inspectors_for(actor.institution_id)}
        if not chosen:
            errors["inspectors"] = [_("Name at least one inspector.")]
        elif any(getattr(u, "pk", None) not in allowed for u in chosen):
            errors["inspectors"] = [_("Only inspectors of your institution can be named.")]
        out["inspectors"] = chosen
    counts = {}
    for name in WORKER_FIELDS:
        value = values.get(name, getattr(current, name) if current else 0)
        if value is None:
            value = 0
        if not 0 <= value <= MAX_WORKERS:
            errors[name] = [_("Enter a number between 0 and %(n)s.") % {"n": MAX_WORKERS}]
        counts[name] = value
        if name in values:
            out[name] = value
    # The children found count on their own; the age breakdown is given when an adult band
    # is filled, and then all four bands add up to the women and men interviewed.
    sexes = sum(counts[f] for f in SEX_FIELDS)
    ages = sum(counts[f] for f in AGE_FIELDS)
    breakdown = any(counts[f] for f in AGE_FIELDS[1:])
    if any(f in values for f in WORKER_FIELDS):
        if breakdown and ages != sexes:
            errors["workers_18_29"] = [
                _(
                    "The age bands add up to %(sum)s: that is not the %(total)s women and men "
                    "interviewed. Correct the age bands or leave the adults' at zero."
                )
                % {"sum": ages, "total": sexes}
            ]
        elif counts["workers_0_17"] > sexes:
            errors["workers_0_17"] = [
                _("More children found than the %(total)s women and men interviewed.")
                % {"total": sexes}
            ]
    return out


def _screen(inspection: Inspection, instrument: ScreeningInstrument | None, answers: dict) -> None:
    """Store the answers and what the instrument makes of them."""
    inspection.instrument = instrument
    inspection.answers = answers
    if instrument is None or not answers:
        inspection.indicators_present, inspection.suggestion = 0, ""
        return
    _flags, suggestion = evaluate(instrument, answers)
    inspection.indicators_present = sum(1 for v in answers.values() if v == Answer.YES)
    inspection.suggestion = str(suggestion)


@transaction.atomic
def inspection_create(
    *,
    actor: Actor,
    establishment: str,
    sector: str,
    department: Department | None,
    inspected_on: date | None,
    municipality: Municipality | None = None,
    place: str = "",
    inspectors: Iterable[User] | None = None,
    answers: dict | None = None,
    findings: str = "",
    **workers: int,
) -> Inspection:
    """Record an inspection of the actor's inspectorate (the recorder is its inspector unless
    others are named), screened with the forced-labour instrument."""
    require(policies.can_record_inspection(actor))
    unknown = set(workers) - set(WORKER_FIELDS)
    if unknown:
        raise ValueError(f"not a count of workers: {sorted(unknown)}")
    errors: dict = {}
    chosen = list(inspectors or []) or [actor.user]
    values = _validate(
        actor,
        {
            "establishment": establishment,
            "sector": sector,
            "department": department,
            "municipality": municipality,
            "place": place,
            "inspected_on": inspected_on,
            "inspectors": chosen,
            "findings": findings,
            **{name: workers.get(name, 0) for name in WORKER_FIELDS},
        },
        errors,
        None,
    )
    instrument = forced_labour_instrument()
    answers = _validate_answers(errors, instrument, answers)
    if errors:
        raise ValidationError(errors)
    chosen = values.pop("inspectors")
    inspection = Inspection(
        reference=next_reference("INS"),
        institution_id=actor.institution_id,
        unit_id=actor.unit_id,
        recorded_by=actor.user,
        **values,
    )
    _screen(inspection, instrument, answers)
    inspection.save(force_insert=True)
    inspection.inspectors.set(chosen)
    record(
        "inspection.created",
        actor,
        inspection,
        inspection.institution_id,
        data={
            "sector": inspection.sector,
            "department": inspection.department_id,
            "inspectors": len(chosen),
            "children": inspection.workers_0_17,
            "indicators": inspection.indicators_present,
            "suggestion": inspection.suggestion,
        },
    )
    return inspection


def _inspection_for_write(actor: Actor, inspection: Inspection) -> Inspection:
    inspection = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("department", "municipality", "instrument")
        .get(pk=inspection.pk)
    )
    require(policies.can_edit_inspection(actor, inspection))
    return inspection


@transaction.atomic
def inspection_update(
    *, actor: Actor, inspection: Inspection, version: int | None, **changes
) -> Inspection:
    """Change the details sent, naming the version read. New answers are evaluated again with
    the instrument the inspection was screened with (the latest one if it had none)."""
    inspection = _inspection_for_write(actor, inspection)
    check_version(inspection, version)
    unknown = set(changes) - set(INSPECTION_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the inspection: {sorted(unknown)}")
    errors: dict = {}
    values = _validate(
        actor, {k: v for k, v in changes.items() if k != "answers"}, errors, inspection
    )
    instrument = inspection.instrument or forced_labour_instrument()
    answers = None
    if "answers" in changes:
        answers = _validate_answers(errors, instrument, changes["answers"])
    if errors:
        raise ValidationError(errors)
    changed: list[str] = []
    inspectors = values.pop("inspectors", None)
    if inspectors is not None and sorted(str(u.pk) for u in inspectors) != sorted(
        str(pk) for pk in inspection.inspectors.values_list("pk", flat=True)
    ):
        inspection.inspectors.set(inspectors)
        changed.append("inspectors")
    for name, value in values.items():
        if getattr(inspection, name) != value:
            setattr(inspection, name, value)
            changed.append(name)
    saved = [c for c in changed if c != "inspectors"]
    if answers is not None and answers != inspection.answers:
        _screen(inspection, instrument, answers)
        changed.append("answers")
        saved += ["instrument", "answers", "indicators_present", "suggestion"]
    if not changed:
        return inspection
    bump(inspection, saved)
    record(
        "inspection.updated",
        actor,
        inspection,
        inspection.institution_id,
        changed_fields=changed,
        data={"indicators": inspection.indicators_present, "suggestion": inspection.suggestion},
    )
    return inspection


@transaction.atomic
def measure_add(
    *,
    actor: Actor,
    inspection: Inspection,
    kind: str,
    description: str = "",
    amount: Decimal | None = None,
) -> InspectionMeasure:
    """A measure the inspection ordered; a fine has its amount in lempiras (HNL)."""
    inspection = _inspection_for_write(actor, inspection)
    errors: dict = {}
    choice(errors, "kind", kind, MeasureKind.values)
    description = text(errors, "description", description, required=False, limit=500)
    if kind == MeasureKind.FINE:
        if amount is None:
            errors["amount"] = [_("A fine needs its amount.")]
        elif not Decimal(0) < amount <= MAX_AMOUNT:
            errors["amount"] = [_("Enter an amount greater than zero.")]
    elif amount is not None:
        errors["amount"] = [_("Only a fine has an amount.")]
    if kind == MeasureKind.OTHER and not description:
        errors["description"] = [_("Say what the measure is.")]
    if errors:
        raise ValidationError(errors)
    measure = InspectionMeasure.objects.create(
        inspection=inspection, kind=kind, description=description, amount=amount
    )
    record(
        "inspection.measure_added",
        actor,
        inspection,
        inspection.institution_id,
        data={
            "measure": str(measure.pk),
            "kind": kind,
            "amount": str(amount) if amount is not None else None,
        },
    )
    return measure


@transaction.atomic
def measure_remove(*, actor: Actor, measure: InspectionMeasure) -> None:
    inspection = _inspection_for_write(actor, measure.inspection)
    measure = InspectionMeasure.objects.select_for_update().get(pk=measure.pk)
    kind, measure_id = measure.kind, str(measure.pk)
    measure.delete()
    record(
        "inspection.measure_removed",
        actor,
        inspection,
        inspection.institution_id,
        data={"measure": measure_id, "kind": kind},
    )


def report_narrative(inspection: Inspection) -> str:
    """What the report says: codes and counts, never a worker's name. Written in the
    platform's language (the intake reads it there)."""
    instrument = inspection.instrument
    with translation.override(settings.LANGUAGE_CODE):
        language = (translation.get_language() or "es")[:2]
        found = []
        if instrument is not None:
            for question in instrument.questions:
                if inspection.answers.get(question["code"]) == Answer.YES:
                    label = question["text"].get(language) or question["text"].get("es", "")
                    found.append(f"- {question['code']}: {label}")
        lines = [
            _("Raised by labour inspection %(reference)s of %(day)s.")
            % {
                "reference": inspection.reference,
                "day": inspection.inspected_on.strftime("%d/%m/%Y"),
            },
            _("Establishment: %(name)s. Sector (ISIC %(code)s): %(sector)s.")
            % {
                "name": inspection.establishment,
                "code": inspection.sector,
                "sector": IsicSection(inspection.sector).label,
            },
            _("Workers interviewed: %(female)s women, %(male)s men; children found: %(children)s.")
            % {
                "female": inspection.workers_female,
                "male": inspection.workers_male,
                "children": inspection.workers_0_17,
            },
            _("Forced-labour indicators found: %(n)s.") % {"n": inspection.indicators_present},
            *found,
        ]
    return "\n".join(str(line) for line in lines)


@transaction.atomic
def inspection_raise_report(*, actor: Actor, inspection: Inspection, base_url: str = "") -> Report:
    """Raise a report into the protection intake from an inspection whose screening found
    an indicator, once; the inspection keeps the link."""
    inspection = _inspection_for_write(actor, inspection)
    if inspection.report_id is not None:
        raise ReportAlreadyRaised
    if inspection.indicators_present <= 0:
        raise NoIndicatorFound
    require(policies.can_raise_report(actor, inspection))
    report = intake.report_create(
        actor=actor,
        channel=ReportChannel.LABOUR_INSPECTION,
        narrative=report_narrative(inspection),
        received_at=timezone.now(),
        department=inspection.department,
        municipality=inspection.municipality,
        place_description=inspection.place,
        child_involved=inspection.workers_0_17 > 0,
        base_url=base_url,
    )
    inspection.report = report
    bump(inspection, ["report"])
    record(
        "inspection.report_raised",
        actor,
        inspection,
        inspection.institution_id,
        data={
            "report": str(report.pk),
            "indicators": inspection.indicators_present,
            "children": inspection.workers_0_17,
        },
    )
    return report
