"""Periodic returns: one per reporting institution, data set and period.

The reporting institution opens its return for an ended period, saves the whole form at once
(each cell optional, a number >= 0 within the element's minimum and maximum: one bad cell and
nothing is saved), and submits it once every cell is filled and the validation rules hold on
the elements' totals. The collecting institution approves it (locked from then on) or sends it
back with a comment; the reporting institution corrects it and submits it again."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.core.actor import Actor
from ruta.core.errors import DomainError, check_version, require
from ruta.core.validation import bump, text
from ruta.results import periods, policies
from ruta.results.choices import CATEGORIES, ReturnStatus, RuleOperator
from ruta.results.models import DataElement, DataReturn, DataSet, DataValue
from ruta.results.services._common import record

MAX_VALUE = Decimal("999999999999.99")
OPERATORS = {
    RuleOperator.LTE: lambda a, b: a <= b,
    RuleOperator.GTE: lambda a, b: a >= b,
    RuleOperator.EQ: lambda a, b: a == b,
}


def cells(element: DataElement) -> tuple[str, ...]:
    """The category codes of an element's breakdown ("" for the total only)."""
    return CATEGORIES.get(element.disaggregation, ("",))  # type: ignore[call-overload]


def cell_key(element: DataElement, category: str) -> str:
    """How a cell is named in forms and errors: "<element code>/<category>"."""
    return f"{element.code}/{category}" if category else element.code


def last_ended_period(period_type: str, today=None) -> str:
    """The latest period of the type that has ended by ``today``."""
    today = today or timezone.localdate()
    current = periods.containing(today, period_type)
    first_day = periods.bounds(current)[0]
    return periods.containing(date_before(first_day), period_type)


def date_before(day):
    return day.fromordinal(day.toordinal() - 1)


# --- opening -----------------------------------------------------------------------------------
@transaction.atomic
def return_open(*, actor: Actor, data_set: DataSet, period: str) -> DataReturn:
    """The acting institution's return of ``data_set`` for ``period`` (an ended period from
    the data set's first one): the existing one when it was opened already."""
    require(policies.can_open_return(actor, data_set))
    period = (period or "").strip()
    errors: dict = {}
    if periods.period_type(period) != data_set.period_type:
        errors["period"] = [
            _("Not a period of this data set: write 202603 (a month), 2026Q1 or 2026.")
        ]
    elif periods.bounds(period)[0] < periods.bounds(data_set.first_period)[0]:
        errors["period"] = [
            _("This data set starts with the period %(first)s.") % {"first": data_set.first_period}
        ]
    elif periods.bounds(period)[1] >= timezone.localdate():
        errors["period"] = [_("This period has not ended yet: report it once it is over.")]
    if errors:
        raise ValidationError(errors)
    existing = DataReturn.objects.filter(
        data_set=data_set, institution_id=actor.institution_id, period=period
    ).first()
    if existing is not None:
        return existing
    expected = sum(len(cells(e)) for e in data_set.elements.all())
    try:
        with transaction.atomic():
            data_return = DataReturn.objects.create(
                data_set=data_set,
                institution_id=actor.institution_id,
                period=period,
                expected_cells=expected,
            )
    except IntegrityError:  # opened at the same moment by a colleague
        return DataReturn.objects.get(
            data_set=data_set, institution_id=actor.institution_id, period=period
        )
    record(
        "datareturn.opened",
        actor,
        data_return,
        data_return.institution_id,
        data={"data_set": str(data_set.pk), "period": period},
    )
    return data_return


# --- values ------------------------------------------------------------------------------------
def _return_for_write(actor: Actor, data_return: DataReturn) -> DataReturn:
    data_return = (
        DataReturn.objects.select_for_update(of=("self",))
        .select_related("data_set")
        .get(pk=data_return.pk)
    )
    require(policies.can_fill_return(actor, data_return))
    return data_return


