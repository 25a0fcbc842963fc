"""The printed case summary: what a reader may see of a case, as a PDF (ReportLab).

``summary_sections`` gathers the content, limited to the reader's sections
(``policies.sections_for``) and to what only the owner sees (screening, consent, timeline);
the cards other apps add contribute their ``summary_rows`` (``ruta.core.registry``).
``render_pdf`` lays it out, with a footer on every page saying who generated it, when and
why, and the page number. The words are in the reader's language (the active one)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import KeepTogether

from ruta.cases import policies, selectors
from ruta.cases.choices import DIMENSION_LABELS
from ruta.cases.facts import fact_labels
from ruta.cases.models import Case
from ruta.core.actor import Actor


@dataclass
class SummarySection:
    code: str  # the section's name in the audit trail
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    empty: str = ""


def _d(value: date | datetime | None, fmt: str = "SHORT_DATE_FORMAT") -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return date_format(value, fmt)


def _fact_rows(case: Case) -> list[tuple[str, str]]:
    rows = [(heading, ", ".join(values) or "—") for heading, values in fact_labels(case)]
    for event in case.events.all():
        place = ", ".join(
            p for p in (event.country, event.department.name if event.department else "") if p
        )
        when = _d(event.started_on) if event.started_on else ""
        rows.append((str(event.get_type_display()), " · ".join(p for p in (place, when) if p)))
    return rows


def summary_sections(
    actor: Actor,
    case: Case,
    *,
    flags: Iterable[Any] = (),
    panels: Iterable[Mapping[str, Any]] = (),
) -> list[SummarySection]:
    """The summary's sections, in the page's order, holding only what the reader may see."""
    sections = policies.sections_for(actor, case)
    owner = policies.owns(actor, case)
    found = []
    header = SummarySection(
        "case",
        _("Case"),
        [
            (_("Reference"), case.reference),
            (_("Institution"), case.institution.short_name),
            (_("Status"), str(case.get_status_display())),
            (_("Victim type"), str(case.get_victim_type_display())),
            (_("Flags"), ", ".join(str(f.label) for f in flags) or "—"),
            (_("Opened"), _d(case.opened_at)),
            (_("First contact"), _d(case.first_contact_at)),
        ],
    )
    if case.closed_at:
        header.rows.append((_("Closed"), _d(case.closed_at)))
    found.append(header)
    if "identity" in sections:
        person = case.person
        age = person.age()
        found.append(
            SummarySection(
                "identity",
                _("Identity"),
                [
                    (_("Name"), person.full_name),
                    (_("Sex"), str(person.get_sex_display())),
                    (_("Age"), str(age) if age is not None else "—"),
                ],
            )
        )
    decisions = [
        (
            str(d.get_status_display()),
            f"{_d(d.decided_on)} · {d.deciding_institution.short_name}"
            + (f" — {d.basis}" if "facts" in sections and d.basis else ""),
        )
        for d in case.identifications.all()
    ]
    found.append(
        SummarySection("identification", _("Identification"), decisions, _("No decision yet."))
    )
    if "facts" in sections:
        found.append(SummarySection("facts", _("Facts of exploitation"), _fact_rows(case)))
    if owner:
        language = (get_language() or "es")[:2]
        found.append(
            SummarySection(
                "screening",
                _("Screening"),
                [
                    (
                        str(sc.get_suggestion_display()),
                        f"{sc.instrument.label(language)} · {_d(sc.screened_on)} · "
                        + ", ".join(
                            str(DIMENSION_LABELS.get(k, k)) for k, on in sc.dimensions.items() if on
                        ),
                    )
                    for sc in selectors.screenings_of(case=case)
                ],
                _("No screening yet."),
            )
        )
        found.append(
            SummarySection(
                "consent",
                _("Consent"),
                [
                    (
                        str(c.get_purpose_display()),
                        f"{c.get_given_by_display()} · {_d(c.given_on)}"
                        + (f" · {c.recipient.short_name}" if c.recipient else "")
                        + (
                            " · " + _("withdrawn on %(when)s") % {"when": _d(c.withdrawn_on)}
                            if not c.active
                            else ""
                        ),
                    )
                    for c in selectors.consents_of(case=case)
                ],
                _("No consent recorded."),
            )
        )
    for panel in panels:
        rows = panel.get("summary_rows")
        section = panel.get("section")
        if rows is not None and section:
            found.append(SummarySection(section["id"], str(section["label"]), list(rows)))
    notes = [
        (
            f"{_d(n.created_at, 'SHORT_DATETIME_FORMAT')} · {n.get_sensitivity_display()}",
            f"{n.author} — {n.body}",
        )
        for n in selectors.notes_visible(actor=actor, case=case)
    ]
    found.append(SummarySection("notes", _("Notes"), notes, _("No notes you can read.")))
    if owner:
        found.append(
            SummarySection(
                "timeline",
                _("Timeline"),
                [
                    (
                        _d(a.at, "SHORT_DATETIME_FORMAT"),
                        str(a.get_kind_display()) + (f" · {a.user}" if a.user else ""),
                    )
                    for a in selectors.case_timeline(case=case)
                ],
            )
        )
    return found


def _markup(text: Any) -> str:
    return escape(str(text)).replace("\n", "<br/>")


def render_pdf(sections: list[SummarySection], *, title: str, footer: str) -> bytes:
    """The sections as an A4 PDF; ``footer`` and the page number on every page. Pages are
    not compressed: a summary is a few pages of text, and its words stay searchable."""
    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("cell", parent=styles["BodyText"], fontSize=9, leading=11)
    label = ParagraphStyle("label", parent=body, textColor=colors.HexColor("#4a5866"))
    heading = ParagraphStyle(
        "h2", parent=styles["Heading2"], fontSize=12, spaceBefore=8, spaceAfter=4
    )
    page_word = _("Page")

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#4a5866"))
        number = f"{page_word} {doc.page}"
        width = A4[0] - 36 * mm - canvas.stringWidth(number, "Helvetica", 8) - 6 * mm
        lines = simpleSplit(footer, "Helvetica", 8, width)[:3]
        for i, line in enumerate(lines):
            canvas.drawString(18 * mm, (10 + 3.5 * (len(lines) - 1 - i)) * mm, line)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, number)
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=24 * mm,
        title=title,
        author="Ruta",
        pageCompression=0,
    )
    story: list[Any] = [Paragraph(escape(title), styles["Title"]), Spacer(1, 4)]
    for section in sections:
        parts: list[Any] = [Paragraph(escape(section.title), heading)]
        if section.rows:
            table = Table(
                [
                    [Paragraph(_markup(k), label), Paragraph(_markup(v), body)]
                    for k, v in section.rows
                ],
                colWidths=[48 * mm, None],
            )
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cfd7df")),
                        ("TOPPADDING", (0, 0), (-1, -1), 2),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ]
                )
            )
            parts.append(table)
        else:
            parts.append(Paragraph(escape(section.empty or "—"), body))
        story.append(KeepTogether(parts) if len(section.rows) < 12 else parts[0])
        if len(section.rows) >= 12:
            story.extend(parts[1:])
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
