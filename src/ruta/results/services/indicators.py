"""Indicators of a results framework (the performance measurement framework's fields), their
targets per period, the values entered by hand with evidence, and the narratives of the
donor report.

A manual value never overwrites another: recording one marks the previous current value of
the same indicator, period and cell as no longer current (the history is kept). A computed
indicator (``computation`` names an entry of ``results.registry.REGISTRY``) takes no value
by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.core.validation import bump, choice, text
from ruta.institutions.models import Institution
from ruta.results import policies
from ruta.results.choices import Direction, Disaggregation, PeriodType, Source, Unit
from ruta.results.models import (
    Indicator,
    Measurement,
    Narrative,
    ResultNode,
    ResultsFramework,
    Target,
)
from ruta.results.periods import bounds, period_type
from ruta.results.registry import REGISTRY
from ruta.results.services.frameworks import MAX_ORDER, framework_for_write, record

INDICATOR_FIELDS = (
    "result",
    "code",
    "name",
    "definition",
    "unit",
    "direction",
    "disaggregations",
    "baseline_value",
    "baseline_on",
    "data_source",
    "collection_method",
    "frequency",
    "responsible_institution",
    "computation",
    "order",
)
MAX_VALUE = Decimal("999999999999.99")


def _decimal(errors: dict, field: str, value, *, required: bool) -> Decimal | None:
    if value is None or value == "":
        if required:
            errors[field] = [_("This field is required.")]
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = [_("Enter a number.")]
        return None
    if not number.is_finite() or abs(number) > MAX_VALUE:
        errors[field] = [_("Enter a number between -%(n)s and %(n)s.") % {"n": MAX_VALUE}]
        return None
    return number.quantize(Decimal("0.01"))


def _period(
    errors: dict, field: str, period: str, frequency: str | None, framework: ResultsFramework
) -> str:
    period = (period or "").strip()
    type_ = period_type(period)
    if not period:
        errors[field] = [_("This field is required.")]
    elif type_ is None:
        errors[field] = [_("Write the period like 2026 (year), 2026Q1 (quarter) or 202603.")]
    elif frequency is not None and type_ != frequency:
        errors[field] = [
            _("This indicator is measured %(frequency)s: write a period of that kind.")
            % {"frequency": PeriodType(frequency).label.lower()}
        ]
    else:
        first, last = bounds(period)
        if last < framework.starts_on or first > framework.ends_on:
            errors[field] = [_("This period is outside the framework's dates.")]
    return period


# --- indicators ------------------------------------------------------------------------------
def _validate_indicator(
    framework: ResultsFramework, values: dict, errors: dict, current: Indicator | None
) -> dict:
    out: dict = {}
    if "result" in values:
        result = values["result"]
        if not isinstance(result, ResultNode) or result.framework_id != framework.pk:
            errors["result"] = [_("Choose a result of this framework.")]
        out["result"] = result
    if "code" in values:
        code = text(errors, "code", values["code"], required=True, limit=20)
        taken = Indicator.objects.filter(framework=framework, code=code)
        if current is not None:
            taken = taken.exclude(pk=current.pk)
        if code and taken.exists():
            errors["code"] = [_("Another indicator of this framework already has this code.")]
        out["code"] = code
    if "name" in values:
        out["name"] = text(errors, "name", values["name"], required=True, limit=400)
    for name, limit in (
        ("definition", 10_000),
        ("data_source", 300),
        ("collection_method", 300),
    ):
        if name in values:
            out[name] = text(errors, name, values[name], required=False, limit=limit)
    for name, allowed in (
        ("unit", Unit.values),
        ("direction", Direction.values),
        ("frequency", PeriodType.values),
    ):
        if name in values:
            choice(errors, name, values[name], allowed)
            out[name] = values[name]
    if "disaggregations" in values:
        codes = list(dict.fromkeys(values["disaggregations"] or []))
        bad = [c for c in codes if c not in Disaggregation.values]
        if bad:
            errors["disaggregations"] = [
                _("Unknown code: %(code)s") % {"code": ", ".join(map(str, bad))}
            ]
        out["disaggregations"] = codes
    if "baseline_value" in values:
        out["baseline_value"] = _decimal(
            errors, "baseline_value", values["baseline_value"], required=False
        )
    if "baseline_on" in values:
        out["baseline_on"] = values["baseline_on"]
    if "responsible_institution" in values:
        inst = values["responsible_institution"]
        if inst is not None and (not isinstance(inst, Institution) or not inst.is_active):
            errors["responsible_institution"] = [_("Unknown institution.")]
        out["responsible_institution"] = inst
    if "computation" in values:
        code = (values["computation"] or "").strip()
        if code and code not in REGISTRY:
            errors["computation"] = [_("Unknown computation: %(code)s") % {"code": code}]
        out["computation"] = code
    if "order" in values:
        order = values["order"] if values["order"] is not None else 0
        if not isinstance(order, int) or not 0 <= order <= MAX_ORDER:
            errors["order"] = [_("Enter a number between 0 and %(n)s.") % {"n": MAX_ORDER}]
        out["order"] = order
    if (
        current is not None
        and "frequency" in out
        and out["frequency"] != current.frequency
        and (current.targets.exists() or current.measurements.exists())
    ):
        errors["frequency"] = [
            _("This indicator has targets or values: its frequency cannot change.")
        ]
    return out


@transaction.atomic
def indicator_create(
    *,
    actor: Actor,
    framework: ResultsFramework,
    result: ResultNode | None,
    code: str,
    name: str,
    unit: str,
    direction: str,
    frequency: str,
    definition: str = "",
    disaggregations: list[str] | tuple[str, ...] = (),
    baseline_value: Decimal | None = None,
    baseline_on: date | None = None,
    data_source: str = "",
    collection_method: str = "",
    responsible_institution: Institution | None = None,
    computation: str = "",
    order: int | None = 0,
) -> Indicator:
    framework = framework_for_write(actor, framework)
    errors: dict = {}
    values = _validate_indicator(
        framework,
        {
            "result": result,
            "code": code,
            "name": name,
            "definition": definition,
            "unit": unit,
            "direction": direction,
            "disaggregations": disaggregations,
            "baseline_value": baseline_value,
            "baseline_on": baseline_on,
            "data_source": data_source,
            "collection_method": collection_method,
            "frequency": frequency,
            "responsible_institution": responsible_institution,
            "computation": computation,
            "order": order,
        },
        errors,
        None,
    )
    if errors:
        raise ValidationError(errors)
    indicator = Indicator.objects.create(framework=framework, **values)
    record(
        "indicator.created",
        actor,
        indicator,
        framework,
        data={
            "result": str(indicator.result_id),
            "frequency": indicator.frequency,
            "computation": indicator.computation,
        },
    )
    return indicator


@transaction.atomic
def indicator_update(
    *, actor: Actor, indicator: Indicator, version: int | None, **changes
) -> Indicator:
    framework = framework_for_write(actor, indicator.framework)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    check_version(indicator, version)
    unknown = set(changes) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the indicator: {sorted(unknown)}")
    errors: dict = {}
    values = _validate_indicator(framework, changes, errors, indicator)
    if errors:
        raise ValidationError(errors)
    changed = []
    for name, value in values.items():
        current = getattr(indicator, name)
        if name in ("result", "responsible_institution"):
            current_id = getattr(indicator, f"{name}_id")
            if current_id != (value.pk if value is not None else None):
                changed.append(name)
        elif current != value:
            changed.append(name)
    if not changed:
        return indicator
    for name in changed:
        setattr(indicator, name, values[name])
    bump(indicator, changed)
    record("indicator.updated", actor, indicator, framework, changed_fields=changed)
    return indicator


# --- targets ---------------------------------------------------------------------------------
@transaction.atomic
def target_set(*, actor: Actor, indicator: Indicator, period: str, value) -> Target:
    """The indicator's target for a period of its frequency (replaces the one it had)."""
    framework = framework_for_write(actor, indicator.framework)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    errors: dict = {}
    period = _period(errors, "period", period, indicator.frequency, framework)
    number = _decimal(errors, "value", value, required=True)
    if errors or number is None:
        raise ValidationError(errors)
    target, created = Target.objects.update_or_create(
        indicator=indicator, period=period, defaults={"value": number}
    )
    record(
        "target.set",
        actor,
        indicator,
        framework,
        data={"period": period, "replaced": not created},
    )
    return target


