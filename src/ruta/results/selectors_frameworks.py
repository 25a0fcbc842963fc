"""Reads of the results frameworks: the list, a framework as its tree of results with their
indicators, an indicator's page, and the dashboard of a year. Each read starts from
``policies.scope_results_frameworks`` and costs a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ruta.core.actor import Actor
from ruta.core.errors import require, uuid_or_404
from ruta.results import lights, policies
from ruta.results.choices import LEVELS, FrameworkKind, Light, PeriodType
from ruta.results.models import (
    Indicator,
    Measurement,
    Narrative,
    ResultNode,
    ResultsFramework,
    Target,
)
from ruta.results.periods import bounds, containing, periods_between


def framework_list(*, actor: Actor) -> QuerySet[ResultsFramework]:
    return (
        policies.scope_results_frameworks(actor)
        .select_related("institution", "committee")
        .order_by("title", "pk")
    )


def framework_get(*, actor: Actor, framework_id: Any) -> ResultsFramework:
    framework = (
        policies.scope_results_frameworks(actor)
        .select_related("institution", "committee")
        .filter(pk=uuid_or_404(framework_id))
        .first()
    )
    if framework is None:
        raise Http404
    return framework


def framework_for_edit(*, actor: Actor, framework_id: Any) -> ResultsFramework:
    framework = framework_get(actor=actor, framework_id=framework_id)
    require(policies.can_manage_results_framework(actor, framework))
    return framework


def node_get(*, actor: Actor, node_id: Any) -> ResultNode:
    node = (
        ResultNode.objects.select_related("framework", "parent")
        .filter(
            pk=uuid_or_404(node_id),
            framework__in=policies.scope_results_frameworks(actor),
        )
        .first()
    )
    if node is None:
        raise Http404
    return node


def node_for_edit(*, actor: Actor, node_id: Any) -> ResultNode:
    node = node_get(actor=actor, node_id=node_id)
    require(policies.can_manage_results_framework(actor, node.framework))
    return node


def indicator_get(*, actor: Actor, indicator_id: Any) -> Indicator:
    indicator = (
        Indicator.objects.select_related("framework", "result", "responsible_institution")
        .filter(
            pk=uuid_or_404(indicator_id),
            framework__in=policies.scope_results_frameworks(actor),
        )
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def indicator_for_edit(*, actor: Actor, indicator_id: Any) -> Indicator:
    indicator = indicator_get(actor=actor, indicator_id=indicator_id)
    require(policies.can_manage_results_framework(actor, indicator.framework))
    return indicator


def indicator_for_measurement(*, actor: Actor, indicator_id: Any) -> Indicator:
    """The indicator, for whoever may record its values by hand (or its owner, who is told
    a computed indicator takes none)."""
    indicator = indicator_get(actor=actor, indicator_id=indicator_id)
    require(
        policies.can_record_measurement(actor, indicator)
        or policies.can_manage_results_framework(actor, indicator.framework)
    )
    return indicator


def target_for_edit(*, actor: Actor, target_id: Any) -> Target:
    target = (
        Target.objects.select_related("indicator__framework")
        .filter(
            pk=uuid_or_404(target_id),
            indicator__framework__in=policies.scope_results_frameworks(actor),
        )
        .first()
    )
    if target is None:
        raise Http404
    require(policies.can_manage_results_framework(actor, target.indicator.framework))
    return target


def level_choices(framework: ResultsFramework) -> list[tuple[str, str]]:
    return [(str(level), str(level.label)) for level in LEVELS[FrameworkKind(framework.kind)]]


def framework_nodes(framework: ResultsFramework) -> list[ResultNode]:
    return list(framework.nodes.order_by("order", "code"))


# --- the tree --------------------------------------------------------------------------------
@dataclass
class Branch:
    node: ResultNode
    depth: int
    indicators: list[dict] = field(default_factory=list)
    children: list[Branch] = field(default_factory=list)


def _latest_values(framework: ResultsFramework) -> tuple[dict, dict]:
    """Each indicator's latest current total value, and its targets by period (2 queries)."""
    latest: dict = {}
    for m in (
        Measurement.objects.filter(indicator__framework=framework, is_current=True, cell="")
        .order_by("indicator_id", "period")
        .only("indicator_id", "period", "value")
    ):
        latest[m.indicator_id] = m
    targets: dict = defaultdict(dict)
    for t in Target.objects.filter(indicator__framework=framework).only(
        "indicator_id", "period", "value"
    ):
        targets[t.indicator_id][t.period] = t.value
    return latest, targets


