"""The printed certificate: one A4 landscape page (ReportLab) with the holder, the course, its
hours, the date, the issuing institution, the verification code and a QR code of the public
verification page (segno computes the modules, drawn here as vector squares). The words are in
the reader's language (the active one)."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ruta.core.views import absolute_link
from ruta.prevention.models import Certificate

INK = colors.HexColor("#1f2d3d")
MUTED = colors.HexColor("#4a5866")
ACCENT = colors.HexColor("#1d5c8c")
GOLD = colors.HexColor("#b08d3c")


def verify_url(certificate: Certificate, base_url: str = "") -> str:
    """The absolute address of the certificate's public check (what the QR code holds)."""
    path = reverse("prevention_public:verify", kwargs={"code": certificate.code})
    return absolute_link(path, base_url)


def _hours(certificate: Certificate) -> str:
    text = f"{certificate.hours:f}"
    return text[:-2] if text.endswith(".0") else text


def _draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code of ``data`` in a square of side ``size`` whose lower-left corner is (x, y)."""
    qr = segno.make(data, error="m")
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=2)]
    module = size / len(rows)
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * module
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                # A run of dark modules as one rectangle (a hair wider: no seams when printed).
                canvas.rect(
                    x + start * module, top, (c - start) * module + 0.05, module + 0.05, 0, 1
                )
            else:
                c += 1


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float, width: float) -> float:
    """``text`` centred at height ``y``, wrapped to ``width``; returns the height below."""
    lines = simpleSplit(text, font, size, width)[:3]
    page_width = landscape(A4)[0]
    canvas.setFont(font, size)
    for line in lines:
        canvas.drawCentredString(page_width / 2, y, line)
        y -= size * 1.25
    return y


def render_certificate_pdf(certificate: Certificate, *, base_url: str = "") -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    url = verify_url(certificate, base_url)
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=0)
    canvas.setTitle(_("Certificate %(code)s") % {"code": certificate.code})
    canvas.setAuthor(certificate.issuer_name)
    canvas.setSubject(certificate.course_title)
    canvas.setCreator("Ruta")

    # Frame: a thick outer line and a thin inner one.
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.8)
    canvas.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm)

    text_width = width - 70 * mm
    canvas.setFillColor(MUTED)
    y = _centred(
        canvas, certificate.issuer_name.upper(), height - 32 * mm, "Helvetica", 12, text_width
    )
    canvas.setFillColor(ACCENT)
    y = _centred(
        canvas, _("Certificate of completion"), y - 12 * mm, "Helvetica-Bold", 32, text_width
    )
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.2)
    canvas.line(width / 2 - 40 * mm, y + 7 * mm, width / 2 + 40 * mm, y + 7 * mm)

    canvas.setFillColor(MUTED)
    y = _centred(canvas, _("This certifies that"), y - 10 * mm, "Helvetica", 13, text_width)
    canvas.setFillColor(INK)
    y = _centred(canvas, certificate.holder_name, y - 7 * mm, "Helvetica-Bold", 28, text_width)
    canvas.setFillColor(MUTED)
    y = _centred(canvas, _("has completed the course"), y - 6 * mm, "Helvetica", 13, text_width)
    canvas.setFillColor(INK)
    y = _centred(canvas, certificate.course_title, y - 6 * mm, "Helvetica-Bold", 19, text_width)
    canvas.setFillColor(MUTED)
    details = _("Course %(code)s · %(hours)s hours · issued on %(date)s") % {
        "code": certificate.course_code.upper(),
        "hours": _hours(certificate),
        "date": date_format(certificate.issued_on, "DATE_FORMAT"),
    }
    _centred(canvas, details, y - 3 * mm, "Helvetica", 12, text_width)

    # Signature line of the issuing institution (right) and the verification block (left).
    sign_x = width - 105 * mm
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.6)
    canvas.line(sign_x, 44 * mm, sign_x + 75 * mm, 44 * mm)
    canvas.setFillColor(INK)
    canvas.setFont("Helvetica", 10)
    for i, line in enumerate(simpleSplit(certificate.issuer_name, "Helvetica", 10, 75 * mm)[:2]):
        canvas.drawCentredString(sign_x + 37.5 * mm, 39 * mm - i * 4.2 * mm, line)

    qr_size = 32 * mm
    qr_x, qr_y = 24 * mm, 22 * mm
    _draw_qr(canvas, url, qr_x, qr_y, qr_size)
    text_x = qr_x + qr_size + 5 * mm
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica", 9)
    canvas.drawString(text_x, qr_y + qr_size - 5 * mm, _("Verification code"))
    canvas.setFillColor(INK)
    canvas.setFont("Courier-Bold", 14)
    canvas.drawString(text_x, qr_y + qr_size - 11 * mm, certificate.code)
    canvas.setFillColor(MUTED)
    canvas.setFont("Helvetica", 8)
    lines: list[Any] = simpleSplit(
        _("Check it by scanning the code or at %(url)s") % {"url": url}, "Helvetica", 8, 80 * mm
    )
    for i, line in enumerate(lines[:3]):
        canvas.drawString(text_x, qr_y + qr_size - 17 * mm - i * 3.6 * mm, line)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
