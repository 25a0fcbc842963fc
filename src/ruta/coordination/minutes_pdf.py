"""The printed minutes of a meeting (ReportLab), in the committee's language: the heading
(committee, session number/year, date, place or link), the attendance by institution with the
quorum, the agenda, the minutes' text, the meeting's agreements with their action items, and
page numbers."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ruta.coordination.choices import Presence
from ruta.coordination.models import Meeting
from ruta.coordination.quorum import quorum_status
from ruta.coordination.selectors_meetings import register

INK = colors.HexColor("#1f2d3d")
RULE = colors.HexColor("#c8d0d8")
HEAD = colors.HexColor("#e8eef4")


def _p(value: str, style) -> Paragraph:
    return Paragraph(escape(value).replace("\n", "<br/>"), style)


def _table(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render_minutes_pdf(meeting: Meeting) -> bytes:
    """``meeting`` from ``selectors_meetings.meeting_get`` (everything prefetched)."""
    committee = meeting.committee
    with translation.override(committee.language):
        return _render(meeting)


def _render(meeting: Meeting) -> bytes:
    committee = meeting.committee
    styles = getSampleStyleSheet()
    body, small, h1, h2 = (
        styles["BodyText"],
        styles["BodyText"],
        styles["Title"],
        styles["Heading2"],
    )
    small = small.clone("small", fontSize=9, leading=11)
    out: list = []
    kind = _("Extraordinary session") if meeting.is_extraordinary else _("Ordinary session")
    out.append(_p(committee.name, h1))
    out.append(
        _p(
            _("Minutes of session %(number)s/%(year)s (%(kind)s)")
            % {"number": meeting.number, "year": meeting.year, "kind": kind.lower()},
            styles["Heading1"],
        )
    )
    out.append(_p(meeting.title, h2))
    starts = timezone.localtime(meeting.starts_at)
    facts = [
        (_("Date"), date_format(starts, "DATETIME_FORMAT")),
        (_("Place"), meeting.place or "—"),
    ]
    if meeting.online_link:
        facts.append((_("Online link"), meeting.online_link))
    facts.append((_("Status"), str(meeting.get_status_display())))
    out.append(
        Table(
            [[_p(k, small), _p(v, small)] for k, v in facts],
            colWidths=[35 * mm, 135 * mm],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP")],
        )
    )
    out.append(Spacer(0, 4 * mm))

    # Attendance and quorum.
    out.append(_p(_("Attendance"), h2))
    labels = dict(Presence.choices)
    rows = [
        [_p(_("Institution"), small), _p(_("Attendance"), small), _p(_("Represented by"), small)]
    ]
    for row in register(meeting):
        line = row["line"]
        name = row["institution"].name
        if row["observer"]:
            name = f"{name} ({_('observer')})"
        rows.append(
            [
                _p(name, small),
                _p(str(labels.get(line.presence, "")) if line else "—", small),
                _p(line.person if line and line.person else "—", small),
            ]
        )
    if len(rows) == 1:
        rows.append([_p(_("No member institutions."), small), "", ""])
    out.append(_table(rows, [80 * mm, 30 * mm, 60 * mm]))
    present, needed, reached = quorum_status(meeting)
    verdict = _("quorum reached") if reached else _("no quorum")
    out.append(Spacer(0, 2 * mm))
    out.append(
        _p(
            _("Quorum: %(present)s voting members present, %(needed)s needed: %(verdict)s.")
            % {"present": present, "needed": needed, "verdict": verdict},
            body,
        )
    )
    out.append(Spacer(0, 4 * mm))

    # Agenda.
    out.append(_p(_("Agenda"), h2))
    agenda = list(meeting.agenda.all())
    for item in agenda:
        line = f"{item.order}. {item.title}"
        if item.presenter:
            line += f" — {item.presenter}"
        out.append(_p(line, body))
    if not agenda:
        out.append(_p(_("No agenda items."), body))
    out.append(Spacer(0, 4 * mm))

    # Minutes.
    out.append(_p(_("Minutes"), h2))
    out.append(_p(meeting.minutes or _("The minutes have not been written yet."), body))
    out.append(Spacer(0, 4 * mm))

    # Agreements and their action items.
    agreements = list(meeting.agreements.all())
    if agreements:
        out.append(_p(_("Agreements"), h2))
        for agreement in agreements:
            out.append(_p(f"{agreement.reference}: {agreement.text}", body))
            actions = list(agreement.actions.all())
            if actions:
                rows = [
                    [
                        _p(_("Action"), small),
                        _p(_("Responsible institution"), small),
                        _p(_("Due on"), small),
                    ]
                ]
                for action in actions:
                    rows.append(
                        [
                            _p(action.description, small),
                            _p(action.owner_institution.name, small),
                            _p(date_format(action.due_on, "SHORT_DATE_FORMAT"), small),
                        ]
                    )
                out.append(_table(rows, [85 * mm, 60 * mm, 25 * mm]))
            out.append(Spacer(0, 3 * mm))

    if meeting.minutes_closed_at:
        closed = date_format(timezone.localtime(meeting.minutes_closed_at), "DATETIME_FORMAT")
        out.append(_p(_("Minutes closed on %(date)s.") % {"date": closed}, small))

    page_label = _("Page %(page)s")
    footer_left = f"{committee.acronym} · {meeting.number}/{meeting.year}"

    def _footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(INK)
        canvas.drawString(20 * mm, 10 * mm, footer_left)
        canvas.drawRightString(190 * mm, 10 * mm, page_label % {"page": doc.page})
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{committee.acronym} {meeting.number}/{meeting.year}",
    )
    doc.build(out, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
