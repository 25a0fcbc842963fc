"""Data sets of the periodic returns: their details, data elements and validation rules.

A data set is managed by the institution that collects it (``results.manage``). An element's
code is unique in its set; an element is not removed once a return holds a value of it (the
values would lose their meaning). A rule compares the totals of two elements of the set."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.core.validation import bump, present, text
from ruta.institutions.models import Institution
from ruta.results import periods, policies
from ruta.results.choices import PeriodType, RuleOperator, ValueDisaggregation
from ruta.results.models import DataElement, DataSet, DataValue, ValidationRule
from ruta.results.services._common import record

DATA_SET_FIELDS = (
    "code",
    "name",
    "description",
    "period_type",
    "first_period",
    "due_days",
    "reporting_institutions",
    "is_active",
)
ELEMENT_FIELDS = ("code", "name", "disaggregation", "min_value", "max_value", "order")
MAX_DUE_DAYS = 366
MAX_VALUE = Decimal("999999999999.99")


def _code(errors: dict, value: str | None) -> str:
    code = (value or "").strip()
    if not code:
        errors["code"] = [_("This field is required.")]
    elif slugify(code) != code or len(code) > 40:
        errors["code"] = [
            _("Use at most 40 lower-case letters, digits and hyphens, without spaces.")
        ]
    return code


def _validate_set(values: dict, errors: dict, current: DataSet | None) -> dict:
    out: dict = {}
    if "code" in values:
        out["code"] = _code(errors, values["code"])
        if "code" not in errors:
            taken = DataSet.objects.filter(code=out["code"])
            if current is not None:
                taken = taken.exclude(pk=current.pk)
            if taken.exists():
                errors["code"] = [_("Another data set already has this code.")]
    if "name" in values:
        out["name"] = text(errors, "name", values["name"], required=True, limit=200)
    if "description" in values:
        out["description"] = text(errors, "description", values["description"], required=False)
    period_type = values.get("period_type", current.period_type if current else "")
    if "period_type" in values:
        if period_type not in PeriodType.values:
            errors["period_type"] = [_("Unknown code: %(code)s") % {"code": period_type}]
        out["period_type"] = period_type
    if "first_period" in values or "period_type" in values:
        first = values.get("first_period", current.first_period if current else "")
        first = (first or "").strip()
        if not first:
            errors["first_period"] = [_("This field is required.")]
        elif "period_type" not in errors and periods.period_type(first) != period_type:
            errors["first_period"] = [
                _("Not a period of this type: write 202603 (a month), 2026Q1 or 2026.")
            ]
        out["first_period"] = first
    if "due_days" in values:
        due = values["due_days"]
        if due is None or not 0 <= int(due) <= MAX_DUE_DAYS:
            errors["due_days"] = [_("Enter a number between 0 and %(n)s.") % {"n": MAX_DUE_DAYS}]
        else:
            out["due_days"] = int(due)
    if "reporting_institutions" in values:
        chosen = list(dict.fromkeys(values["reporting_institutions"] or []))
        if any(not isinstance(i, Institution) or not i.is_active for i in chosen):
            errors["reporting_institutions"] = [_("Unknown institution.")]
        elif not chosen:
            errors["reporting_institutions"] = [_("Name at least one reporting institution.")]
        out["reporting_institutions"] = chosen
    if "is_active" in values:
        out["is_active"] = bool(values["is_active"])
    return out


def _ids(items) -> list[str]:
    return sorted(str(i.pk) for i in items)


@transaction.atomic
def data_set_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    period_type: str,
    first_period: str,
    reporting_institutions: Iterable[Institution],
    description: str = "",
    due_days: int = 10,
    is_active: bool = True,
) -> DataSet:
    """A data set collected by the acting institution."""
    require(policies.can_create_data_set(actor))
    errors: dict = {}
    values = _validate_set(
        {
            "code": code,
            "name": name,
            "description": description,
            "period_type": period_type,
            "first_period": first_period,
            "due_days": due_days,
            "reporting_institutions": reporting_institutions,
            "is_active": is_active,
        },
        errors,
        None,
    )
    if errors:
        raise ValidationError(errors)
    institutions = values.pop("reporting_institutions")
    data_set = DataSet.objects.create(institution_id=actor.institution_id, **values)
    data_set.reporting_institutions.set(institutions)
    record(
        "dataset.created",
        actor,
        data_set,
        data_set.institution_id,
        data={"reporting_institutions": _ids(institutions), "period_type": period_type},
    )
    return data_set


def _set_for_write(actor: Actor, data_set: DataSet) -> DataSet:
    data_set = DataSet.objects.select_for_update().get(pk=data_set.pk)
    require(policies.can_manage_data_set(actor, data_set))
    return data_set


@transaction.atomic
def data_set_update(*, actor: Actor, data_set: DataSet, version: int | None, **changes) -> DataSet:
    """Change the details sent, naming the version read."""
    data_set = _set_for_write(actor, data_set)
    check_version(data_set, version)
    unknown = set(changes) - set(DATA_SET_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the data set: {sorted(unknown)}")
    errors: dict = {}
    values = _validate_set(changes, errors, data_set)
    if errors:
        raise ValidationError(errors)
    changed: list[str] = []
    for name, value in values.items():
        if name == "reporting_institutions":
            if _ids(data_set.reporting_institutions.all()) != _ids(value):
                changed.append(name)
                data_set.reporting_institutions.set(value)
        elif getattr(data_set, name) != value:
            changed.append(name)
            setattr(data_set, name, value)
    if not changed:
        return data_set
    bump(data_set, [c for c in changed if c != "reporting_institutions"])
    record("dataset.updated", actor, data_set, data_set.institution_id, changed_fields=changed)
    return data_set


# --- elements ----------------------------------------------------------------------------------
def _decimal(errors: dict, field: str, value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        errors[field] = [_("Enter a number.")]
        return None
    if not number.is_finite() or abs(number) > MAX_VALUE:
        errors[field] = [_("Enter a number.")]
        return None
    return number


def _validate_element(
    data_set: DataSet, values: dict, errors: dict, current: DataElement | None
) -> dict:
    out: dict = {}
    if "code" in values:
        out["code"] = _code(errors, values["code"])
        if "code" not in errors:
            taken = DataElement.objects.filter(data_set=data_set, code=out["code"])
            if current is not None:
                taken = taken.exclude(pk=current.pk)
            if taken.exists():
                errors["code"] = [_("Another element of this data set has this code.")]
    if "name" in values:
        out["name"] = text(errors, "name", values["name"], required=True, limit=300)
    if "disaggregation" in values:
        if values["disaggregation"] not in ValueDisaggregation.values:
            errors["disaggregation"] = [
                _("Unknown code: %(code)s") % {"code": values["disaggregation"]}
            ]
        out["disaggregation"] = values["disaggregation"]
    for field in ("min_value", "max_value"):
        if field in values:
            out[field] = _decimal(errors, field, values[field])
    low = out.get("min_value", current.min_value if current else None)
    high = out.get("max_value", current.max_value if current else None)
    bounds_ok = "min_value" not in errors and "max_value" not in errors
    if bounds_ok and low is not None and high is not None and high < low:
        errors["max_value"] = [_("The maximum is below the minimum.")]
    if "order" in values:
        order = values["order"] or 0
        if not 0 <= int(order) <= 32767:
            errors["order"] = [_("Enter a number between 0 and %(n)s.") % {"n": 32767}]
        out["order"] = int(order)
    return out


def _has_values(element: DataElement) -> bool:
    return DataValue.objects.filter(element=element).exists()


@transaction.atomic
def element_add(
    *,
    actor: Actor,
    data_set: DataSet,
    code: str,
    name: str,
    disaggregation: str = ValueDisaggregation.NONE,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    order: int = 0,
) -> DataElement:
    data_set = _set_for_write(actor, data_set)
    errors: dict = {}
    values = _validate_element(
        data_set,
        {
            "code": code,
            "name": name,
            "disaggregation": disaggregation,
            "min_value": min_value,
            "max_value": max_value,
            "order": order,
        },
        errors,
        None,
    )
    if errors:
        raise ValidationError(errors)
    element = DataElement.objects.create(data_set=data_set, **values)
    bump(data_set, [])
    record(
        "dataset.element_added",
        actor,
        data_set,
        data_set.institution_id,
        data={"element": str(element.pk), "disaggregation": element.disaggregation},
    )
    return element


@transaction.atomic
def element_update(*, actor: Actor, element: DataElement, **changes) -> DataElement:
    """Change an element. Its breakdown does not change once returns hold its values."""
    data_set = _set_for_write(actor, element.data_set)
    element = DataElement.objects.select_for_update().get(pk=element.pk)
    unknown = set(changes) - set(ELEMENT_FIELDS)
    if unknown:
        raise ValueError(f"not a detail of the element: {sorted(unknown)}")
    errors: dict = {}
    values = _validate_element(data_set, changes, errors, element)
    if (
        "disaggregation" not in errors
        and values.get("disaggregation", element.disaggregation) != element.disaggregation
        and _has_values(element)
    ):
        errors["disaggregation"] = [
            _("Returns already hold values of this element: its breakdown cannot change.")
        ]
    if errors:
        raise ValidationError(errors)
    changed = [n for n, v in values.items() if getattr(element, n) != v]
    if not changed:
        return element
    for name in changed:
        setattr(element, name, values[name])
    element.save(update_fields=[*changed, "updated_at"])
    bump(data_set, [])
    record(
        "dataset.element_updated",
        actor,
        data_set,
        data_set.institution_id,
        changed_fields=changed,
        data={"element": str(element.pk)},
    )
    return element


@transaction.atomic
def element_remove(*, actor: Actor, element: DataElement) -> None:
    data_set = _set_for_write(actor, element.data_set)
    element = DataElement.objects.select_for_update().get(pk=element.pk)
    if _has_values(element):
        raise DomainError(_("Returns already hold values of this element: it cannot be removed."))
    element_id = str(element.pk)
    ValidationRule.objects.filter(data_set=data_set).filter(left=element).delete()
    ValidationRule.objects.filter(data_set=data_set, right=element).delete()
    element.delete()
    bump(data_set, [])
    record(
        "dataset.element_removed",
        actor,
        data_set,
        data_set.institution_id,
        data={"element": element_id},
    )


# --- rules -------------------------------------------------------------------------------------
@transaction.atomic
def rule_add(
    *,
    actor: Actor,
    data_set: DataSet,
    left: DataElement | None,
    operator: str,
    right: DataElement | None,
) -> ValidationRule:
    """``left``'s total compared to ``right``'s, both elements of the set."""
    data_set = _set_for_write(actor, data_set)
    errors: dict = {}
    for field, element in (("left", left), ("right", right)):
        if element is None or element.data_set_id != data_set.pk:
            errors[field] = [_("Choose an element of this data set.")]
    if operator not in RuleOperator.values:
        errors["operator"] = [_("Unknown code: %(code)s") % {"code": operator}]
    if not errors and left is not None and right is not None and left.pk == right.pk:
        errors["right"] = [_("Compare two different elements.")]
    if errors:
        raise ValidationError(errors)
    rule = ValidationRule.objects.create(
        data_set=data_set, left=present(left), operator=operator, right=present(right)
    )
    bump(data_set, [])
    record(
        "dataset.rule_added",
        actor,
        data_set,
        data_set.institution_id,
        data={"rule": str(rule.pk), "operator": operator},
    )
    return rule


@transaction.atomic
def rule_remove(*, actor: Actor, rule: ValidationRule) -> None:
    data_set = _set_for_write(actor, rule.data_set)
    rule_id = str(rule.pk)
    ValidationRule.objects.filter(pk=rule.pk).delete()
    bump(data_set, [])
    record("dataset.rule_removed", actor, data_set, data_set.institution_id, data={"rule": rule_id})
