"""The statistics in the API: one class per action. Counts only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ruta.core.errors import require
from ruta.reporting import selectors, services
from ruta.reporting.api import serializers as s
from ruta.reporting.policies import can_view_statistics


class VictimsDashboardApi(APIView):
    @extend_schema(
        operation_id="statistics_victims_retrieve",
        description="Victims detected (presumed or identified), counted every way the "
        "dashboard shows them, for the filters given. Counts only; a person detected twice "
        "in a year is counted once.",
        parameters=[s.DashboardQuerySerializer],
        responses=s.DashboardSerializer,
    )
    def get(self, request) -> Response:
        actor = request.actor
        require(can_view_statistics(actor))
        query = s.DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        services.refresh_if_behind()
        dashboard = selectors.victims_dashboard(
            actor=actor, filters=query.validated_data["filters"]
        )
        return Response(s.DashboardSerializer(dashboard).data)
