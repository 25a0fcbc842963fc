from __future__ import annotations

from rest_framework import serializers

from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.core.choices import InstitutionType
from ruta.institutions.models import ContactPoint, Institution, Unit


class UnitSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="department_id", read_only=True, allow_null=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "department"]


class ContactPointSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactPoint
        fields = ["id", "name", "position", "phone", "email"]


class InstitutionSerializer(serializers.ModelSerializer):
    type = CodeLabelField(InstitutionType.choices)
    parent = serializers.UUIDField(  # type: ignore[assignment]  # a field, not Field.parent
        source="parent_id", read_only=True, allow_null=True
    )
    territories = serializers.SerializerMethodField()

    class Meta:
        model = Institution
        fields = [
            "id",
            "name",
            "acronym",
            "type",
            "parent",
            "territories",
            "description",
            "is_active",
            "receives_public_reports",
            "first_contact_hours",
            "plan_review_days",
            "referral_answer_days",
            "referral_urgent_hours",
            "version",
        ]

    def get_territories(self, obj) -> list[str]:
        return sorted(d.code for d in obj.territories.all())


class InstitutionDetailSerializer(InstitutionSerializer):
    units = UnitSerializer(many=True, read_only=True)
    contact_points = ContactPointSerializer(many=True, read_only=True)

    class Meta(InstitutionSerializer.Meta):
        fields = [*InstitutionSerializer.Meta.fields, "units", "contact_points"]


class InstitutionWriteSerializer(StrictSerializer):
    version = serializers.IntegerField(required=False)
    name = serializers.CharField(max_length=200, required=False)
    acronym = serializers.CharField(max_length=30, required=False, allow_blank=True)
    type = serializers.ChoiceField(choices=InstitutionType.choices, required=False)
    parent = serializers.UUIDField(required=False, allow_null=True)  # type: ignore[assignment]  # not Field.parent
    territories = serializers.ListField(
        child=serializers.CharField(max_length=6), required=False, max_length=100
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    is_active = serializers.BooleanField(required=False)
    receives_public_reports = serializers.BooleanField(required=False)
    first_contact_hours = serializers.IntegerField(min_value=1, max_value=720, required=False)
    referral_answer_days = serializers.IntegerField(min_value=1, max_value=30, required=False)
    referral_urgent_hours = serializers.IntegerField(min_value=1, max_value=168, required=False)
    plan_review_days = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=730),
        required=False,
        min_length=1,
        max_length=10,
    )
