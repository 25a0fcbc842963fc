"""API of the reports slice: the training report of a year (counts only)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.serializers import query_data
from ruta.prevention import selectors_reports as reports
from ruta.prevention.api import serializers_reports as s


class TrainingReportApi(GenericAPIView):
    serializer_class = s.TrainingReportSerializer
    pagination_class = None

    @extend_schema(
        operation_id="prevention_report",
        parameters=[s.ReportQuerySerializer],
        responses=s.TrainingReportSerializer,
    )
    def get(self, request):
        query = s.ReportQuerySerializer(data=query_data(request))
        query.is_valid(raise_exception=True)
        q = query.validated_data
        filters = reports.report_filters(
            actor=request.actor,
            year=q.get("year"),
            institution=q.get("institution"),
            department=q.get("department", ""),
            course=q.get("course", ""),
            sex=q.get("sex", ""),
        )
        report = reports.training_report(actor=request.actor, filters=filters)
        return Response(s.TrainingReportSerializer(report).data)
