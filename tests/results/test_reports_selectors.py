"""The donor report's figures, counted by hand on the world's framework: the manual
indicator (quarterly, target 5 and value 4 in this year's first quarter, baseline 2) and the
computed indicator (yearly, target 40 for this year, no value yet, baseline 0)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ruta.results.models import Indicator, Measurement, Narrative, ResultNode, Target
from ruta.results.selectors_reports import (
    EXACT,
    LATEST,
    NONE,
    SUM,
    aggregate,
    donor_report,
    framework_iati,
    report_period_parse,
)
from tests.factories import actor_of
from tests.results.reports_setup import build

D = Decimal


@pytest.fixture
def w(db):
    return build()


@pytest.fixture
def year():
    return timezone.localdate().year


def lines(report):
    return {line.code: line for line in report.indicators}


class TestFigures:
    def test_the_year_sums_the_quarters_of_a_number(self, w, year):
        report = donor_report(
            actor=actor_of(w["users"]["me_analyst"]),
            framework=w["results_framework"],
            period=str(year),
        )
        manual = lines(report)["1111.1"]
        assert (manual.target.value, manual.target.how) == (D(5), SUM)
        assert (manual.actual.value, manual.actual.how) == (D(4), SUM)
        assert manual.actual.periods == (f"{year}Q1",)
        # Increase from a baseline of 2: amber from 2 + (5 - 2) * 0.8 = 4.4; 4 is red.
        assert manual.light == "red"
        assert "Real" in manual.note and "Meta" in manual.note  # the default language
        computed = lines(report)["1110.1"]
        assert (computed.target.value, computed.target.how) == (D(40), EXACT)
        assert (computed.actual.value, computed.actual.how) == (None, NONE)
        assert computed.light == "none" and computed.note == ""

    def test_the_quarter_takes_its_own_values(self, w, year):
        report = donor_report(
            actor=actor_of(w["users"]["committee_secretary"]),
            framework=w["results_framework"],
            period=f"{year}Q1",
        )
        manual = lines(report)["1111.1"]
        assert (manual.target.how, manual.actual.how) == (EXACT, EXACT)
        assert manual.note == ""
        # A yearly indicator has nothing of its own inside a quarter: no target is split.
        computed = lines(report)["1110.1"]
        assert computed.target.value is None and computed.light == "none"

    def test_the_tree_and_its_narratives(self, w, year):
        Narrative.objects.create(
            framework=w["results_framework"], period=str(year), progress="Global.", risks="R."
        )
        report = donor_report(
            actor=actor_of(w["users"]["me_analyst"]),
            framework=w["results_framework"],
            period=str(year),
        )
        assert [(r.node.code, r.depth) for r in report.results] == [
            ("1000", 0),
            ("1100", 1),
            ("1110", 2),
            ("1111", 3),
        ]
        by_code = {r.node.code: r for r in report.results}
        assert by_code["1110"].progress == "Avances."
        assert by_code["1111"].progress == ""
        assert (report.progress, report.risks) == ("Global.", "R.")
        assert report.lights == {"green": 0, "amber": 0, "red": 1, "none": 1}

    def test_other_units_take_the_latest_period_not_the_sum(self):
        values = {"202601": D(40), "202603": D(60), "202602": D(50), "2025Q4": D(1)}
        got = aggregate(values, "2026Q1", frequency="monthly", unit="percent")
        assert (got.value, got.how, got.periods) == (D(60), LATEST, ("202603",))
        got = aggregate(values, "2026Q1", frequency="monthly", unit="number")
        assert (got.value, got.how) == (D(150), SUM)
        assert aggregate(values, "2026Q2", frequency="monthly", unit="number").how == NONE
        # A value stored for the period itself wins.
        assert aggregate(
            {**values, "2026Q1": D(7)}, "2026Q1", frequency="monthly", unit="number"
        ).value == D(7)

    def test_only_current_total_measurements_count(self, w, year):
        indicator = w["manual_indicator"]
        Measurement.objects.filter(pk=w["measurement"].pk).update(is_current=False)
        Measurement.objects.create(
            indicator=indicator, period=f"{year}Q1", value=D(6), source="manual"
        )
        Measurement.objects.create(
            indicator=indicator,
            period=f"{year}Q1",
            cell="sex:female",
            value=D(100),
            source="manual",
        )
        report = donor_report(
            actor=actor_of(w["users"]["me_analyst"]),
            framework=w["results_framework"],
            period=f"{year}Q1",
        )
        line = lines(report)["1111.1"]
        assert line.actual.value == D(6) and line.light == "green"


class TestScope:
    def test_out_of_scope_is_404(self, w):
        with pytest.raises(Http404):
            donor_report(
                actor=actor_of(w["users"]["case_worker"]),
                framework=w["results_framework"],
                period="2026",
            )
        with pytest.raises(Http404):
            framework_iati(
                actor=actor_of(w["users"]["me_analyst"]), framework=w["foreign_framework"]
            )


class TestPeriod:
    @pytest.mark.parametrize("raw", ["2026", "2026Q3"])
    def test_years_and_quarters(self, raw):
        assert report_period_parse(raw) == raw

    def test_blank_is_this_year(self):
        assert report_period_parse("") == str(timezone.localdate().year)

    @pytest.mark.parametrize(
        "raw",
        [
            "202603",
            "2026Q5",
            "26",
            "abc",
            "0999",
            "2026q1",
            "9999",
            "٢٠٢٦",
            "\uff12\uff10\uff12\uff16Q1",
        ],
    )
    def test_anything_else_is_refused(self, raw):
        with pytest.raises(ValidationError) as info:
            report_period_parse(raw)
        assert "period" in info.value.message_dict


def test_query_count_does_not_grow_with_the_framework(w, year):
    actor = actor_of(w["users"]["me_analyst"])
    framework = w["results_framework"]

    def count(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    def both():
        donor_report(actor=actor, framework=framework, period=str(year))
        framework_iati(actor=actor, framework=framework)

    before = count(both)
    for n in range(6):
        node = ResultNode.objects.create(
            framework=framework, parent=w["output"], level="activity", code=f"A{n}", title="x"
        )
        indicator = Indicator.objects.create(
            framework=framework,
            result=node,
            code=f"A{n}.1",
            name="x",
            unit="percent",
            direction="decrease",
            frequency="monthly",
            baseline_value=D(10),
            baseline_on=date(year - 1, 1, 1),
        )
        for month in (1, 2, 3):
            Target.objects.create(indicator=indicator, period=f"{year}{month:02d}", value=D(5))
            Measurement.objects.create(
                indicator=indicator, period=f"{year}{month:02d}", value=D(month), source="manual"
            )
        Narrative.objects.create(framework=framework, result=node, period=str(year), risks="r")
    assert count(both) == before
    assert before <= 14