def framework_tree(*, actor: Actor, framework: ResultsFramework) -> dict[str, Any]:
    """The framework's results as a tree (depth-first, in order), each with its indicators
    and the light of their latest value against that period's target (4 queries)."""
    nodes = framework_nodes(framework)
    indicators = list(
        framework.indicators.select_related("responsible_institution").order_by("order", "code")
    )
    latest, targets = _latest_values(framework)
    by_node: dict = defaultdict(list)
    for indicator in indicators:
        m = latest.get(indicator.pk)
        target = targets[indicator.pk].get(m.period) if m else None
        by_node[indicator.result_id].append(
            {
                "indicator": indicator,
                "period": m.period if m else "",
                "value": m.value if m else None,
                "target": target,
                "light": lights.light(
                    value=m.value if m else None,
                    target=target,
                    direction=indicator.direction,
                    baseline=indicator.baseline_value,
                ),
            }
        )
    children: dict = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    rows: list[Branch] = []

    def walk(parent_id, depth: int) -> None:
        for node in children.get(parent_id, []):
            rows.append(Branch(node=node, depth=depth, indicators=by_node.get(node.pk, [])))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return {
        "framework": framework,
        "rows": rows,
        "indicator_count": len(indicators),
        "can_manage": policies.can_manage_results_framework(actor, framework),
        "levels": level_choices(framework),
    }


# --- an indicator's page ---------------------------------------------------------------------
def indicator_page(*, actor: Actor, indicator: Indicator) -> dict[str, Any]:
    targets = list(indicator.targets.order_by("period"))
    measurements = list(
        indicator.measurements.select_related("entered_by").order_by(
            "-period", "cell", "-created_at"
        )
    )
    current = {(m.period, m.cell): m for m in measurements if m.is_current}
    target_rows = []
    for t in targets:
        m = current.get((t.period, ""))
        target_rows.append(
            {
                "target": t,
                "value": m.value if m else None,
                "light": lights.light(
                    value=m.value if m else None,
                    target=t.value,
                    direction=indicator.direction,
                    baseline=indicator.baseline_value,
                ),
            }
        )
    return {
        "indicator": indicator,
        "framework": indicator.framework,
        "target_rows": target_rows,
        "measurements": measurements,
        "can_manage": policies.can_manage_results_framework(actor, indicator.framework),
        "can_record": policies.can_record_measurement(actor, indicator),
    }


def narrative_get(
    *, framework: ResultsFramework, result: ResultNode | None, period: str
) -> Narrative | None:
    return Narrative.objects.filter(framework=framework, result=result, period=period).first()


# --- the dashboard ---------------------------------------------------------------------------
def year_periods(year: int, frequency: str) -> list[str]:
    first = containing(date(year, 1, 1), frequency)
    last = containing(date(year, 12, 31), frequency)
    return periods_between(first, last)


def dashboard_years(framework: ResultsFramework) -> list[int]:
    return list(range(framework.starts_on.year, framework.ends_on.year + 1))


def default_year(framework: ResultsFramework) -> int:
    year = timezone.localdate().year
    return min(max(year, framework.starts_on.year), framework.ends_on.year)


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def dashboard(*, actor: Actor, framework: ResultsFramework, year: int) -> dict[str, Any]:
    """For each indicator, the periods of ``year`` of its frequency, with their target and
    current total value; its baseline; its current value (the last period of the year with
    one) with that period's target and light; grouped by result. Four queries whatever the
    number of indicators and periods."""
    periods = {f: year_periods(year, f) for f in PeriodType.values}
    every_period = sorted({p for ps in periods.values() for p in ps})
    nodes = framework_nodes(framework)
    indicators = list(framework.indicators.order_by("order", "code"))
    targets: dict = defaultdict(dict)
    for indicator_id, period, value in Target.objects.filter(
        indicator__framework=framework, period__in=every_period
    ).values_list("indicator_id", "period", "value"):
        targets[indicator_id][period] = value
    values: dict = defaultdict(dict)
    for indicator_id, period, value in Measurement.objects.filter(
        indicator__framework=framework, is_current=True, cell="", period__in=every_period
    ).values_list("indicator_id", "period", "value"):
        values[indicator_id][period] = value
    today = timezone.localdate()
    by_node: dict = defaultdict(list)
    counts = dict.fromkeys(Light.values, 0)
    for indicator in indicators:
        series = []
        current_period = None
        for period in periods[indicator.frequency]:
            value = values[indicator.pk].get(period)
            target = targets[indicator.pk].get(period)
            if value is not None:
                current_period = period
            series.append(
                {
                    "period": period,
                    "target": target,
                    "value": value,
                    "ended": bounds(period)[1] < today,
                    "light": lights.light(
                        value=value,
                        target=target,
                        direction=indicator.direction,
                        baseline=indicator.baseline_value,
                    ),
                }
            )
        current = next((s for s in series if s["period"] == current_period), None)
        year_target = next((s["target"] for s in reversed(series) if s["target"] is not None), None)
        light = current["light"] if current else Light.NONE
        counts[light] += 1
        by_node[indicator.result_id].append(
            {
                "indicator": indicator,
                "baseline": indicator.baseline_value,
                "period": current_period or "",
                "value": current["value"] if current else None,
                "target": current["target"] if current else year_target,
                "light": light,
                "series": series,
            }
        )
    cards = [
        {"node": node, "indicators": by_node[node.pk]} for node in nodes if by_node.get(node.pk)
    ]
    return {
        "framework": framework,
        "year": year,
        "years": dashboard_years(framework),
        "cards": cards,
        "counts": counts,
        "indicator_count": len(indicators),
    }
