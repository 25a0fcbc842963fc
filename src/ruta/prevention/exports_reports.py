"""The training report as tables (the page, the PDF and the spreadsheet show the same ones),
the PDF (ReportLab, bar charts drawn with reportlab.graphics) and the XLSX (openpyxl, one
sheet per block), and the coverage page's export of the staff still missing a course."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ruta.prevention.selectors_reports import CourseCoverage, Report

BAR = colors.HexColor("#1f5f99")
RULE = colors.HexColor("#cfd7df")
GREY = colors.HexColor("#4a5866")


@dataclass
class ReportTable:
    """One block: a label column, figures, and the figure column its chart draws."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    hint: str = ""
    chart: int | None = 1  # the column the bar chart draws; None: no chart

    @property
    def chart_rows(self) -> list[tuple[str, float]]:
        if self.chart is None:
            return []
        return [(str(r[0]), float(r[self.chart] or 0)) for r in self.rows]


def _mean(value: float | None) -> str:
    return "—" if value is None else number_format(value, 2)


def report_tables(report: Report) -> list[ReportTable]:
    """The report's blocks, in the page's order."""
    people = _("People trained")
    tables = [
        ReportTable(
            "by_institution",
            _("People trained by institution"),
            [_("Institution"), people],
            [[r.label, r.n] for r in report.by_institution],
            _("Distinct participants enrolled (not withdrawn), by their institution."),
        ),
        ReportTable(
            "by_department",
            _("People trained by department"),
            [_("Department"), people],
            [[r.label, r.n] for r in report.by_department],
            _("By the session's department; someone trained in two departments counts in each."),
        ),
        ReportTable(
            "by_sex",
            _("People trained by sex"),
            [_("Sex"), people],
            [[r.label, r.n] for r in report.by_sex],
        ),
        ReportTable(
            "by_course",
            _("People trained by course"),
            [_("Course"), people],
            [[r.label, r.n] for r in report.by_course],
            _("Every version of a course counts under its code."),
        ),
        ReportTable(
            "by_year",
            _("People trained by year"),
            [_("Year"), people],
            [[r.label, r.n] for r in report.by_year],
            _("Every year, with the other filters."),
        ),
        ReportTable(
            "gain",
            _("Learning gain (pre-test to post-test)"),
            [_("Normalised gain"), _("Participants")],
            [[r.label, r.n] for r in report.gain_bins],
            _("Mean normalised gain %(mean)s, of %(n)s participants with both tests.")
            % {"mean": _mean(report.gain_mean), "n": report.gain_n},
        ),
        ReportTable(
            "trainers",
            _("Certified trainers by institution"),
            [_("Institution"), _("Certified by the end of the year"), _("Newly certified")],
            [[r.label, r.total, r.new] for r in report.trainers],
        ),
        ReportTable(
            "coverage",
            _("Coverage of mandatory courses"),
            [
                _("Institution"),
                _("Covered (%)"),
                _("Course"),
                _("Role"),
                _("Required"),
                _("Certified"),
                _("Missing"),
            ],
            [
                [r.institution, r.pct, r.course, r.role, r.required, r.certified, r.missing]
                for r in report.coverage
            ],
            _("Active users holding the role, and those with a valid certificate of the course."),
        ),
    ]
    if report.shows_inspections:
        i = report.inspections
        tables.append(
            ReportTable(
                "inspections",
                _("Labour inspections"),
                [_("Figure"), _("Count")],
                [
                    [_("Inspections"), i.inspections],
                    [_("Workers met"), i.workers],
                    [_("Children found (under 18)"), i.children],
                    [_("With indicators of forced labour"), i.with_indicators],
                    [_("Reports raised"), i.reports],
                ],
            )
        )
    tables += [
        ReportTable(
            "reach_channel",
            _("Campaign reach by channel"),
            [
                _("Channel"),
                _("People reached"),
                _("Women and girls"),
                _("Men and boys"),
                _("Sex not recorded"),
            ],
            [[r.label, r.people, r.female, r.male, r.sex_unknown] for r in report.reach_by_channel],
            _("Campaigns starting in the year."),
        ),
        ReportTable(
            "reach_sex",
            _("Campaign reach by sex"),
            [_("Sex"), _("People reached")],
            [[r.label, r.n] for r in report.reach_by_sex],
        ),
        ReportTable(
            "reach_age",
            _("Campaign reach by age"),
            [_("Age"), _("People reached")],
            [[r.label, r.n] for r in report.reach_by_age],
        ),
    ]
    return tables


