"""Serializers of the criminal-file API (slice 1: files, stages, hearings, operations). The
file's answer names no person: defendants and victims have their own endpoints."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ruta.cases.choices import FormOfExploitation
from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.prosecution.choices import (
    EarlyClosure,
    HearingResult,
    HearingType,
    OffenceClass,
    Stage,
)
from ruta.prosecution.models import CriminalFile, Hearing, Operation, StageChange
from ruta.prosecution.selectors import is_overdue


def text_field(limit: int = 10_000) -> serializers.CharField:
    return serializers.CharField(max_length=limit, required=False, allow_blank=True)


class OffenceSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.SerializerMethodField()  # type: ignore[assignment]
    classification = CodeLabelField(OffenceClass.choices)

    def get_label(self, obj) -> str:
        return obj.label(self.context.get("language", "es"))


class CriminalFileSerializer(serializers.ModelSerializer):
    """A row of the list."""

    offence = serializers.CharField(source="offence.code")
    classification = CodeLabelField(OffenceClass.choices)
    stage = CodeLabelField(Stage.choices)
    closed_early = CodeLabelField(EarlyClosure.choices, allow_null=True)
    assigned_to = serializers.UUIDField(source="assigned_to_id", allow_null=True)
    defendants_count = serializers.IntegerField()
    overdue = serializers.SerializerMethodField()
    is_open = serializers.BooleanField()

    class Meta:
        model = CriminalFile
        fields = [
            "id",
            "reference",
            "police_number",
            "prosecutor_number",
            "court_number",
            "offence",
            "classification",
            "stage",
            "stage_due_on",
            "overdue",
            "is_open",
            "closed_early",
            "complaint_on",
            "defendants_count",
            "assigned_to",
            "version",
        ]

    def get_overdue(self, obj) -> bool:
        return is_overdue(obj)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not instance.closed_early:
            data["closed_early"] = None
        return data


class StageChangeSerializer(serializers.ModelSerializer):
    from_stage = CodeLabelField(Stage.choices, allow_null=True)
    to_stage = CodeLabelField(Stage.choices, allow_null=True)
    closed_early = CodeLabelField(EarlyClosure.choices, allow_null=True)

    class Meta:
        model = StageChange
        fields = ["id", "from_stage", "to_stage", "on", "is_correction", "closed_early"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in ("from_stage", "to_stage", "closed_early"):
            if not getattr(instance, name):
                data[name] = None
        return data


class HearingSerializer(serializers.ModelSerializer):
    file = serializers.UUIDField(source="file_id")
    type = CodeLabelField(HearingType.choices)
    result = CodeLabelField(HearingResult.choices, allow_null=True)
    next_hearing = serializers.UUIDField(source="next_hearing_id", allow_null=True)

    class Meta:
        model = Hearing
        fields = ["id", "file", "type", "starts_at", "court", "result", "next_hearing", "version"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not instance.result:
            data["result"] = None
        return data


class CriminalFileDetailSerializer(CriminalFileSerializer):
    offence = serializers.SerializerMethodField()  # type: ignore[assignment]
    department = serializers.CharField(source="department_id")
    municipality = serializers.CharField(source="municipality_id", allow_null=True)
    unit = serializers.UUIDField(source="unit_id", allow_null=True)
    operation = serializers.UUIDField(source="operation_id", allow_null=True)
    forms_of_exploitation = serializers.ListField(child=serializers.CharField())
    stages = serializers.SerializerMethodField()
    hearings = serializers.SerializerMethodField()
    dates = serializers.SerializerMethodField()

    class Meta(CriminalFileSerializer.Meta):
        fields = [
            *[f for f in CriminalFileSerializer.Meta.fields if f != "defendants_count"],
            "court",
            "judge",
            "department",
            "municipality",
            "unit",
            "operation",
            "forms_of_exploitation",
            "summary",
            "closed_on",
            "dates",
            "stages",
            "hearings",
        ]

    @extend_schema_field(OffenceSerializer)
    def get_offence(self, obj) -> dict[str, Any]:
        return OffenceSerializer(obj.offence, context=self.context).data

    def get_dates(self, obj) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for stage in Stage.values:
            value = getattr(obj, f"{stage}_on")
            out[stage] = value.isoformat() if value else None
        return out

    @extend_schema_field(StageChangeSerializer(many=True))
    def get_stages(self, obj) -> list[dict[str, Any]]:
        return list(StageChangeSerializer(obj.stage_changes.all(), many=True).data)

    @extend_schema_field(HearingSerializer(many=True))
    def get_hearings(self, obj) -> list[dict[str, Any]]:
        return list(HearingSerializer(obj.hearings.all(), many=True).data)

    def to_representation(self, instance):
        data = serializers.ModelSerializer.to_representation(self, instance)
        if not instance.closed_early:
            data["closed_early"] = None
        return data


class _DetailsWriteSerializer(StrictSerializer):
    police_number = text_field(60)
    prosecutor_number = text_field(60)
    court_number = text_field(60)
    court = text_field(200)
    judge = text_field(200)
    summary = text_field()
    forms_of_exploitation = serializers.ListField(
        child=serializers.ChoiceField(FormOfExploitation.choices), required=False, max_length=20
    )


class CriminalFileCreateSerializer(_DetailsWriteSerializer):
    complaint_on = serializers.DateField()
    offence = serializers.CharField(max_length=60, help_text=_("An offence code."))
    department = serializers.CharField(max_length=6, help_text="ISO 3166-2")
    municipality = serializers.CharField(max_length=10, required=False, allow_blank=True)
    operation = serializers.UUIDField(required=False, allow_null=True)


class CriminalFileUpdateSerializer(_DetailsWriteSerializer):
    version = serializers.IntegerField()
    offence = serializers.CharField(max_length=60, required=False)
    department = serializers.CharField(max_length=6, required=False)
    municipality = serializers.CharField(max_length=10, required=False, allow_blank=True)


class FileAssignSerializer(StrictSerializer):
    version = serializers.IntegerField()
    user = serializers.UUIDField()


class StageAdvanceSerializer(StrictSerializer):
    version = serializers.IntegerField()
    stage = serializers.ChoiceField(Stage.choices)
    on = serializers.DateField()


class StageCorrectSerializer(StageAdvanceSerializer):
    reason = serializers.CharField(max_length=10_000)


class FileCloseEarlySerializer(StrictSerializer):
    version = serializers.IntegerField()
    reason = serializers.ChoiceField(EarlyClosure.choices)
    on = serializers.DateField()
    note = text_field()


class HearingScheduleSerializer(StrictSerializer):
    type = serializers.ChoiceField(HearingType.choices)
    starts_at = serializers.DateTimeField()
    court = text_field(200)


class HearingResultSerializer(StrictSerializer):
    version = serializers.IntegerField()
    result = serializers.ChoiceField(HearingResult.choices)
    note = text_field()
    next_starts_at = serializers.DateTimeField(required=False, allow_null=True)
    next_type = serializers.ChoiceField(HearingType.choices, required=False, allow_blank=True)


class OperationSerializer(serializers.ModelSerializer):
    institution = serializers.UUIDField(source="institution_id")
    department = serializers.CharField(source="department_id")
    municipality = serializers.CharField(source="municipality_id", allow_null=True)

    class Meta:
        model = Operation
        fields = [
            "id",
            "reference",
            "institution",
            "name",
            "carried_out_on",
            "department",
            "municipality",
            "victims_found",
            "suspects_arrested",
            "version",
        ]


class OperationDetailSerializer(OperationSerializer):
    partners = serializers.SerializerMethodField()
    reports = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta(OperationSerializer.Meta):
        fields = [*OperationSerializer.Meta.fields, "place", "partners", "reports", "files"]

    def get_partners(self, obj) -> list[str]:
        return [str(p.pk) for p in obj.partners.all()]

    def get_reports(self, obj) -> list[str]:
        return [str(r.pk) for r in obj.reports.all()]

    def get_files(self, obj) -> list[str]:
        return [str(f.pk) for f in self.context.get("files", [])]


class OperationCreateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200)
    carried_out_on = serializers.DateField()
    department = serializers.CharField(max_length=6)
    municipality = serializers.CharField(max_length=10, required=False, allow_blank=True)
    place = text_field()
    partners = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=50)
    victims_found = serializers.IntegerField(min_value=0, max_value=10_000, required=False)
    suspects_arrested = serializers.IntegerField(min_value=0, max_value=10_000, required=False)


class LinkReportsSerializer(StrictSerializer):
    version = serializers.IntegerField()
    reports = serializers.ListField(child=serializers.UUIDField(), min_length=1, max_length=100)
