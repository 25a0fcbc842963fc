"""API of the reports out: the donor report (JSON), its PDF and XLSX, the IATI activity
file. The files are answered as they are (not through a renderer), documented as binary."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.schema import PROBLEM_MEDIA_TYPE, ProblemSerializer
from ruta.core.api.serializers import query_data
from ruta.core.api.views import ActorApiRequest
from ruta.results import selectors_reports as reports
from ruta.results.api import serializers_reports as s
from ruta.results.donor_pdf import report_pdf
from ruta.results.donor_xlsx import report_xlsx
from ruta.results.iati import activity_xml
from ruta.results.models import ResultsFramework
from ruta.results.views_reports import IATI_XML, PDF, XLSX, download


def _query(request: ActorApiRequest, serializer=s.ReportQuerySerializer) -> dict:
    query = serializer(data=query_data(request))
    query.is_valid(raise_exception=True)
    q = dict(query.validated_data)
    if q.get("period") in (None, "-"):
        q["period"] = reports.report_period_parse("")
    q.setdefault("language", (translation.get_language() or "es")[:2])
    return q


class DonorReportApi(GenericAPIView):
    serializer_class = s.DonorReportSerializer
    queryset = ResultsFramework.objects.none()
    pagination_class = None

    @extend_schema(
        operation_id="results_donor_report",
        parameters=[s.ReportQuerySerializer],
        responses=s.DonorReportSerializer,
    )
    def get(self, request: ActorApiRequest, framework_id: UUID) -> Response:
        framework = reports.framework_for_report(actor=request.actor, framework_id=framework_id)
        q = _query(request)
        with translation.override(q["language"]):
            report = reports.donor_report(
                actor=request.actor, framework=framework, period=q["period"]
            )
            return Response(s.DonorReportSerializer(report).data)


class DonorReportPdfApi(GenericAPIView):
    queryset = ResultsFramework.objects.none()

    @extend_schema(
        operation_id="results_donor_report_pdf",
        parameters=[s.ReportQuerySerializer],
        responses={(200, PDF): OpenApiTypes.BINARY},
    )
    def get(self, request: ActorApiRequest, framework_id: UUID) -> HttpResponse:
        framework = reports.framework_for_report(actor=request.actor, framework_id=framework_id)
        q = _query(request)
        with translation.override(q["language"]):
            report = reports.donor_report(
                actor=request.actor, framework=framework, period=q["period"]
            )
            pdf = report_pdf(report, generated_by=request.actor.institution.name)
        reports.framework_record_export(
            actor=request.actor, framework=framework, fmt="pdf", period=q["period"]
        )
        return download(pdf, PDF, f"{framework.code}-{q['period']}.pdf")


class DonorReportXlsxApi(GenericAPIView):
    queryset = ResultsFramework.objects.none()

    @extend_schema(
        operation_id="results_donor_report_xlsx",
        parameters=[s.ReportQuerySerializer],
        responses={(200, XLSX): OpenApiTypes.BINARY},
    )
    def get(self, request: ActorApiRequest, framework_id: UUID) -> HttpResponse:
        framework = reports.framework_for_report(actor=request.actor, framework_id=framework_id)
        q = _query(request)
        with translation.override(q["language"]):
            report = reports.donor_report(
                actor=request.actor, framework=framework, period=q["period"]
            )
            content = report_xlsx(report, language=q["language"])
        reports.framework_record_export(
            actor=request.actor, framework=framework, fmt="xlsx", period=q["period"]
        )
        return download(content, XLSX, f"{framework.code}-{q['period']}.xlsx")


class FrameworkIatiApi(GenericAPIView):
    queryset = ResultsFramework.objects.none()

    @extend_schema(
        operation_id="results_iati",
        parameters=[s.LanguageQuerySerializer],
        responses={
            (200, IATI_XML): OpenApiTypes.BINARY,
            (422, PROBLEM_MEDIA_TYPE): OpenApiResponse(
                ProblemSerializer,
                description="The framework lacks its IATI identifiers, or the file would "
                "not validate against the IATI 2.03 activity schema.",
            ),
        },
        description="The framework as an IATI 2.03 activity file, validated against the "
        "official schema before it is answered.",
    )
    def get(self, request: ActorApiRequest, framework_id: UUID) -> HttpResponse:
        framework = reports.framework_for_report(actor=request.actor, framework_id=framework_id)
        q = _query(request, s.LanguageQuerySerializer)
        activity = reports.framework_iati(actor=request.actor, framework=framework)
        content = activity_xml(activity, language=q["language"])
        reports.framework_record_export(actor=request.actor, framework=framework, fmt="iati")
        return download(content, IATI_XML, f"{framework.code}-iati.xml")