def _parse(value) -> Decimal | str | None:
    """A cell's number, None when blank, or "bad"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "bad"
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return "bad"
    if not number.is_finite() or number != number.quantize(Decimal("0.01")):
        return "bad"
    return number


@transaction.atomic
def return_save_values(
    *, actor: Actor, data_return: DataReturn, version: int | None, values: Mapping[str, object]
) -> DataReturn:
    """Save the whole form: ``values`` maps "<element code>/<category>" (the code alone for a
    total-only element) to a number, or blank to clear the cell. Unknown cells are refused."""
    data_return = _return_for_write(actor, data_return)
    check_version(data_return, version)
    elements = list(data_return.data_set.elements.all())
    known = {cell_key(e, c): (e, c) for e in elements for c in cells(e)}
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(values) - set(known))
    if unknown:
        errors["values"] = [_("Unknown cells: %(cells)s") % {"cells": ", ".join(unknown)}]
    parsed: dict[str, Decimal | None] = {}
    for key, (element, _category) in known.items():
        if key not in values:
            continue
        number = _parse(values[key])
        if number == "bad":
            errors[key] = [_("Enter a number with at most two decimals.")]
            continue
        if isinstance(number, Decimal):
            if number < 0:
                errors[key] = [_("Enter a number of 0 or more.")]
                continue
            if number > MAX_VALUE:
                errors[key] = [_("This number is too large.")]
                continue
            if element.min_value is not None and number < element.min_value:
                errors[key] = [
                    _("At least %(min)s for “%(element)s”.")
                    % {"min": element.min_value, "element": element.name}
                ]
                continue
            if element.max_value is not None and number > element.max_value:
                errors[key] = [
                    _("At most %(max)s for “%(element)s”.")
                    % {"max": element.max_value, "element": element.name}
                ]
                continue
        parsed[key] = number  # type: ignore[assignment]
    if errors:
        raise ValidationError(errors)
    stored = {
        (v.element_id, v.category): v for v in DataValue.objects.filter(data_return=data_return)
    }
    changed: list[str] = []
    to_delete: list[int] = []
    to_create: list[DataValue] = []
    to_update: list[DataValue] = []
    for key, number in parsed.items():
        element, category = known[key]
        current = stored.get((element.pk, category))
        if number is None:
            if current is not None:
                to_delete.append(current.pk)
                changed.append(key)
        elif current is None:
            to_create.append(
                DataValue(data_return=data_return, element=element, category=category, value=number)
            )
            changed.append(key)
        elif current.value != number:
            current.value = number
            to_update.append(current)
            changed.append(key)
    if to_delete:
        DataValue.objects.filter(pk__in=to_delete).delete()
    if to_create:
        DataValue.objects.bulk_create(to_create)
    if to_update:
        DataValue.objects.bulk_update(to_update, ["value"])
    valid_keys = {(e.pk, c) for e in elements for c in cells(e)}
    filled = DataValue.objects.filter(data_return=data_return).values_list("element_id", "category")
    data_return.filled_cells = sum(1 for pair in filled if pair in valid_keys)
    data_return.expected_cells = len(known)
    bump(data_return, ["filled_cells", "expected_cells"])
    record(
        "datareturn.values_saved",
        actor,
        data_return,
        data_return.institution_id,
        changed_fields=sorted(changed),
        data={"filled": data_return.filled_cells, "expected": data_return.expected_cells},
    )
    return data_return


def totals(data_return: DataReturn, elements: list[DataElement]) -> dict:
    """Each element's total (the sum of its cells; None when none is filled)."""
    out: dict = {e.pk: None for e in elements}
    for element_id, value in DataValue.objects.filter(data_return=data_return).values_list(
        "element_id", "value"
    ):
        if element_id in out:
            out[element_id] = (out[element_id] or Decimal(0)) + value
    return out


def check_rules(data_return: DataReturn) -> list[str]:
    """The messages of the rules the return breaks (an empty list when it keeps them all)."""
    data_set = data_return.data_set
    elements = list(data_set.elements.all())
    sums = totals(data_return, elements)
    messages: list[str] = []
    for rule in data_set.rules.select_related("left", "right").order_by("left__order", "pk"):
        left = sums.get(rule.left_id) or Decimal(0)
        right = sums.get(rule.right_id) or Decimal(0)
        if not OPERATORS[rule.operator](left, right):  # type: ignore[index]
            messages.append(
                _(
                    "The total of “%(left)s” (%(lv)s) must be %(op)s the total of "
                    "“%(right)s” (%(rv)s)."
                )
                % {
                    "left": rule.left.name,
                    "lv": _fmt(left),
                    "op": _comparison(rule.operator),
                    "right": rule.right.name,
                    "rv": _fmt(right),
                }
            )
    return messages


