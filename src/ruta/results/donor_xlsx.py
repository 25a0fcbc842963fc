"""The donor progress report as a spreadsheet (openpyxl): a sheet of indicators (result,
code, indicator, unit, baseline and its date, target, actual, status, how aggregated) and a
sheet of narratives (overall and per result: progress, risks). Numbers stay numbers."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from ruta.results.choices import Level, Light, Unit
from ruta.results.selectors_reports import DonorReport

FILLS: dict[str, str] = {
    Light.GREEN: "FF2E7D32",
    Light.AMBER: "FFF2A900",
    Light.RED: "FFC62828",
    Light.NONE: "FF9AA5B1",
}


def _cell(value: Any) -> Any:
    """A text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _title(sheet, text: str) -> None:
    sheet.title = "".join(c for c in text if c not in "[]:*?/\\")[:31] or "Sheet"


def report_xlsx(report: DonorReport, *, language: str = "en") -> bytes:
    book = Workbook()
    sheet = book.active
    _title(sheet, _("Indicators"))
    framework = report.framework
    sheet.append([_cell(framework.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Progress report %(period)s") % {"period": report.period_label(language)}])
    sheet.append([])
    headers = [
        _("Result"),
        _("Level"),
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        _("Baseline date"),
        _("Target"),
        _("Actual"),
        _("Status"),
        _("Note"),
    ]
    sheet.append(headers)
    for c in sheet[sheet.max_row]:
        c.font = Font(bold=True)
    for result in report.results:
        node = result.node
        for line in result.indicators:
            ind = line.indicator
            sheet.append(
                [
                    _cell(f"{node.code} {node.title}"),
                    str(Level(node.level).label),
                    _cell(ind.code),
                    _cell(ind.name),
                    str(Unit(ind.unit).label),
                    ind.baseline_value,
                    ind.baseline_on,
                    line.target.value,
                    line.actual.value,
                    line.light_label,
                    line.note,
                ]
            )
            status = sheet.cell(row=sheet.max_row, column=10)
            status.fill = PatternFill("solid", fgColor=FILLS[line.light])
            sheet.cell(row=sheet.max_row, column=7).number_format = "yyyy-mm-dd"
    for letter, width in zip(
        "ABCDEFGHIJK", (40, 18, 10, 50, 12, 10, 12, 10, 10, 18, 40), strict=True
    ):
        sheet.column_dimensions[letter].width = width

    notes = book.create_sheet()
    _title(notes, _("Narratives"))
    notes.append([_("Result"), _("Level"), _("Progress"), _("Risks and mitigation")])
    for c in notes[1]:
        c.font = Font(bold=True)
    if report.progress or report.risks:
        notes.append([_("Overall"), "", _cell(report.progress), _cell(report.risks)])
    for result in report.results:
        if result.progress or result.risks:
            node = result.node
            notes.append(
                [
                    _cell(f"{node.code} {node.title}"),
                    str(Level(node.level).label),
                    _cell(result.progress),
                    _cell(result.risks),
                ]
            )
    for letter, width in zip("ABCD", (40, 18, 70, 70), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
