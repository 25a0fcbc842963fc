"""Reads of the reports out: the donor progress report of a framework for a period (a year
"2026" or a quarter "2026Q3") and the framework's full series for the IATI activity file.

Each indicator's target and actual for the report's period: the value stored for exactly that
period when there is one; otherwise, from the values stored for the periods of the
indicator's own frequency inside it, the sum (unit "number") or the latest (any other unit:
percentages, days and hours are not added up). The line's note says which, so the reader
knows what they are looking at. Only the total cell ("") and current measurements count.
Every read starts from ``scope_results_frameworks`` and takes a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ruta.audit.services import record
from ruta.core.actor import Actor
from ruta.results import periods
from ruta.results.choices import Direction, Level, Light, PeriodType, Unit
from ruta.results.lights import light
from ruta.results.models import (
    Indicator,
    Measurement,
    Narrative,
    ResultNode,
    ResultsFramework,
    Target,
)
from ruta.results.policies import scope_results_frameworks

REPORT_TYPES = (PeriodType.YEARLY, PeriodType.QUARTERLY)
FIRST_YEAR, LAST_YEAR = 1990, 2100
# How a figure was obtained (``Figure.how``).
EXACT, SUM, LATEST, NONE = "exact", "sum", "latest", "none"
# The page's badge of each light (web/static/ruta/ruta.css).
BADGES = {
    Light.GREEN: "badge-ok",
    Light.AMBER: "badge-warn",
    Light.RED: "badge-danger",
    Light.NONE: "badge-muted",
}


def report_period_parse(raw: str | None, *, default: str | None = None) -> str:
    """A report's period: a year ("2026") or a quarter ("2026Q3"); anything else is refused
    with a message naming the field. Blank or absent: ``default`` (this year when None)."""
    value = (raw or "").strip()
    if not value:
        return default or str(timezone.localdate().year)
    # ASCII only: re's \d also matches other scripts' digits ("٢٠٢٦").
    if not value.isascii() or periods.period_type(value) not in REPORT_TYPES:
        raise ValidationError(
            {"period": [_("Give a year (2026) or a quarter (2026Q3).")]}, code="period"
        )
    year = int(value[:4])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                "period": [
                    _("The year must be between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                ]
            },
            code="period",
        )
    return value


def _inner_periods(period: str) -> list[str]:
    """The period and the quarters and months inside it."""
    start, end = periods.bounds(period)
    months = periods.periods_between(
        periods.containing(start, PeriodType.MONTHLY), periods.containing(end, PeriodType.MONTHLY)
    )
    out = [period, *months]
    if periods.period_type(period) == PeriodType.YEARLY:
        out += [f"{period}Q{q}" for q in range(1, 5)]
    return out


@dataclass(frozen=True)
class Figure:
    """A target or an actual for the report's period and how it was obtained."""

    value: Decimal | None
    how: str = NONE  # exact, sum, latest, none
    periods: tuple[str, ...] = ()

    def note(self, language: str | None = None) -> str:
        language = (language or get_language() or "en")[:2]
        labels = ", ".join(periods.label(p, language) for p in self.periods)
        if self.how == SUM:
            return _("sum of %(periods)s") % {"periods": labels}
        if self.how == LATEST:
            return _("latest, %(period)s") % {"period": labels}
        return ""


def aggregate(values: dict[str, Decimal], period: str, *, frequency: str, unit: str) -> Figure:
    """The figure of ``period`` from values stored per period (see the module's docstring)."""
    if period in values:
        return Figure(values[period], EXACT, (period,))
    start, end = periods.bounds(period)
    inner = sorted(
        (
            p
            for p in values
            if periods.period_type(p) == frequency
            and p != period
            and start <= periods.bounds(p)[0]
            and periods.bounds(p)[1] <= end
        ),
        key=lambda p: periods.bounds(p)[0],
    )
    if not inner:
        return Figure(None)
    if unit == Unit.NUMBER:
        return Figure(sum((values[p] for p in inner), Decimal(0)), SUM, tuple(inner))
    return Figure(values[inner[-1]], LATEST, (inner[-1],))


