"""The IATI 2.03 activity file: it validates against the official schema shipped with the
package, for the world's framework and for an edge case (no targets, a percentage lowered
toward its target, no baseline, manual and computed indicators), and it says the targets and
actuals; a framework without its IATI identifiers is refused, and so is a document the
schema refuses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from ruta.results.iati import IatiInvalid, activity_xml, schema, validate
from ruta.results.models import Indicator, ResultNode, ResultsFramework
from ruta.results.selectors_reports import framework_iati
from tests.factories import actor_of
from tests.results.reports_setup import build


@pytest.fixture
def w(db):
    return build()


def xml_of(w, framework=None, who="me_analyst"):
    activity = framework_iati(
        actor=actor_of(w["users"][who]), framework=framework or w["results_framework"]
    )
    return etree.fromstring(activity_xml(activity, language="es"))


def test_the_worlds_framework_validates_and_says_targets_and_actuals(w):
    root = xml_of(w)
    assert schema().validate(root), schema().error_log
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    (activity,) = root.findall("iati-activity")
    assert activity.findtext("iati-identifier") == "CA-3-P000001"
    assert activity.find("reporting-org").get("ref") == "CA-3"
    assert [d.get("type") for d in activity.findall("activity-date")] == ["1", "3"]
    year = w["target"].period[:4]
    manual = activity.xpath("result/indicator[starts-with(title/narrative, '1111.1')]")[0]
    assert manual.get("measure") == "1" and manual.get("ascending") == "true"
    baseline = manual.find("baseline")
    assert (baseline.get("year"), baseline.get("value")) == (str(int(year) - 1), "2")
    (period,) = manual.findall("period")
    assert period.find("period-start").get("iso-date") == f"{year}-01-01"
    assert period.find("period-end").get("iso-date") == f"{year}-03-31"
    assert period.find("target").get("value") == "5"
    assert period.find("actual").get("value") == "4"
    computed = activity.xpath("result/indicator[starts-with(title/narrative, '1110.1')]")[0]
    (period,) = computed.findall("period")
    assert period.find("target").get("value") == "40"
    assert period.find("actual") is None  # no value yet
    # Results without indicators (the ultimate and intermediate outcomes) are left out.
    assert [r.get("type") for r in activity.findall("result")] == ["2", "1"]


def test_an_edge_case_validates(w, db):
    framework = ResultsFramework.objects.create(
        kind="logic_model",
        code="borde",
        title="Marco sin metas",
        description="",
        institution=w["home"],
        committee=w["committee"],
        starts_on=date(2030, 1, 1),
        ends_on=date(2031, 12, 31),
        iati_identifier="CA-3-P000002",
        iati_reporting_org="CA-3",
    )
    outcome = ResultNode.objects.create(
        framework=framework, level="immediate", code="1", title="Efecto", description="<&>"
    )
    ResultNode.objects.create(
        framework=framework, parent=outcome, level="output", code="1.1", title="Sin indicadores"
    )
    Indicator.objects.create(
        framework=framework,
        result=outcome,
        code="1.a",
        name="Días hasta la primera atención",
        unit="percent",
        direction="decrease",
        frequency="monthly",
        definition="Porcentaje & más",
    )
    Indicator.objects.create(
        framework=framework,
        result=outcome,
        code="1.b",
        name="Calculado",
        unit="days",
        direction="maintain",
        frequency="yearly",
        computation="officers_certified_mandatory",
        baseline_value=Decimal("3.50"),
    )
    root = xml_of(w, framework)
    assert schema().validate(root), schema().error_log
    a, b = root.findall("iati-activity/result/indicator")
    assert (a.get("measure"), a.get("ascending")) == ("2", "false")
    assert a.find("baseline") is None and a.find("period") is None
    assert b.get("ascending") is None
    assert b.find("baseline").get("value") == "3.5"
    assert b.find("baseline").get("year") == "2030"  # no date: the framework's first year
    assert root.find("iati-activity/activity-status").get("code") == "1"  # not started


def test_a_framework_without_identifiers_is_refused(w):
    framework = w["results_framework"]
    ResultsFramework.objects.filter(pk=framework.pk).update(iati_identifier="")
    framework.refresh_from_db()
    with pytest.raises(IatiInvalid) as info:
        xml_of(w, framework)
    assert "iati_identifier" in info.value.message_dict


def test_what_the_schema_refuses_is_refused(w):
    root = xml_of(w)
    activity = root.find("iati-activity")
    activity.remove(activity.find("reporting-org"))
    with pytest.raises(IatiInvalid) as info:
        validate(root)
    assert "2.03" in str(info.value)
