"""API: recomputing a framework's (or one indicator's) computed values for a period."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ruta.core.api.views import ActionApi
from ruta.results import selectors_frameworks as selectors
from ruta.results.models import Indicator, ResultsFramework
from ruta.results.services.recompute import framework_recompute, indicator_recompute


class ResultsRecomputeSerializer(serializers.Serializer):
    period = serializers.CharField(
        max_length=8, help_text="A year (2026), a quarter (2026Q1) or a month (202601)."
    )


class ResultsRecomputedSerializer(serializers.Serializer):
    period = serializers.CharField()
    values = serializers.IntegerField(help_text="How many values were computed and stored.")


class FrameworkRecomputeApi(ActionApi):
    queryset = ResultsFramework.objects.none()
    serializer_class = ResultsRecomputeSerializer
    response_serializer_class = ResultsRecomputedSerializer
    operation_id = "results_frameworks_recompute"

    def load(self, request, **kwargs: Any) -> ResultsFramework:
        return selectors.framework_for_edit(
            actor=request.actor, framework_id=kwargs["framework_id"]
        )

    def perform(self, request, obj, data) -> dict:
        stored = framework_recompute(actor=request.actor, framework=obj, period=data["period"])
        return {"period": data["period"], "values": stored}


class IndicatorRecomputeApi(ActionApi):
    queryset = Indicator.objects.none()
    serializer_class = ResultsRecomputeSerializer
    response_serializer_class = ResultsRecomputedSerializer
    operation_id = "results_indicators_recompute"

    def load(self, request, **kwargs: Any) -> Indicator:
        return selectors.indicator_for_edit(
            actor=request.actor, indicator_id=kwargs["indicator_id"]
        )

    def perform(self, request, obj, data) -> dict:
        stored = indicator_recompute(actor=request.actor, indicator=obj, period=data["period"])
        return {"period": data["period"], "values": stored}
