"""The statistics in the API: one class per action. Counts only."""

from __future__ import annotations

from typing import Any

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from ruta.core.api.pagination import PageNumberPagination
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.reporting import (
    policies,
    selectors,
    selectors_actions,
    selectors_exports,
    selectors_releases,
    selectors_response,
    services,
    services_exports,
    services_releases,
)
from ruta.reporting.api import serializers as s
from ruta.reporting.models import ExportJob, Release
from ruta.reporting.policies import can_view_statistics


class VictimsDashboardApi(APIView):
    extra_error_codes = ("422",)

    @extend_schema(
        operation_id="statistics_victims_retrieve",
        description="Victims detected (presumed or identified), counted every way the "
        "dashboard shows them, for the filters given. Counts only; a person detected twice "
        "in a year is counted once.",
        parameters=[s.DashboardQuerySerializer],
        responses=s.VictimsDashboardSerializer,
    )
    def get(self, request) -> Response:
        actor = request.actor
        require(can_view_statistics(actor))
        query = s.DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.filters()
        services.refresh_if_behind()
        dashboard = selectors.victims_dashboard(actor=actor, filters=filters)
        return Response(s.VictimsDashboardSerializer(dashboard).data)


class ResponseDashboardApi(APIView):
    extra_error_codes = ("422",)

    @extend_schema(
        operation_id="statistics_response_retrieve",
        description="Services delivered (by type, provider and period) and referrals between "
        "institutions (by status and outcome, type, and receiving institution with the time "
        "to answer), for the filters given. Counts only.",
        parameters=[s.ResponseQuerySerializer],
        responses=s.ResponseDashboardSerializer,
    )
    def get(self, request) -> Response:
        actor = request.actor
        require(can_view_statistics(actor))
        query = s.ResponseQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.filters()
        services.refresh_if_behind()
        dashboard = selectors_response.response_dashboard(actor=actor, filters=filters)
        return Response(s.ResponseDashboardSerializer(dashboard).data)


class ActionsDashboardApi(APIView):
    extra_error_codes = ("422",)

    @extend_schema(
        operation_id="statistics_actions_retrieve",
        description="The committees' action items due in the years given: done on time, "
        "done late, overdue, not yet due and cancelled, by period, committee and responsible "
        "institution.",
        parameters=[s.ActionsQuerySerializer],
        responses=s.ActionsDashboardSerializer,
    )
    def get(self, request) -> Response:
        actor = request.actor
        require(can_view_statistics(actor))
        query = s.ActionsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        dashboard = selectors_actions.actions_dashboard(actor=actor, filters=query.filters())
        return Response(s.ActionsDashboardSerializer(dashboard).data)


class ReleaseListApi(GenericAPIView):
    serializer_class = s.StatisticsReleaseSerializer
    queryset = Release.objects.none()
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="statistics_releases_list",
        description="Releases of the official tables the caller may see: drafts for who "
        "prepares and who publishes, published ones for every viewer of the statistics.",
        responses=s.StatisticsReleaseSerializer(many=True),
    )
    def get(self, request) -> Response:
        page = self.paginate_queryset(selectors_releases.release_list(actor=request.actor))
        return self.get_paginated_response(s.StatisticsReleaseSerializer(page, many=True).data)


class ReleaseDetailApi(GenericAPIView):
    serializer_class = s.StatisticsReleaseDetailSerializer
    queryset = Release.objects.none()

    @extend_schema(operation_id="statistics_releases_retrieve")
    def get(self, request, release_id) -> Response:
        release = selectors_releases.release_get(actor=request.actor, release_id=release_id)
        return Response(s.StatisticsReleaseDetailSerializer(release).data)


class ReleasePrepareApi(ActionApi):
    serializer_class = s.StatisticsReleasePrepareSerializer
    response_serializer_class = s.StatisticsReleaseDetailSerializer
    operation_id = "statistics_releases_prepare"
    success_status = status.HTTP_201_CREATED
    queryset = Release.objects.none()

    def load(self, request, **kwargs: Any) -> None:
        return None

    def perform(self, request, obj: None, data: dict[str, Any]) -> Release:
        return services_releases.release_prepare(actor=request.actor, year=data["year"])


class ReleasePublishApi(ActionApi):
    serializer_class = s.StatisticsReleasePublishSerializer
    response_serializer_class = s.StatisticsReleaseSerializer
    operation_id = "statistics_releases_publish"
    queryset = Release.objects.none()

    def load(self, request, **kwargs: Any) -> Release:
        return selectors_releases.release_get(actor=request.actor, release_id=kwargs["release_id"])

    def perform(self, request, obj: Release, data: dict[str, Any]) -> Release:
        return services_releases.release_publish(
            actor=request.actor, release=obj, version=data["version"]
        )


class ExportListApi(GenericAPIView):
    serializer_class = s.ExportJobSerializer
    queryset = ExportJob.objects.none()
    pagination_class = PageNumberPagination

    @extend_schema(
        operation_id="statistics_exports_list",
        description="The exchange files the caller asked for, in the institution they act for.",
        responses=s.ExportJobSerializer(many=True),
    )
    def get(self, request) -> Response:
        page = self.paginate_queryset(selectors_exports.export_list(actor=request.actor))
        return self.get_paginated_response(s.ExportJobSerializer(page, many=True).data)


class ExportDetailApi(GenericAPIView):
    serializer_class = s.ExportJobSerializer
    queryset = ExportJob.objects.none()

    @extend_schema(operation_id="statistics_exports_retrieve")
    def get(self, request, job_id) -> Response:
        job = selectors_exports.export_get(actor=request.actor, job_id=job_id)
        return Response(s.ExportJobSerializer(job).data)


class ExportStartApi(ActionApi):
    serializer_class = s.ExportStartSerializer
    response_serializer_class = s.ExportJobSerializer
    operation_id = "statistics_exports_start"
    success_status = status.HTTP_202_ACCEPTED
    queryset = ExportJob.objects.none()

    def load(self, request, **kwargs: Any) -> None:
        require(policies.can_use_exports(request.actor))
        return

    def perform(self, request, obj: None, data: dict[str, Any]) -> ExportJob:
        return services_exports.export_start(
            actor=request.actor, kind=data["kind"], year=data["year"], reason=data["reason"]
        )


class ExportDownloadApi(GenericAPIView):
    serializer_class = s.ExportDownloadSerializer
    queryset = ExportJob.objects.none()

    @extend_schema(
        operation_id="statistics_exports_download",
        description="The file, streamed. The HTCDS spreadsheet needs a password (12 characters "
        "or more), with which it is encrypted; the others take none.",
        request=s.ExportDownloadSerializer,
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    def post(self, request, job_id) -> StreamingHttpResponse:
        job = selectors_exports.export_get(actor=request.actor, job_id=job_id)
        body = s.ExportDownloadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        chunks, name, _content_type = services_exports.export_download(
            actor=request.actor, job=job, password=body.validated_data.get("password", "")
        )
        response = StreamingHttpResponse(chunks, content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