def _comparison(operator: str) -> str:
    return {
        RuleOperator.LTE: _("at most"),
        RuleOperator.GTE: _("at least"),
        RuleOperator.EQ: _("equal to"),
    }.get(operator, operator)  # type: ignore[call-overload]


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def missing_cells(data_return: DataReturn) -> list[str]:
    elements = list(data_return.data_set.elements.all())
    filled = set(
        DataValue.objects.filter(data_return=data_return).values_list("element_id", "category")
    )
    return [cell_key(e, c) for e in elements for c in cells(e) if (e.pk, c) not in filled]


@transaction.atomic
def return_submit(*, actor: Actor, data_return: DataReturn, version: int | None) -> DataReturn:
    """Send the return to the collecting institution: complete, keeping every rule."""
    data_return = _return_for_write(actor, data_return)
    check_version(data_return, version)
    errors: dict[str, list[str]] = {}
    missing = missing_cells(data_return)
    if missing:
        errors["values"] = [
            _("Fill every cell before submitting. Missing: %(cells)s")
            % {"cells": ", ".join(missing)}
        ]
    broken = check_rules(data_return)
    if broken:
        errors["rules"] = broken
    if errors:
        raise ValidationError(errors)
    data_return.status = ReturnStatus.SUBMITTED
    data_return.submitted_at = timezone.now()
    data_return.submitted_by = actor.user
    bump(data_return, ["status", "submitted_at", "submitted_by"])
    record(
        "datareturn.submitted",
        actor,
        data_return,
        data_return.institution_id,
        changed_fields=["status"],
    )
    return data_return


def _return_for_review(actor: Actor, data_return: DataReturn) -> DataReturn:
    data_return = (
        DataReturn.objects.select_for_update(of=("self",))
        .select_related("data_set")
        .get(pk=data_return.pk)
    )
    require(policies.can_review_return(actor, data_return))
    return data_return


@transaction.atomic
def return_approve(*, actor: Actor, data_return: DataReturn, version: int | None) -> DataReturn:
    """Accept the return: it is locked from then on."""
    data_return = _return_for_review(actor, data_return)
    check_version(data_return, version)
    data_return.status = ReturnStatus.APPROVED
    data_return.reviewed_at = timezone.now()
    data_return.reviewed_by = actor.user
    data_return.review_comment = ""
    bump(data_return, ["status", "reviewed_at", "reviewed_by", "review_comment"])
    record(
        "datareturn.approved",
        actor,
        data_return,
        data_return.institution_id,
        changed_fields=["status"],
    )
    return data_return


@transaction.atomic
def return_send_back(
    *, actor: Actor, data_return: DataReturn, version: int | None, comment: str
) -> DataReturn:
    """Return it for correction, saying what to correct."""
    data_return = _return_for_review(actor, data_return)
    check_version(data_return, version)
    errors: dict = {}
    comment = text(errors, "comment", comment, required=True)
    if errors:
        raise ValidationError(errors)
    data_return.status = ReturnStatus.RETURNED
    data_return.reviewed_at = timezone.now()
    data_return.reviewed_by = actor.user
    data_return.review_comment = comment
    bump(data_return, ["status", "reviewed_at", "reviewed_by", "review_comment"])
    record(
        "datareturn.returned",
        actor,
        data_return,
        data_return.institution_id,
        changed_fields=["status", "review_comment"],
    )
    return data_return


__all__ = [
    "DomainError",
    "cell_key",
    "cells",
    "check_rules",
    "last_ended_period",
    "missing_cells",
    "return_approve",
    "return_open",
    "return_save_values",
    "return_send_back",
    "return_submit",
    "totals",
]
