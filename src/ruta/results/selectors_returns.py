"""Reads of the periodic returns: data sets, the return's form, the expected returns of a data
set (reporting institutions x ended periods, missing ones "not started"), completeness, the
overdue returns of an institution's queue and a data set's completeness grid. Each starts from
a ``scope_*`` policy; none runs a query per row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ruta.core.actor import Actor
from ruta.core.errors import require, uuid_or_404
from ruta.institutions.models import Institution
from ruta.results import periods, policies
from ruta.results.choices import ReturnStatus
from ruta.results.models import DataElement, DataReturn, DataSet, DataValue, ValidationRule
from ruta.results.services.returns import cell_key, cells, check_rules, last_ended_period

GRID_PERIODS = 12
NOT_STARTED = "not_started"
DONE = (ReturnStatus.SUBMITTED, ReturnStatus.APPROVED)


# --- data sets ---------------------------------------------------------------------------------
def data_set_list(*, actor: Actor) -> QuerySet[DataSet]:
    return policies.scope_data_sets(actor).select_related("institution").order_by("name", "pk")


def data_set_get(*, actor: Actor, data_set_id) -> DataSet:
    qs = policies.scope_data_sets(actor).select_related("institution")
    qs = qs.prefetch_related(
        Prefetch("elements", queryset=DataElement.objects.order_by("order", "code")),
        Prefetch("rules", queryset=ValidationRule.objects.select_related("left", "right")),
        Prefetch("reporting_institutions", queryset=Institution.objects.order_by("name")),
    )
    data_set = qs.filter(pk=uuid_or_404(data_set_id)).first()
    if data_set is None:
        raise Http404
    return data_set


def data_set_for_manage(*, actor: Actor, data_set_id) -> DataSet:
    data_set = data_set_get(actor=actor, data_set_id=data_set_id)
    require(policies.can_manage_data_set(actor, data_set))
    return data_set


def element_for_manage(*, actor: Actor, element_id) -> DataElement:
    element = (
        DataElement.objects.select_related("data_set")
        .filter(data_set__in=policies.scope_data_sets(actor), pk=uuid_or_404(element_id))
        .first()
    )
    if element is None:
        raise Http404
    require(policies.can_manage_data_set(actor, element.data_set))
    return element


def rule_for_manage(*, actor: Actor, rule_id) -> ValidationRule:
    rule = (
        ValidationRule.objects.select_related("data_set")
        .filter(data_set__in=policies.scope_data_sets(actor), pk=uuid_or_404(rule_id))
        .first()
    )
    if rule is None:
        raise Http404
    require(policies.can_manage_data_set(actor, rule.data_set))
    return rule


# --- expected returns, completeness, overdue ----------------------------------------------------
def due_on(data_set: DataSet, period: str) -> date:
    """The last day to report a period."""
    return periods.bounds(period)[1] + timedelta(days=data_set.due_days)


@dataclass
class ExpectedReturn:
    data_set: DataSet
    institution: Institution
    period: str
    data_return: DataReturn | None
    due: date
    today: date

    @property
    def status(self) -> str:
        return self.data_return.status if self.data_return else NOT_STARTED

    @property
    def filled(self) -> int:
        return self.data_return.filled_cells if self.data_return else 0

    @property
    def expected(self) -> int:
        if self.data_return and self.data_return.expected_cells:
            return self.data_return.expected_cells
        return sum(len(cells(e)) for e in self.data_set.elements.all())

    @property
    def percent(self) -> int:
        return int(100 * self.filled / self.expected) if self.expected else 0

    @property
    def is_overdue(self) -> bool:
        return self.status not in DONE and self.today > self.due

    @property
    def label(self) -> str:
        return periods.label(self.period, _language())

    @property
    def colour(self) -> str:
        if self.status == ReturnStatus.APPROVED:
            return "green"
        if self.status == ReturnStatus.SUBMITTED:
            return "blue"
        if self.is_overdue:
            return "red"
        return "amber" if self.data_return else "grey"


def _language() -> str:
    from django.utils.translation import get_language

    return (get_language() or "es")[:2]


def ended_periods(data_set: DataSet, today: date, last: int | None = None) -> list[str]:
    """The data set's ended periods from its first one (only the ``last`` ones when given)."""
    end = last_ended_period(data_set.period_type, today)
    if periods.period_type(data_set.first_period) != data_set.period_type:
        return []
    if periods.bounds(end)[0] < periods.bounds(data_set.first_period)[0]:
        return []
    found = periods.periods_between(data_set.first_period, end)
    return found[-last:] if last else found


def expected_returns(
    data_set: DataSet, *, institutions=None, last: int | None = None, today: date | None = None
) -> list[ExpectedReturn]:
    """Reporting institutions x ended periods, joined with the returns that exist (two
    queries for the whole list, the data set's elements being prefetched)."""
    today = today or timezone.localdate()
    found = ended_periods(data_set, today, last)
    if institutions is None:
        institutions = list(data_set.reporting_institutions.all())
    rows = DataReturn.objects.filter(
        data_set=data_set, period__in=found, institution__in=[i.pk for i in institutions]
    )
    by_key = {(r.institution_id, r.period): r for r in rows}
    return [
        ExpectedReturn(data_set, inst, p, by_key.get((inst.pk, p)), due_on(data_set, p), today)
        for inst in institutions
        for p in reversed(found)
    ]


