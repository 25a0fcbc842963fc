"""Serializers of the campaign and inspection API. An inspection's answer shows its report's
triage outcome only: never the case."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ruta.cases.choices import Answer
from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.intake.choices import ReportStatus
from ruta.prevention.choices import Audience, Channel, IsicSection, MeasureKind
from ruta.prevention.models import (
    Campaign,
    CampaignMaterial,
    CampaignReach,
    Inspection,
    InspectionMeasure,
)
from ruta.prevention.selectors_outreach import report_outcome


def text_field(limit: int = 10_000) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True)


def count_field(**kw) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=100_000_000, **kw)


# --- campaigns ---------------------------------------------------------------------------------
class CampaignSerializer(serializers.ModelSerializer):
    """A row of the list."""

    institution = serializers.UUIDField(source="institution_id")
    channels = serializers.ListField(child=serializers.CharField())
    audiences = serializers.ListField(child=serializers.CharField())
    people_reached = serializers.IntegerField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "institution",
            "starts_on",
            "ends_on",
            "channels",
            "audiences",
            "people_reached",
            "version",
        ]


class CampaignReachSerializer(serializers.ModelSerializer):
    channel = CodeLabelField(Channel.choices)

    class Meta:
        model = CampaignReach
        fields = [
            "channel",
            "people",
            "female",
            "male",
            "age_0_17",
            "age_18_29",
            "age_30_59",
            "age_60_plus",
        ]


class CampaignMaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignMaterial
        fields = ["id", "title", "filename", "content_type", "size", "created_at"]


class CampaignDetailSerializer(serializers.ModelSerializer):
    institution = serializers.UUIDField(source="institution_id")
    channels = serializers.ListField(child=serializers.CharField())
    audiences = serializers.ListField(child=serializers.CharField())
    departments = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()
    reach = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "description",
            "institution",
            "starts_on",
            "ends_on",
            "departments",
            "channels",
            "audiences",
            "partners",
            "reach",
            "materials",
            "version",
        ]

    def get_departments(self, obj) -> list[str]:
        return sorted(str(d.pk) for d in obj.departments.all())

    def get_partners(self, obj) -> list[str]:
        return sorted(str(p.pk) for p in obj.partners.all())

    @extend_schema_field(CampaignReachSerializer(many=True))
    def get_reach(self, obj) -> list[dict[str, Any]]:
        return list(CampaignReachSerializer(obj.reach.order_by("channel"), many=True).data)

    @extend_schema_field(CampaignMaterialSerializer(many=True))
    def get_materials(self, obj) -> list[dict[str, Any]]:
        return list(
            CampaignMaterialSerializer(obj.materials.order_by("created_at"), many=True).data
        )


class _CampaignWriteSerializer(StrictSerializer):
    description = text_field()
    ends_on = serializers.DateField(required=False, allow_null=True)
    departments = serializers.ListField(
        child=serializers.CharField(max_length=6), required=False, max_length=30
    )
    channels = serializers.ListField(
        child=serializers.ChoiceField(Channel.choices), required=False, max_length=20
    )
    audiences = serializers.ListField(
        child=serializers.ChoiceField(Audience.choices), required=False, max_length=20
    )
    partners = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=100)


class CampaignCreateSerializer(_CampaignWriteSerializer):
    name = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()


class CampaignUpdateSerializer(_CampaignWriteSerializer):
    version = serializers.IntegerField()
    name = serializers.CharField(max_length=200, required=False)
    starts_on = serializers.DateField(required=False)


class CampaignReachRecordSerializer(StrictSerializer):
    channel = serializers.ChoiceField(Channel.choices)
    people = count_field()
    female = count_field(required=False, allow_null=True)
    male = count_field(required=False, allow_null=True)
    age_0_17 = count_field(required=False, allow_null=True)
    age_18_29 = count_field(required=False, allow_null=True)
    age_30_59 = count_field(required=False, allow_null=True)
    age_60_plus = count_field(required=False, allow_null=True)


class CampaignMaterialUploadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    file = serializers.FileField()


# --- inspections -------------------------------------------------------------------------------
class InspectionReportOutcomeSerializer(serializers.Serializer):
    """The triage outcome of the report an inspection raised (never the case)."""

    reference = serializers.CharField()
    status = CodeLabelField(ReportStatus.choices)
    changed_at = serializers.DateTimeField()


class InspectionSerializer(serializers.ModelSerializer):
    """A row of the list."""

    sector = CodeLabelField(IsicSection.choices)
    department = serializers.CharField(source="department_id")
    municipality = serializers.CharField(source="municipality_id", allow_null=True)
    report_raised = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "reference",
            "establishment",
            "sector",
            "department",
            "municipality",
            "inspected_on",
            "workers_female",
            "workers_male",
            "workers_0_17",
            "indicators_present",
            "suggestion",
            "report_raised",
            "version",
        ]

    def get_report_raised(self, obj) -> bool:
        return obj.report_id is not None


class InspectionMeasureSerializer(serializers.ModelSerializer):
    kind = CodeLabelField(MeasureKind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)

    class Meta:
        model = InspectionMeasure
        fields = ["id", "kind", "description", "amount", "created_at"]


class InspectionDetailSerializer(InspectionSerializer):
    unit = serializers.UUIDField(source="unit_id", allow_null=True)
    recorded_by = serializers.UUIDField(source="recorded_by_id", allow_null=True)
    inspectors = serializers.SerializerMethodField()
    instrument = serializers.SerializerMethodField()
    answers = serializers.DictField(child=serializers.CharField())
    measures = serializers.SerializerMethodField()
    report = serializers.SerializerMethodField()

    class Meta(InspectionSerializer.Meta):
        fields = [
            *InspectionSerializer.Meta.fields,
            "unit",
            "place",
            "workers_18_29",
            "workers_30_59",
            "workers_60_plus",
            "recorded_by",
            "inspectors",
            "instrument",
            "answers",
            "findings",
            "measures",
            "report",
        ]

    def get_inspectors(self, obj) -> list[str]:
        return sorted(str(u.pk) for u in obj.inspectors.all())

    def get_instrument(self, obj) -> str | None:
        return f"{obj.instrument.code} v{obj.instrument.version}" if obj.instrument_id else None

    @extend_schema_field(InspectionMeasureSerializer(many=True))
    def get_measures(self, obj) -> list[dict[str, Any]]:
        return list(InspectionMeasureSerializer(obj.measures.all(), many=True).data)

    @extend_schema_field(InspectionReportOutcomeSerializer(allow_null=True))
    def get_report(self, obj) -> dict[str, Any] | None:
        outcome = report_outcome(obj)
        return None if outcome is None else dict(InspectionReportOutcomeSerializer(outcome).data)


class _InspectionWriteSerializer(StrictSerializer):
    municipality = serializers.CharField(max_length=10, required=False, allow_blank=True)
    place = text_field(200)
    inspectors = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=50)
    workers_female = count_field(required=False)
    workers_male = count_field(required=False)
    workers_0_17 = count_field(required=False)
    workers_18_29 = count_field(required=False)
    workers_30_59 = count_field(required=False)
    workers_60_plus = count_field(required=False)
    answers = serializers.DictField(child=serializers.ChoiceField(Answer.choices), required=False)
    findings = text_field()


class InspectionCreateSerializer(_InspectionWriteSerializer):
    establishment = serializers.CharField(max_length=200)
    sector = serializers.ChoiceField(IsicSection.choices)
    department = serializers.CharField(max_length=6, help_text="ISO 3166-2")
    inspected_on = serializers.DateField()


class InspectionUpdateSerializer(_InspectionWriteSerializer):
    version = serializers.IntegerField()
    establishment = serializers.CharField(max_length=200, required=False)
    sector = serializers.ChoiceField(IsicSection.choices, required=False)
    department = serializers.CharField(max_length=6, required=False)
    inspected_on = serializers.DateField(required=False)


class InspectionMeasureAddSerializer(StrictSerializer):
    kind = serializers.ChoiceField(MeasureKind.choices)
    description = text_field(500)
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
