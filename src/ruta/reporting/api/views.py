"""The statistics in the API: one class per action. Counts only."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from ruta.core.api.pagination import PageNumberPagination
from ruta.core.api.views import ActionApi
from ruta.core.errors import require
from ruta.reporting import selectors, selectors_releases, services, services_releases
from ruta.reporting.api import serializers as s
from ruta.reporting.models import Release
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
