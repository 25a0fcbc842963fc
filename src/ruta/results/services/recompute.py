"""Recomputing computed indicators for a period, on demand: each value is stored as a new
current measurement (the previous one kept as history), with the time it was computed.

A period names a span: recomputing ``2026`` stores, for each computed indicator, the values
of its own periods inside that year (12 months of a monthly indicator, 4 quarters of a
quarterly one, the year of a yearly one); a period shorter than an indicator's own (a month
for a yearly indicator) recomputes the indicator's period that contains it. Each
(computation, period) is computed once per call, however many indicators name it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.results import policies
from ruta.results.choices import Source
from ruta.results.models import Indicator, Measurement, ResultsFramework
from ruta.results.periods import bounds, containing, period_type, periods_between
from ruta.results.registry import REGISTRY


def _own_periods(indicator: Indicator, period: str) -> list[str]:
    first, last = bounds(period)
    start = containing(first, indicator.frequency)
    end = containing(last, indicator.frequency)
    return periods_between(start, end)


def _check_period(period: str) -> str:
    period = (period or "").strip()
    if period_type(period) is None:
        raise ValidationError(
            {"period": [_("Give a year (2026), a quarter (2026Q1) or a month (202601).")]}
        )
    return period


def _store(indicators: list[Indicator], period: str) -> int:
    """Compute and store; returns the number of values stored."""
    cache: dict[tuple[str, str], dict[str, Decimal]] = {}
    rows: list[Measurement] = []
    for indicator in indicators:
        computation = REGISTRY.get(indicator.computation)
        if computation is None:
            continue
        wanted = {""} | {
            f"{d}:" for d in indicator.disaggregations if d in computation.disaggregations
        }
        for own in _own_periods(indicator, period):
            key = (computation.code, own)
            if key not in cache:
                cache[key] = computation.compute(*bounds(own))
            values = {
                cell: value
                for cell, value in cache[key].items()
                if not cell or f"{cell.split(':', 1)[0]}:" in wanted
            }
            # The previous current values of these cells (computed or entered) become history:
            # one current value per cell.
            Measurement.objects.filter(
                indicator=indicator, period=own, is_current=True, source=Source.COMPUTED
            ).update(is_current=False)
            Measurement.objects.filter(
                indicator=indicator, period=own, is_current=True, cell__in=list(values)
            ).update(is_current=False)
            rows.extend(
                Measurement(
                    indicator=indicator,
                    period=own,
                    cell=cell,
                    value=value,
                    source=Source.COMPUTED,
                )
                for cell, value in values.items()
            )
    Measurement.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def framework_recompute(*, actor: Actor, framework: ResultsFramework, period: str) -> int:
    """Recompute every computed indicator of ``framework`` for ``period``; returns how many
    values were stored."""
    require(policies.scope_results_frameworks(actor).filter(pk=framework.pk).exists())
    require(policies.can_manage_results_framework(actor, framework))
    period = _check_period(period)
    indicators = list(
        Indicator.objects.filter(framework=framework).exclude(computation="").order_by("code")
    )
    stored = _store(indicators, period)
    audit.record(
        action="results.framework.recomputed",
        actor=actor,
        target=framework,
        target_institution_id=framework.institution_id,
        data={"period": period, "indicators": len(indicators), "values": stored},
    )
    return stored


@transaction.atomic
def indicator_recompute(*, actor: Actor, indicator: Indicator, period: str) -> int:
    """Recompute one computed indicator for ``period``; returns how many values were stored."""
    framework = indicator.framework
    require(policies.scope_results_frameworks(actor).filter(pk=framework.pk).exists())
    require(policies.can_manage_results_framework(actor, framework))
    period = _check_period(period)
    if not indicator.computation or indicator.computation not in REGISTRY:
        raise ValidationError(
            {"period": [_("This indicator is entered by hand: it has nothing to recompute.")]}
        )
    stored = _store([indicator], period)
    audit.record(
        action="results.indicator.recomputed",
        actor=actor,
        target=indicator,
        target_institution_id=framework.institution_id,
        data={"period": period, "values": stored},
    )
    return stored
