"""Titled tables of figures as a PDF (ReportLab, a bar chart beside the figures, drawn with
reportlab.graphics) and as a spreadsheet (openpyxl, one sheet per table). The pages show the
same tables: the training report and the statistics dashboards build their blocks once and
hand them to both."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

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


def tables_pdf(
    tables: list[ReportTable],
    *,
    title: str,
    footer: str,
    notes: Sequence[str] = (),
    headline: str = "",
    empty: str = "",
) -> bytes:
    """An A4 PDF: the title, ``notes`` (small grey lines), ``headline`` (a figure in large
    type), then per table its rows and, beside its figures, a bar chart."""
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
    story: list[Any] = [Paragraph(escape(title), styles["Title"])]
    story += [Paragraph(escape(line), hint) for line in notes]
    if headline:
        story.append(Paragraph(escape(headline), styles["Heading3"]))
    story.append(Spacer(1, 4))
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
            parts.append(Paragraph(escape(empty or _("Nothing to show.")), body))
        story.append(KeepTogether(parts))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


# --- XLSX -------------------------------------------------------------------------------
def safe_cell(value: Any) -> Any:
    """A text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def sheet_title(title: str, used: set[str]) -> str:
    base = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "Sheet"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name)
    return name


def tables_xlsx(tables: list[ReportTable]) -> bytes:
    """One sheet per block: its headers in bold, then its rows."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for t in tables:
        sheet = book.create_sheet(sheet_title(t.title, used))
        sheet.append([t.title])
        sheet["A1"].font = Font(bold=True)
        if t.hint:
            sheet.append([t.hint])
        sheet.append([])
        sheet.append([str(h) for h in t.headers])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for r in t.rows:
            sheet.append([safe_cell(v) for v in r])
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