# --- PDF -------------------------------------------------------------------------------
def _nice_step(top: float) -> int:
    """An axis step of 1, 2 or 5 times a power of ten, about a quarter of ``top``."""
    rough = max(top / 4, 1)
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def _bar_chart(rows: list[tuple[str, float]], width: float) -> Drawing:
    rows = rows[:15]
    height = 14 * len(rows) + 16
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 110, 8
    chart.width, chart.height = width - 130, height - 16
    chart.data = [[v for _label, v in reversed(rows)]]
    chart.categoryAxis.categoryNames = [label[:24] for label, _v in reversed(rows)]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labelTextFormat = "%d"
    step = _nice_step(max([v for _label, v in rows] + [1]))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = step * (int(max([v for _label, v in rows] + [1]) * 1.15 // step) + 1)
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 7
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def report_pdf(report: Report, tables: list[ReportTable], *, title: str, footer: str) -> bytes:
    """The report as an A4 PDF: per block its table and, beside its figures, a bar chart."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("cell", parent=styles["BodyText"], fontSize=8, leading=10)
    hint = ParagraphStyle("hint", parent=body, textColor=GREY)
    heading = ParagraphStyle(
        "h2", parent=styles["Heading2"], fontSize=11, spaceBefore=8, spaceAfter=3
    )
    page_word = _("Page")

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(GREY)
        canvas.drawString(18 * mm, 10 * mm, footer[:140])
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"{page_word} {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="Ruta",
    )
    width = A4[0] - 36 * mm
    scope = (
        _("National figures: every institution, counted. No person is named.")
        if report.national
        else _("Your institution's trainings, counted. No person is named.")
    )
    story: list[Any] = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(escape(scope), hint),
        Paragraph(
            escape(_("People trained in the year: %(n)s") % {"n": report.people}),
            styles["Heading3"],
        ),
        Spacer(1, 4),
    ]
    for t in tables:
        parts: list[Any] = [Paragraph(escape(t.title), heading)]
        if t.hint:
            parts.append(Paragraph(escape(t.hint), hint))
        if t.rows:
            data = [[Paragraph(f"<b>{escape(str(h))}</b>", body) for h in t.headers]]
            data += [[Paragraph(escape(str(v)), body) for v in r] for r in t.rows]
            table = Table(data, repeatRows=1, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ]
                )
            )
            if t.chart is not None and len(t.headers) <= 3:
                side = Table(
                    [[table, _bar_chart(t.chart_rows, width * 0.52)]],
                    colWidths=[width * 0.46, width * 0.54],
                    hAlign="LEFT",
                )
                side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
                parts.append(side)
            else:
                parts.append(table)
                if t.chart is not None:
                    parts.append(_bar_chart(t.chart_rows, width))
        else:
            parts.append(Paragraph(escape(_("Nothing in this year.")), body))
        story.append(KeepTogether(parts))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


# --- XLSX -------------------------------------------------------------------------------
def _cell(value: Any) -> Any:
    """A text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _sheet_title(title: str, used: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name)
    return name


def report_xlsx(report: Report, tables: list[ReportTable]) -> bytes:
    """One sheet per block: its headers in bold, then its rows."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for t in tables:
        sheet = book.create_sheet(_sheet_title(t.title, used))
        sheet.append([t.title])
        sheet["A1"].font = Font(bold=True)
        if t.hint:
            sheet.append([t.hint])
        sheet.append([])
        sheet.append([str(h) for h in t.headers])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for r in t.rows:
            sheet.append([_cell(v) for v in r])
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def coverage_xlsx(coverage: list[CourseCoverage]) -> bytes:
    """Who is still missing each mandatory course: one row per (course, person)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(_("Missing"), set())
    sheet.append([_("Course"), _("Title"), _("Role"), _("Name"), _("User name")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for c in coverage:
        for s in c.missing:
            sheet.append([_cell(v) for v in (c.course, c.title, c.role, s.name, s.username)])
    for col in "ABCDE":
        sheet.column_dimensions[col].width = 28
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
