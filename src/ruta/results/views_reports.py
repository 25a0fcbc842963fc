"""Pages of the reports out: the donor progress report of a framework on screen (period
picker, download links), its PDF and XLSX, and the framework's IATI activity file. Each view
parses the query string, calls the selectors and renders; a malformed period answers 400."""

from __future__ import annotations

import re
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from ruta.core.views import ActorRequest
from ruta.results import selectors_reports as reports
from ruta.results.donor_pdf import report_pdf
from ruta.results.donor_xlsx import report_xlsx
from ruta.results.iati import IatiInvalid, activity_xml

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
IATI_XML = "application/xml"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def parse_language(raw: str | None) -> str:
    """The report's language: ``?language=`` (es, en, fr), else the reader's."""
    value = (raw or "").strip()
    if not value:
        return (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    if value not in LANGUAGES:
        raise ValidationError(
            {"language": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(LANGUAGES)}]}
        )
    return value


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    # The header is latin-1: keep the name to safe ASCII whatever a code holds.
    filename = re.sub(r"[^A-Za-z0-9._-]", "-", filename)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _bad_request(request, error: ValidationError, framework=None) -> HttpResponse:
    messages = (
        [str(m) for ms in error.message_dict.values() for m in ms]
        if hasattr(error, "error_dict")
        else [str(m) for m in error.messages]
    )
    return render(
        request,
        "results/reports/invalid.html",
        {"framework": framework, "messages_": messages},
        status=400,
    )


class _Report(View):
    def get(self, request: ActorRequest, framework_id: UUID) -> HttpResponse:
        framework = reports.framework_for_report(actor=request.actor, framework_id=framework_id)
        try:
            period = reports.report_period_parse(request.GET.get("period"))
            language = parse_language(request.GET.get("language"))
        except ValidationError as error:
            return _bad_request(request, error, framework)
        with translation.override(language):
            return self.answer(request, framework, period, language)

    def answer(self, request, framework, period: str, language: str) -> HttpResponse:
        raise NotImplementedError


class DonorReportView(_Report):
    def answer(self, request, framework, period, language):
        report = reports.donor_report(actor=request.actor, framework=framework, period=period)
        return render(
            request,
            "results/reports/donor_report.html",
            {"report": report, "framework": framework, "language": language},
        )


class DonorReportPdfView(_Report):
    def answer(self, request, framework, period, language):
        report = reports.donor_report(actor=request.actor, framework=framework, period=period)
        pdf = report_pdf(report, generated_by=request.actor.institution.name)
        reports.framework_record_export(
            actor=request.actor, framework=framework, fmt="pdf", period=period
        )
        return download(pdf, PDF, f"{framework.code}-{period}.pdf")


class DonorReportXlsxView(_Report):
    def answer(self, request, framework, period, language):
        report = reports.donor_report(actor=request.actor, framework=framework, period=period)
        content = report_xlsx(report, language=language)
        reports.framework_record_export(
            actor=request.actor, framework=framework, fmt="xlsx", period=period
        )
        return download(content, XLSX, f"{framework.code}-{period}.xlsx")


class FrameworkIatiView(View):
    def get(self, request: ActorRequest, framework_id: UUID) -> HttpResponse:
        framework = reports.framework_for_report(actor=request.actor, framework_id=framework_id)
        try:
            language = parse_language(request.GET.get("language"))
        except ValidationError as error:
            return _bad_request(request, error, framework)
        activity = reports.framework_iati(actor=request.actor, framework=framework)
        try:
            content = activity_xml(activity, language=language)
        except IatiInvalid as error:
            response = _bad_request(request, error, framework)
            response.status_code = 422
            return response
        reports.framework_record_export(actor=request.actor, framework=framework, fmt="iati")
        return download(content, IATI_XML, f"{framework.code}-iati.xml")