@dataclass
class IndicatorLine:
    indicator: Indicator
    target: Figure
    actual: Figure
    light: str

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def light_label(self) -> str:
        return str(Light(self.light).label)

    @property
    def badge(self) -> str:
        return BADGES[Light(self.light)]

    @property
    def note(self) -> str:
        parts = []
        if self.actual.how in (SUM, LATEST):
            parts.append(_("Actual: %(how)s.") % {"how": self.actual.note()})
        if self.target.how in (SUM, LATEST):
            parts.append(_("Target: %(how)s.") % {"how": self.target.note()})
        return " ".join(parts)


@dataclass
class ResultLine:
    node: ResultNode
    depth: int
    indicators: list[IndicatorLine] = field(default_factory=list)
    progress: str = ""
    risks: str = ""

    @property
    def is_outcome(self) -> bool:
        return self.node.level in OUTCOME_LEVELS


OUTCOME_LEVELS = (
    Level.ULTIMATE_OUTCOME,
    Level.INTERMEDIATE_OUTCOME,
    Level.IMMEDIATE_OUTCOME,
    Level.AXIS,
    Level.OBJECTIVE,
)


@dataclass
class DonorReport:
    framework: ResultsFramework
    period: str
    starts_on: date
    ends_on: date
    generated_at: datetime
    results: list[ResultLine]
    progress: str = ""
    risks: str = ""

    @property
    def indicators(self) -> list[IndicatorLine]:
        return [line for r in self.results for line in r.indicators]

    @property
    def lights(self) -> dict[str, int]:
        counts = dict.fromkeys(Light.values, 0)
        for line in self.indicators:
            counts[line.light] += 1
        return counts

    @property
    def light_summary(self) -> list[tuple[str, str, int, str]]:
        """(code, label, count, badge) of each light, for the page."""
        counts = self.lights
        return [(c.value, str(c.label), counts[c.value], BADGES[c]) for c in Light]

    @property
    def aggregated(self) -> bool:
        return any(line.note for line in self.indicators)

    def period_label(self, language: str = "en") -> str:
        return periods.label(self.period, language)

    def period_choices(self) -> list[str]:
        """Every year and quarter of the framework's life (the page's picker)."""
        out: list[str] = []
        for year in range(self.framework.starts_on.year, self.framework.ends_on.year + 1):
            out += [str(year), *(f"{year}Q{q}" for q in range(1, 5))]
        return out


