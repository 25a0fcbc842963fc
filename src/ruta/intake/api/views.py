from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ruta.core.api.errors import unprocessable
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.core.views import base_url
from ruta.institutions.selectors import department_get, municipality_get
from ruta.intake import policies, selectors, services
from ruta.intake.api import serializers as s
from ruta.intake.models import Report


def _sections(actor) -> list[str]:
    return [
        name
        for name, allowed in (
            ("facts", policies.can_read_report_facts(actor)),
            ("reporter", policies.can_read_reporter(actor)),
        )
        if allowed
    ]


class ReportListApi(GenericAPIView):
    serializer_class = s.ReportListSerializer

    @extend_schema(
        operation_id="reports_list",
        parameters=[
            OpenApiParameter("status", str, required=False),
            OpenApiParameter("code", str, required=False, description="Follow-up code"),
        ],
        responses=s.ReportListSerializer(many=True),
    )
    def get(self, request):
        require(policies.can_list_reports(request.actor))
        qs = selectors.report_queue(
            actor=request.actor,
            status=request.query_params.get("status", "")[:20],
            code=request.query_params.get("code", "")[:20],
        )
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.ReportListSerializer(page, many=True).data)

    @extend_schema(request=s.ReportCreateSerializer, responses={201: s.ReportDetailSerializer})
    def post(self, request):
        actor = request.actor
        require(policies.can_create_report(actor))
        data = s.ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        try:
            v["department"] = department_get(v["department"]) if v.get("department") else None
            v["municipality"] = (
                municipality_get(v["municipality"]) if v.get("municipality") else None
            )
        except Http404 as exc:
            raise unprocessable({"department": [_("Unknown place code.")]}) from exc
        people = [services.PersonInput(**p) for p in v.pop("people", [])]
        report = services.report_create(
            actor=actor, people=people, base_url=base_url(request._request), **v
        )
        report = selectors.report_get(actor=actor, report_id=report.pk)
        return Response(
            s.ReportDetailSerializer(report, context={"sections": _sections(actor)}).data,
            status=status.HTTP_201_CREATED,
        )


class ReportDetailApi(GenericAPIView):
    serializer_class = s.ReportDetailSerializer

    def get(self, request, report_id):
        report = selectors.report_get(actor=request.actor, report_id=report_id)
        return Response(
            s.ReportDetailSerializer(report, context={"sections": _sections(request.actor)}).data
        )


class _ReportActionApi(ActionApi):
    """A triage step: answers with the report's queue row as it is now."""

    response_serializer_class = s.ReportListSerializer

    def load(self, request, **kwargs: Any) -> Report:
        return selectors.report_get(actor=request.actor, report_id=kwargs["report_id"])


class ReportTakeApi(_ReportActionApi):
    """Take a new report into triage."""

    serializer_class = s.ReportTakeSerializer

    def perform(self, request, obj: Report, data: dict[str, Any]) -> Report:
        return services.report_take(actor=request.actor, report=obj, version=data["version"])


class ReportAcceptApi(_ReportActionApi):
    """Triage outcome: possible trafficking, into the ERI queue."""

    serializer_class = s.ReportAcceptSerializer

    def perform(self, request, obj: Report, data: dict[str, Any]) -> Report:
        return services.report_accept(actor=request.actor, report=obj, version=data["version"])


class ReportCloseApi(_ReportActionApi):
    """Triage outcome: not trafficking, with the reason and the referral information given."""

    serializer_class = s.ReportCloseSerializer

    def perform(self, request, obj: Report, data: dict[str, Any]) -> Report:
        return services.report_close(
            actor=request.actor,
            report=obj,
            version=data["version"],
            reason=data.get("reason", ""),
            referral_information=data.get("referral_information", ""),
        )
