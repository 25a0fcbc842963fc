"""Serializers of the results framework API: one per action's body, and the answers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ruta.core.api.serializers import StrictSerializer
from ruta.results.choices import Direction, Disaggregation, FrameworkKind, PeriodType, Unit
from ruta.results.models import (
    Indicator,
    Measurement,
    Narrative,
    ResultNode,
    ResultsFramework,
    Target,
)


def text_field(limit: int = 10_000, **kw) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True, **kw)


def number_field(**kw) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True, **kw)


# --- answers -----------------------------------------------------------------------------------
class ResultsFrameworkSerializer(serializers.ModelSerializer):
    institution = serializers.UUIDField(source="institution_id")
    committee = serializers.UUIDField(source="committee_id", allow_null=True)

    class Meta:
        model = ResultsFramework
        fields = [
            "id",
            "kind",
            "code",
            "title",
            "description",
            "institution",
            "committee",
            "starts_on",
            "ends_on",
            "iati_identifier",
            "iati_reporting_org",
            "version",
        ]


class ResultsNodeSerializer(serializers.ModelSerializer):
    parent = serializers.UUIDField(source="parent_id", allow_null=True)  # type: ignore[assignment]  # as Field.parent

    class Meta:
        model = ResultNode
        fields = ["id", "level", "code", "title", "description", "order", "parent"]


class ResultsIndicatorSerializer(serializers.ModelSerializer):
    framework = serializers.UUIDField(source="framework_id")
    result = serializers.UUIDField(source="result_id")
    responsible_institution = serializers.UUIDField(
        source="responsible_institution_id", allow_null=True
    )
    disaggregations = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Indicator
        fields = [
            "id",
            "framework",
            "result",
            "code",
            "name",
            "definition",
            "unit",
            "direction",
            "disaggregations",
            "baseline_value",
            "baseline_on",
            "data_source",
            "collection_method",
            "frequency",
            "responsible_institution",
            "computation",
            "order",
            "version",
        ]


class ResultsTargetSerializer(serializers.ModelSerializer):
    indicator = serializers.UUIDField(source="indicator_id")

    class Meta:
        model = Target
        fields = ["id", "indicator", "period", "value"]


class ResultsMeasurementSerializer(serializers.ModelSerializer):
    indicator = serializers.UUIDField(source="indicator_id")
    entered_by = serializers.UUIDField(source="entered_by_id", allow_null=True)

    class Meta:
        model = Measurement
        fields = [
            "id",
            "indicator",
            "period",
            "cell",
            "value",
            "source",
            "evidence",
            "evidence_url",
            "entered_by",
            "is_current",
            "created_at",
        ]


class ResultsNarrativeSerializer(serializers.ModelSerializer):
    framework = serializers.UUIDField(source="framework_id")
    result = serializers.UUIDField(source="result_id", allow_null=True)

    class Meta:
        model = Narrative
        fields = ["id", "framework", "result", "period", "progress", "risks", "version"]


class ResultsIndicatorInTreeSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    period = serializers.CharField()
    value = number_field(allow_null=True)
    target = number_field(allow_null=True)
    light = serializers.CharField()


class ResultsBranchSerializer(serializers.Serializer):
    node = ResultsNodeSerializer()
    depth = serializers.IntegerField()
    indicators = ResultsIndicatorInTreeSerializer(many=True)


class ResultsFrameworkDetailSerializer(serializers.Serializer):
    framework = ResultsFrameworkSerializer()
    results = ResultsBranchSerializer(many=True, source="rows")


class ResultsIndicatorDetailSerializer(serializers.Serializer):
    indicator = ResultsIndicatorSerializer()
    targets = serializers.SerializerMethodField()
    measurements = ResultsMeasurementSerializer(many=True)

    @extend_schema_field(ResultsTargetSerializer(many=True))
    def get_targets(self, obj) -> list[dict[str, Any]]:
        return list(
            ResultsTargetSerializer([r["target"] for r in obj["target_rows"]], many=True).data
        )


class ResultsSeriesPointSerializer(serializers.Serializer):
    period = serializers.CharField()
    target = number_field(allow_null=True)
    value = number_field(allow_null=True)
    light = serializers.CharField()


class ResultsDashboardIndicatorSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="indicator.pk")
    code = serializers.CharField(source="indicator.code")
    name = serializers.CharField(source="indicator.name")
    frequency = serializers.CharField(source="indicator.frequency")
    baseline = number_field(allow_null=True)
    period = serializers.CharField()
    value = number_field(allow_null=True)
    target = number_field(allow_null=True)
    light = serializers.CharField()
    series = ResultsSeriesPointSerializer(many=True)


class ResultsDashboardCardSerializer(serializers.Serializer):
    result = ResultsNodeSerializer(source="node")
    indicators = ResultsDashboardIndicatorSerializer(many=True)


class ResultsDashboardSerializer(serializers.Serializer):
    framework = serializers.UUIDField(source="framework.pk")
    year = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    cards = ResultsDashboardCardSerializer(many=True)


# --- bodies ------------------------------------------------------------------------------------
class _FrameworkWrite(StrictSerializer):
    description = text_field()
    committee = serializers.UUIDField(required=False, allow_null=True)
    iati_identifier = text_field(100)
    iati_reporting_org = text_field(100)


class ResultsFrameworkCreateSerializer(_FrameworkWrite):
    kind = serializers.ChoiceField(FrameworkKind.choices)
    code = serializers.SlugField(max_length=40)
    title = serializers.CharField(max_length=300)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ResultsFrameworkUpdateSerializer(_FrameworkWrite):
    version = serializers.IntegerField()
    code = serializers.SlugField(max_length=40, required=False)
    title = serializers.CharField(max_length=300, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)


class ResultsNodeUpdateSerializer(StrictSerializer):
    code = serializers.CharField(max_length=20, required=False)
    title = serializers.CharField(max_length=400, required=False)
    description = text_field()
    order = serializers.IntegerField(min_value=0, max_value=32_000, required=False)


class ResultsNodeCreateSerializer(StrictSerializer):
    level = serializers.CharField(max_length=14)
    parent = serializers.UUIDField(required=False, allow_null=True)  # type: ignore[assignment]  # as Field.parent
    code = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=400)
    description = text_field()
    order = serializers.IntegerField(min_value=0, max_value=32_000, required=False)


class _IndicatorWrite(StrictSerializer):
    definition = text_field()
    disaggregations = serializers.ListField(
        child=serializers.ChoiceField(Disaggregation.choices), required=False
    )
    baseline_value = number_field(required=False, allow_null=True)
    baseline_on = serializers.DateField(required=False, allow_null=True)
    data_source = text_field(300)
    collection_method = text_field(300)
    responsible_institution = serializers.UUIDField(required=False, allow_null=True)
    computation = text_field(60)
    order = serializers.IntegerField(min_value=0, max_value=32_000, required=False)


class ResultsIndicatorCreateSerializer(_IndicatorWrite):
    result = serializers.UUIDField()
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=400)
    unit = serializers.ChoiceField(Unit.choices)
    direction = serializers.ChoiceField(Direction.choices)
    frequency = serializers.ChoiceField(PeriodType.choices)


class ResultsIndicatorUpdateSerializer(_IndicatorWrite):
    version = serializers.IntegerField()
    result = serializers.UUIDField(required=False)
    code = serializers.CharField(max_length=20, required=False)
    name = serializers.CharField(max_length=400, required=False)
    unit = serializers.ChoiceField(Unit.choices, required=False)
    direction = serializers.ChoiceField(Direction.choices, required=False)
    frequency = serializers.ChoiceField(PeriodType.choices, required=False)


class ResultsTargetSetSerializer(StrictSerializer):
    period = serializers.CharField(max_length=8)
    value = number_field()


class ResultsMeasurementRecordSerializer(StrictSerializer):
    period = serializers.CharField(max_length=8)
    value = number_field()
    cell = serializers.CharField(max_length=60, required=False, allow_blank=True)
    evidence = serializers.CharField(max_length=10_000)
    evidence_url = serializers.URLField(max_length=500, required=False, allow_blank=True)


class ResultsNarrativeSaveSerializer(StrictSerializer):
    period = serializers.CharField(max_length=8)
    result = serializers.UUIDField(required=False, allow_null=True)
    progress = text_field()
    risks = text_field()
    version = serializers.IntegerField(required=False, allow_null=True)


class ResultsDashboardQuerySerializer(StrictSerializer):
    year = serializers.RegexField(r"^[12][0-9]{3}$", max_length=4, required=False)
