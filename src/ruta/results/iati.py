"""The framework as an IATI 2.03 activity file (``iati-activities``, one ``iati-activity``):
identifier, reporting organisation, title, description, participating organisation, status,
planned dates, and a ``result`` per outcome or output that has indicators, each indicator with
its measure (1 unit, 2 percentage), direction, baseline and a ``period`` per target period
with its target and actual. The file is validated against the official 2.03 activity schema
shipped in ``data/iati/2.03`` (see its README) before it is handed out; a file that would not
validate is refused with the schema's first complaint."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from lxml import etree  # type: ignore[import-untyped]

from ruta.results.choices import Level
from ruta.results.selectors_reports import IatiActivity

SCHEMA = Path(__file__).parent / "data" / "iati" / "2.03" / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# IATI ResultType: 1 output, 2 outcome, 3 impact, 9 other.
RESULT_TYPE: dict[str, str] = {
    Level.ULTIMATE_OUTCOME: "3",
    Level.INTERMEDIATE_OUTCOME: "2",
    Level.IMMEDIATE_OUTCOME: "2",
    Level.OUTPUT: "1",
    Level.AXIS: "3",
    Level.OBJECTIVE: "2",
    Level.ACTION: "1",
}
# IATI OrganisationType 10: government (the owner institutions are public bodies).
ORGANISATION_TYPE = "10"


class IatiInvalid(ValidationError):
    """The framework cannot be written as a valid IATI activity."""


@cache
def schema() -> etree.XMLSchema:
    # The schema's own includes are local files; no network access is allowed while parsing.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA), parser))


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _narrative(parent: etree._Element, tag: str, text: str, language: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    narrative = etree.SubElement(element, "narrative")
    narrative.set(XML_LANG, language)
    narrative.text = text
    return element


def _status(start: date, end: date, today: date) -> str:
    """IATI ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation."""
    if today < start:
        return "1"
    if today <= end:
        return "2"
    return "3"


def activity_xml(activity: IatiActivity, *, language: str | None = None) -> bytes:
    framework = activity.framework
    language = (language or get_language() or "es")[:2]
    errors = {}
    if not framework.iati_identifier.strip():
        errors["iati_identifier"] = [_("The framework has no IATI activity identifier.")]
    if not framework.iati_reporting_org.strip():
        errors["iati_reporting_org"] = [
            _("The framework has no IATI reporting organisation identifier.")
        ]
    if errors:
        raise IatiInvalid(errors)
    generated = timezone.localtime(activity.generated_at).replace(microsecond=0)
    root = etree.Element("iati-activities")
    root.set("version", "2.03")
    root.set("generated-datetime", generated.isoformat())
    act = etree.SubElement(root, "iati-activity")
    act.set(
        "last-updated-datetime",
        timezone.localtime(framework.updated_at).replace(microsecond=0).isoformat(),
    )
    act.set(XML_LANG, language)
    etree.SubElement(act, "iati-identifier").text = framework.iati_identifier.strip()
    reporting = _narrative(act, "reporting-org", framework.institution.name, language)
    reporting.set("ref", framework.iati_reporting_org.strip())
    reporting.set("type", ORGANISATION_TYPE)
    _narrative(act, "title", framework.title, language)
    _narrative(act, "description", framework.description or framework.title, language).set(
        "type", "1"
    )
    participating = _narrative(act, "participating-org", framework.institution.name, language)
    participating.set("role", "4")  # implementing
    participating.set("type", ORGANISATION_TYPE)
    etree.SubElement(act, "activity-status").set(
        "code", _status(framework.starts_on, framework.ends_on, timezone.localdate())
    )
    for code, day in (("1", framework.starts_on), ("3", framework.ends_on)):  # planned
        element = etree.SubElement(act, "activity-date")
        element.set("type", code)
        element.set("iso-date", day.isoformat())
    for result in activity.results:
        node = result.node
        res = etree.SubElement(act, "result")
        res.set("type", RESULT_TYPE.get(node.level, "9"))
        res.set("aggregation-status", "false")
        _narrative(res, "title", f"{node.code} {node.title}", language)
        if node.description:
            _narrative(res, "description", node.description, language)
        for item in result.indicators:
            indicator = item.indicator
            ind = etree.SubElement(res, "indicator")
            ind.set("measure", item.measure)
            if item.ascending is not None:
                ind.set("ascending", item.ascending)
            _narrative(ind, "title", f"{indicator.code} {indicator.name}", language)
            if indicator.definition:
                _narrative(ind, "description", indicator.definition, language)
            if indicator.baseline_value is not None:
                baseline = etree.SubElement(ind, "baseline")
                on = indicator.baseline_on
                baseline.set("year", str((on or framework.starts_on).year))
                if on is not None:
                    baseline.set("iso-date", on.isoformat())
                baseline.set("value", _number(indicator.baseline_value))
            for period in item.periods:
                per = etree.SubElement(ind, "period")
                etree.SubElement(per, "period-start").set("iso-date", period.starts_on.isoformat())
                etree.SubElement(per, "period-end").set("iso-date", period.ends_on.isoformat())
                etree.SubElement(per, "target").set("value", _number(period.target))
                if period.actual.value is not None:
                    actual = etree.SubElement(per, "actual")
                    actual.set("value", _number(period.actual.value))
                    if period.actual.note():
                        _narrative(actual, "comment", period.actual.note(), language)
    validate(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate(root: etree._Element) -> None:
    """Refuse a document the IATI 2.03 activity schema does not accept."""
    xsd = schema()
    if not xsd.validate(root):
        error = xsd.error_log.last_error
        raise IatiInvalid(
            _("The IATI file does not validate against the 2.03 schema: %(error)s")
            % {"error": f"line {error.line}: {error.message}" if error else "?"}
        )