@transaction.atomic
def target_remove(*, actor: Actor, target: Target) -> None:
    framework = framework_for_write(actor, target.indicator.framework)
    target = Target.objects.select_for_update().get(pk=target.pk)
    indicator, period = target.indicator, target.period
    target.delete()
    record("target.removed", actor, indicator, framework, data={"period": period})


# --- manual measurements ---------------------------------------------------------------------
def _cell(errors: dict, cell: str, indicator: Indicator) -> str:
    cell = (cell or "").strip()
    if not cell:
        return ""
    dimension, _sep, option = cell.partition(":")
    option = option.strip()
    if (
        dimension not in (indicator.disaggregations or [])
        or not option
        or len(cell) > 60
        or not all(c.isalnum() or c in "-_." for c in option)
    ):
        errors["cell"] = [
            _(
                "Leave it empty for the total, or write a cell of this indicator's "
                "breakdowns, like sex:female."
            )
        ]
    return cell


@transaction.atomic
def measurement_record(
    *,
    actor: Actor,
    indicator: Indicator,
    period: str,
    value,
    evidence: str,
    cell: str = "",
    evidence_url: str = "",
) -> Measurement:
    """A value entered by hand, with its evidence; the previous current value of the same
    period and cell stays in the history."""
    framework = indicator.framework
    require(policies.scope_results_frameworks(actor).filter(pk=framework.pk).exists())
    indicator = (
        Indicator.objects.select_for_update().select_related("framework").get(pk=indicator.pk)
    )
    if indicator.computation and policies.can_manage_results_framework(actor, framework):
        raise DomainError(
            _("This indicator is computed from Ruta's records: its values are not entered by hand.")
        )
    require(policies.can_record_measurement(actor, indicator))
    errors: dict = {}
    period = _period(errors, "period", period, indicator.frequency, indicator.framework)
    if "period" not in errors and bounds(period)[0] > timezone.localdate():
        errors["period"] = [_("This period has not started yet.")]
    number = _decimal(errors, "value", value, required=True)
    cell = _cell(errors, cell, indicator)
    evidence = text(errors, "evidence", evidence, required=True)
    evidence_url = (evidence_url or "").strip()
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            errors["evidence_url"] = [_("Enter a web address (http:// or https://).")]
        if len(evidence_url) > 500:
            errors["evidence_url"] = [_("At most %(n)s characters.") % {"n": 500}]
    if errors or number is None:
        raise ValidationError(errors)
    replaced = Measurement.objects.filter(
        indicator=indicator, period=period, cell=cell, is_current=True
    ).update(is_current=False)
    measurement = Measurement.objects.create(
        indicator=indicator,
        period=period,
        cell=cell,
        value=number,
        source=Source.MANUAL,
        evidence=evidence,
        evidence_url=evidence_url,
        entered_by=actor.user,
    )
    record(
        "measurement.recorded",
        actor,
        indicator,
        indicator.framework,
        data={"period": period, "cell": cell, "replaced": bool(replaced)},
    )
    return measurement


