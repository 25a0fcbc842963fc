"""The donor progress report as an A4 PDF (ReportLab): a title block (framework, period,
owner, dates, the traffic lights counted), the overall narrative, then per result its
indicators (baseline, target, actual, the light as a coloured cell AND its word, the note on
how a figure was aggregated) and its narrative of progress and risks. Page numbers and the
generation date in the footer. Words in the active language (the view sets it)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ruta.results.choices import Level, Light, Unit
from ruta.results.selectors_reports import DonorReport, IndicatorLine

INK = colors.HexColor("#1f2d3d")
DASH = "\u2013"  # an en dash between two dates
GREY = colors.HexColor("#4a5866")
RULE = colors.HexColor("#cfd7df")
ACCENT = colors.HexColor("#1d5c8c")
HEAD = colors.HexColor("#e8eef4")
LIGHT_COLOURS: dict[str, colors.Color] = {
    Light.GREEN: colors.HexColor("#2e7d32"),
    Light.AMBER: colors.HexColor("#f2a900"),
    Light.RED: colors.HexColor("#c62828"),
    Light.NONE: colors.HexColor("#9aa5b1"),
}
LIGHT_INK: dict[str, colors.Color] = {
    Light.GREEN: colors.white,
    Light.AMBER: INK,
    Light.RED: colors.white,
}


def figure(value, unit: str) -> str:
    if value is None:
        return "—"
    text = number_format(value, decimal_pos=None if value != value.to_integral() else 0)
    if unit == Unit.PERCENT:
        return f"{text} %"
    if unit in (Unit.DAYS, Unit.HOURS):
        return f"{text} {Unit(unit).label.lower()}"
    return text


def baseline_text(line: IndicatorLine) -> str:
    indicator = line.indicator
    if indicator.baseline_value is None:
        return "—"
    text = figure(indicator.baseline_value, indicator.unit)
    if indicator.baseline_on:
        text += f" ({date_format(indicator.baseline_on, 'SHORT_DATE_FORMAT')})"
    return text


def report_pdf(report: DonorReport, *, generated_by: str) -> bytes:
    buffer = io.BytesIO()
    language = (get_language() or "es")[:2]
    framework = report.framework
    pagesize = landscape(A4)
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9, leading=12, textColor=INK)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)
    small = ParagraphStyle("small", parent=cell, fontSize=7, leading=9, textColor=GREY)
    title_style = ParagraphStyle(
        "title", parent=styles["Title"], fontSize=18, leading=22, alignment=0, textColor=ACCENT
    )
    h2 = ParagraphStyle(
        "h2", parent=styles["Heading2"], fontSize=12, spaceBefore=10, spaceAfter=4, textColor=INK
    )
    h3 = ParagraphStyle(
        "h3",
        parent=styles["Heading3"],
        fontName="Helvetica-Bold",
        fontSize=10,
        spaceBefore=6,
        spaceAfter=2,
    )
    period_label = report.period_label(language)
    title = _("Progress report %(period)s") % {"period": period_label}
    generated = date_format(timezone.localtime(report.generated_at), "SHORT_DATETIME_FORMAT")
    footer = _("%(framework)s · %(title)s · generated on %(when)s by %(who)s") % {
        "framework": framework.code,
        "title": title,
        "when": generated,
        "who": generated_by,
    }
    page_word = _("Page")

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.line(15 * mm, 13 * mm, pagesize[0] - 15 * mm, 13 * mm)
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(GREY)
        canvas.drawString(15 * mm, 9 * mm, footer[:170])
        canvas.drawRightString(pagesize[0] - 15 * mm, 9 * mm, f"{page_word} {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=18 * mm,
        title=f"{framework.title} — {title}",
        author=framework.institution.name,
        subject=title,
    )
    width = pagesize[0] - 30 * mm

    def p(text: str, style: ParagraphStyle = cell) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    # Title block.
    facts = [
        [_("Framework"), f"{framework.title} ({framework.code})"],
        [
            _("Reporting period"),
            f"{period_label}: "
            f"{date_format(report.starts_on, 'SHORT_DATE_FORMAT')} {DASH} "
            f"{date_format(report.ends_on, 'SHORT_DATE_FORMAT')}",
        ],
        [_("Reported by"), framework.institution.name],
        [
            _("Project duration"),
            f"{date_format(framework.starts_on, 'SHORT_DATE_FORMAT')} {DASH} "
            f"{date_format(framework.ends_on, 'SHORT_DATE_FORMAT')}",
        ],
    ]
    if framework.iati_identifier:
        facts.append([_("IATI identifier"), framework.iati_identifier])
    counts = report.lights
    facts.append(
        [
            _("Indicators"),
            ", ".join(f"{Light(code).label}: {counts[code]}" for code in Light.values),
        ]
    )
    block = Table(
        [[p(k, ParagraphStyle("k", parent=cell, textColor=GREY)), p(v, body)] for k, v in facts],
        colWidths=[45 * mm, width - 45 * mm],
        hAlign="LEFT",
    )
    block.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.white),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story: list[Any] = [
        Paragraph(escape(title), title_style),
        Paragraph(escape(framework.title), ParagraphStyle("sub", parent=body, fontSize=11)),
        Spacer(1, 6),
        block,
        Spacer(1, 4),
    ]
    if report.aggregated:
        story.append(
            p(
                _(
                    "Where no value was stored for the whole period, the figure is the sum "
                    "(numbers) or the latest value (percentages, days, hours) of the "
                    "indicator's own periods inside it, as noted on its line."
                ),
                small,
            )
        )
    if report.progress or report.risks:
        story.append(Paragraph(escape(_("Overall progress")), h2))
        if report.progress:
            story.append(p(report.progress, body))
        if report.risks:
            story.append(Paragraph(escape(_("Risks and mitigation")), h3))
            story.append(p(report.risks, body))

    headers = [
        _("Code"),
        _("Indicator"),
        _("Baseline"),
        _("Target"),
        _("Actual"),
        _("Status"),
        _("Note"),
    ]
    col = [18 * mm, None, 28 * mm, 22 * mm, 22 * mm, 30 * mm, 55 * mm]
    col[1] = width - sum(c for c in col if c)
    story.append(Paragraph(escape(_("Results and indicators")), h2))
    for result in report.results:
        node = result.node
        level = str(Level(node.level).label)
        heading = ParagraphStyle(
            f"h-{result.depth}", parent=h3, leftIndent=min(result.depth, 4) * 4 * mm
        )
        parts: list[Any] = [
            Paragraph(
                f"{escape(node.code)} · {escape(node.title)} "
                f"<font size=8 color='#4a5866'>({escape(level)})</font>",
                heading,
            )
        ]
        if result.indicators:
            data = [[Paragraph(f"<b>{escape(h)}</b>", cell) for h in headers]]
            style = [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
            for i, line in enumerate(result.indicators, start=1):
                ind = line.indicator
                source = (
                    _("computed from Ruta's records") if ind.computation else _("entered by hand")
                )
                data.append(
                    [
                        p(ind.code),
                        Paragraph(
                            f"{escape(ind.name)}<br/><font size=7 color='#4a5866'>"
                            f"{escape(str(Unit(ind.unit).label))} · {escape(source)}</font>",
                            cell,
                        ),
                        p(baseline_text(line)),
                        p(figure(line.target.value, ind.unit)),
                        p(figure(line.actual.value, ind.unit)),
                        Paragraph(
                            f"<b>{escape(line.light_label)}</b>",
                            ParagraphStyle(
                                f"light-{line.light}",
                                parent=cell,
                                textColor=LIGHT_INK.get(line.light, colors.white),
                                alignment=1,
                            ),
                        ),
                        p(line.note, small),
                    ]
                )
                style.append(("BACKGROUND", (5, i), (5, i), LIGHT_COLOURS[line.light]))
            table = Table(data, colWidths=col, repeatRows=1, hAlign="LEFT")
            table.setStyle(TableStyle(style))
            parts.append(table)
        if result.progress:
            parts += [Spacer(1, 3), p(_("Progress") + ": " + result.progress, body)]
        if result.risks:
            parts += [p(_("Risks and mitigation") + ": " + result.risks, body)]
        story.append(KeepTogether(parts))
    if not report.results:
        story.append(p(_("This framework has no results yet."), body))
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