def completeness_grid(*, actor: Actor, data_set: DataSet, today: date | None = None) -> dict:
    """Institutions x the last 12 ended periods: each cell an ``ExpectedReturn``."""
    today = today or timezone.localdate()
    found = ended_periods(data_set, today, GRID_PERIODS)
    institutions = list(data_set.reporting_institutions.all())
    mine = policies.scope_returns(actor).filter(data_set=data_set, period__in=found)
    by_key = {(r.institution_id, r.period): r for r in mine}
    rows = [
        (
            inst,
            [
                ExpectedReturn(
                    data_set, inst, p, by_key.get((inst.pk, p)), due_on(data_set, p), today
                )
                for p in found
            ],
        )
        for inst in institutions
    ]
    return {
        "periods": [(p, periods.label(p, _language())) for p in found],
        "rows": rows,
    }


def _reported_sets(actor: Actor) -> list[DataSet]:
    if not actor.can("returns.submit"):
        return []
    qs = policies.scope_data_sets(actor).filter(
        reporting_institutions=actor.institution_id, is_active=True
    )
    return list(
        qs.select_related("institution")
        .prefetch_related("elements")
        .order_by("name", "pk")
        .distinct()
    )


def our_returns(*, actor: Actor, today: date | None = None, last: int = 24) -> dict:
    """The acting institution's returns, by what they need: to fill (not started or being
    filled), returned for correction, overdue, submitted or approved."""
    today = today or timezone.localdate()
    institution = Institution.objects.get(pk=actor.institution_id)
    groups: dict[str, list[ExpectedReturn]] = {
        "overdue": [],
        "returned": [],
        "to_fill": [],
        "submitted": [],
    }
    for data_set in _reported_sets(actor):
        for row in expected_returns(data_set, institutions=[institution], last=last, today=today):
            if row.status == ReturnStatus.RETURNED:
                groups["returned"].append(row)
            elif row.status in DONE:
                groups["submitted"].append(row)
            elif row.is_overdue:
                groups["overdue"].append(row)
            else:
                groups["to_fill"].append(row)
    return groups


def overdue_returns(*, actor: Actor, today: date | None = None) -> list[ExpectedReturn]:
    """The acting institution's returns past their due day and not submitted (home queue)."""
    today = today or timezone.localdate()
    if not actor.can("returns.submit"):
        return []
    institution = Institution.objects.get(pk=actor.institution_id)
    return [
        row
        for data_set in _reported_sets(actor)
        for row in expected_returns(data_set, institutions=[institution], today=today)
        if row.is_overdue
    ]


# --- one return ---------------------------------------------------------------------------------
def return_get(*, actor: Actor, return_id) -> DataReturn:
    qs = policies.scope_returns(actor).select_related(
        "data_set", "data_set__institution", "institution", "submitted_by", "reviewed_by"
    )
    data_return = qs.filter(pk=uuid_or_404(return_id)).first()
    if data_return is None:
        raise Http404
    return data_return


def return_for_fill(*, actor: Actor, return_id) -> DataReturn:
    data_return = return_get(actor=actor, return_id=return_id)
    require(policies.can_fill_return(actor, data_return))
    return data_return


def return_for_review(*, actor: Actor, return_id) -> DataReturn:
    data_return = return_get(actor=actor, return_id=return_id)
    require(policies.can_review_return(actor, data_return))
    return data_return


CATEGORY_LABELS = {
    "": gettext_lazy("Total"),
    "female": gettext_lazy("Women and girls"),
    "male": gettext_lazy("Men and boys"),
    "child": gettext_lazy("Children (0 to 17)"),
    "adult": gettext_lazy("Adults (18 and over)"),
    "girls": gettext_lazy("Girls"),
    "boys": gettext_lazy("Boys"),
    "women": gettext_lazy("Women"),
    "men": gettext_lazy("Men"),
}


@dataclass
class FormRow:
    element: DataElement
    cells: list[tuple[str, str, Decimal | None]]  # (category, key, value)
    total: Decimal | None


def return_table(data_return: DataReturn) -> dict:
    """The fill form's table: element rows x breakdown columns, with the totals."""
    elements = list(data_return.data_set.elements.order_by("order", "code"))
    values = {
        (v.element_id, v.category): v.value
        for v in DataValue.objects.filter(data_return=data_return)
    }
    rows: list[FormRow] = []
    for element in elements:
        row_cells = [(c, cell_key(element, c), values.get((element.pk, c))) for c in cells(element)]
        filled = [v for _c, _k, v in row_cells if v is not None]
        rows.append(FormRow(element, row_cells, sum(filled, Decimal(0)) if filled else None))
    return {
        "rows": rows,
        "rule_messages": check_rules(data_return) if data_return.filled_cells else [],
        "label": periods.label(data_return.period, _language()),
        "due": due_on(data_return.data_set, data_return.period),
    }


def return_values(data_return: DataReturn) -> dict[str, Decimal]:
    """The stored values by cell key (API)."""
    out: dict[str, Decimal] = {}
    for v in DataValue.objects.filter(data_return=data_return).select_related("element"):
        out[cell_key(v.element, v.category)] = v.value
    return out


def return_list(*, actor: Actor, data_set_id: UUID | None = None) -> QuerySet[DataReturn]:
    qs = policies.scope_returns(actor).select_related("data_set", "institution")
    if data_set_id is not None:
        qs = qs.filter(data_set_id=data_set_id)
    return qs.order_by("-period", "data_set__name", "institution__name", "pk")