def _tree(nodes: list[ResultNode]) -> list[tuple[ResultNode, int]]:
    """The nodes depth-first in their order, with their depth."""
    children: dict[UUID | None, list[ResultNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    out: list[tuple[ResultNode, int]] = []

    def walk(parent: UUID | None, depth: int) -> None:
        for node in children.get(parent, []):
            out.append((node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return out


def framework_for_report(*, actor: Actor, framework_id: UUID) -> ResultsFramework:
    return get_object_or_404(
        scope_results_frameworks(actor).select_related("institution", "committee"),
        pk=framework_id,
    )


def donor_report(*, actor: Actor, framework: ResultsFramework, period: str) -> DonorReport:
    """The donor progress report of ``framework`` (read through the actor's scope) for a year
    or a quarter."""
    framework = framework_for_report(actor=actor, framework_id=framework.pk)
    starts_on, ends_on = periods.bounds(period)
    wanted = _inner_periods(period)
    nodes = list(ResultNode.objects.filter(framework=framework).order_by("order", "code"))
    indicators = list(Indicator.objects.filter(framework=framework).order_by("order", "code"))
    targets: dict[UUID, dict[str, Decimal]] = {}
    for indicator_id, p, value in Target.objects.filter(
        indicator__framework=framework, period__in=wanted
    ).values_list("indicator_id", "period", "value"):
        targets.setdefault(indicator_id, {})[p] = value
    actuals: dict[UUID, dict[str, Decimal]] = {}
    for indicator_id, p, value in Measurement.objects.filter(
        indicator__framework=framework, period__in=wanted, cell="", is_current=True
    ).values_list("indicator_id", "period", "value"):
        actuals.setdefault(indicator_id, {})[p] = value
    narratives = {
        n.result_id: n for n in Narrative.objects.filter(framework=framework, period=period)
    }

    by_node: dict[UUID, list[IndicatorLine]] = {}
    for indicator in indicators:
        target = aggregate(
            targets.get(indicator.pk, {}),
            period,
            frequency=indicator.frequency,
            unit=indicator.unit,
        )
        actual = aggregate(
            actuals.get(indicator.pk, {}),
            period,
            frequency=indicator.frequency,
            unit=indicator.unit,
        )
        by_node.setdefault(indicator.result_id, []).append(
            IndicatorLine(
                indicator=indicator,
                target=target,
                actual=actual,
                light=light(
                    value=actual.value,
                    target=target.value,
                    direction=indicator.direction,
                    baseline=indicator.baseline_value,
                ),
            )
        )
    results = []
    for node, depth in _tree(nodes):
        narrative = narratives.get(node.pk)
        results.append(
            ResultLine(
                node=node,
                depth=depth,
                indicators=by_node.get(node.pk, []),
                progress=narrative.progress if narrative else "",
                risks=narrative.risks if narrative else "",
            )
        )
    overall = narratives.get(None)
    return DonorReport(
        framework=framework,
        period=period,
        starts_on=starts_on,
        ends_on=ends_on,
        generated_at=timezone.now(),
        results=results,
        progress=overall.progress if overall else "",
        risks=overall.risks if overall else "",
    )


# --- IATI ----------------------------------------------------------------------------------
@dataclass
class IatiPeriod:
    period: str
    starts_on: date
    ends_on: date
    target: Decimal
    actual: Figure


@dataclass
class IatiIndicator:
    indicator: Indicator
    periods: list[IatiPeriod]

    @property
    def measure(self) -> str:
        """IATI's IndicatorMeasure: 1 unit, 2 percentage."""
        return "2" if self.indicator.unit == Unit.PERCENT else "1"

    @property
    def ascending(self) -> str | None:
        ascending: dict[str, str] = {Direction.INCREASE: "true", Direction.DECREASE: "false"}
        return ascending.get(self.indicator.direction)


@dataclass
class IatiResult:
    node: ResultNode
    indicators: list[IatiIndicator]


@dataclass
class IatiActivity:
    framework: ResultsFramework
    results: list[IatiResult]
    generated_at: datetime


def framework_iati(*, actor: Actor, framework: ResultsFramework) -> IatiActivity:
    """Everything the IATI activity file says: each result with indicators, and for each
    indicator every period with a target, its target and its actual (as in the report)."""
    framework = framework_for_report(actor=actor, framework_id=framework.pk)
    nodes = list(ResultNode.objects.filter(framework=framework).order_by("order", "code"))
    indicators = list(Indicator.objects.filter(framework=framework).order_by("order", "code"))
    targets: dict[UUID, dict[str, Decimal]] = {}
    for indicator_id, p, value in Target.objects.filter(indicator__framework=framework).values_list(
        "indicator_id", "period", "value"
    ):
        targets.setdefault(indicator_id, {})[p] = value
    actuals: dict[UUID, dict[str, Decimal]] = {}
    for indicator_id, p, value in Measurement.objects.filter(
        indicator__framework=framework, cell="", is_current=True
    ).values_list("indicator_id", "period", "value"):
        actuals.setdefault(indicator_id, {})[p] = value
    by_node: dict[UUID, list[IatiIndicator]] = {}
    for indicator in indicators:
        series = []
        for p, value in sorted(
            targets.get(indicator.pk, {}).items(), key=lambda kv: periods.bounds(kv[0])
        ):
            start, end = periods.bounds(p)
            series.append(
                IatiPeriod(
                    period=p,
                    starts_on=start,
                    ends_on=end,
                    target=value,
                    actual=aggregate(
                        actuals.get(indicator.pk, {}),
                        p,
                        frequency=indicator.frequency,
                        unit=indicator.unit,
                    ),
                )
            )
        by_node.setdefault(indicator.result_id, []).append(IatiIndicator(indicator, series))
    results = [
        IatiResult(node, by_node[node.pk]) for node, _depth in _tree(nodes) if node.pk in by_node
    ]
    return IatiActivity(framework=framework, results=results, generated_at=timezone.now())


def framework_record_export(
    *, actor: Actor, framework: ResultsFramework, fmt: str, period: str = ""
):
    """Record that the actor downloaded the framework's report or IATI file."""
    data = {"format": fmt}
    if period:
        data["period"] = period
    record(action="results.framework.exported", actor=actor, target=framework, data=data)