# --- narratives ------------------------------------------------------------------------------
@transaction.atomic
def narrative_save(
    *,
    actor: Actor,
    framework: ResultsFramework,
    period: str,
    progress: str = "",
    risks: str = "",
    result: ResultNode | None = None,
    version: int | None = None,
) -> Narrative:
    """The narrative of the framework (or of one of its results) for a period: created, or
    changed naming the version read."""
    framework = framework_for_write(actor, framework)
    errors: dict = {}
    period = _period(errors, "period", period, None, framework)
    if result is not None and result.framework_id != framework.pk:
        errors["result"] = [_("Choose a result of this framework.")]
    progress = text(errors, "progress", progress, required=False)
    risks = text(errors, "risks", risks, required=False)
    if errors:
        raise ValidationError(errors)
    narrative = (
        Narrative.objects.select_for_update()
        .filter(framework=framework, result=result, period=period)
        .first()
    )
    if narrative is None:
        narrative = Narrative.objects.create(
            framework=framework, result=result, period=period, progress=progress, risks=risks
        )
        record("narrative.created", actor, narrative, framework, data={"period": period})
        return narrative
    check_version(narrative, version)
    changed = [
        name
        for name, value in (("progress", progress), ("risks", risks))
        if getattr(narrative, name) != value
    ]
    if changed:
        narrative.progress, narrative.risks = progress, risks
        bump(narrative, changed)
        record("narrative.updated", actor, narrative, framework, changed_fields=changed)
    return narrative
