from __future__ import annotations

from rest_framework import serializers

from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.intake.choices import (
    InvolvedRole,
    NotTraffickingReason,
    ReportChannel,
    ReportedSex,
    ReportStatus,
)
from ruta.intake.models import Report, ReportPerson


class ReportListSerializer(serializers.ModelSerializer):
    """Queue rows: references, channels, places and flags; no personal data."""

    channel = CodeLabelField(ReportChannel.choices)
    status = CodeLabelField(ReportStatus.choices)
    department = serializers.CharField(source="department_id", allow_null=True)
    taken_by = serializers.UUIDField(source="taken_by_id", allow_null=True)
    urgent = serializers.BooleanField()

    class Meta:
        model = Report
        fields = [
            "id",
            "reference",
            "channel",
            "received_at",
            "department",
            "imminent_danger",
            "child_involved",
            "urgent",
            "untrusted",
            "status",
            "taken_by",
            "version",
        ]


class ReportPersonSerializer(serializers.ModelSerializer):
    role = CodeLabelField(InvolvedRole.choices)
    sex = CodeLabelField(ReportedSex.choices)

    class Meta:
        model = ReportPerson
        fields = ["id", "role", "name", "sex", "approximate_age", "description"]


class ReportDetailSerializer(ReportListSerializer):
    """Sections appear only when the caller's role may read their sensitivity."""

    municipality = serializers.CharField(source="municipality_id", allow_null=True)
    closure_reason = serializers.CharField()

    class Meta(ReportListSerializer.Meta):
        fields = [*ReportListSerializer.Meta.fields, "municipality", "closure_reason"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        sections = self.context.get("sections", ())
        if "facts" in sections:
            data["facts"] = {
                "narrative": instance.narrative,
                "place_description": instance.place_description,
                "referral_information": instance.referral_information,
                "people": ReportPersonSerializer(instance.people.all(), many=True).data,
            }
        if "reporter" in sections:
            data["reporter"] = {
                "anonymous": instance.reporter_anonymous,
                "name": instance.reporter_name,
                "contact": instance.reporter_contact,
            }
        return data


class PersonInputSerializer(StrictSerializer):
    role = serializers.ChoiceField(choices=InvolvedRole.choices)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    sex = serializers.ChoiceField(choices=ReportedSex.choices, default=ReportedSex.UNKNOWN)
    approximate_age = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )
    description = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )


class ReportCreateSerializer(StrictSerializer):
    channel = serializers.ChoiceField(
        choices=[c for c in ReportChannel.choices if c[0] != ReportChannel.PUBLIC_WEB]
    )
    narrative = serializers.CharField(max_length=20000)
    received_at = serializers.DateTimeField(required=False)
    reporter_anonymous = serializers.BooleanField(default=False)
    reporter_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    reporter_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    department = serializers.CharField(max_length=6, required=False, allow_null=True)
    municipality = serializers.CharField(max_length=10, required=False, allow_null=True)
    place_description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    imminent_danger = serializers.BooleanField(default=False)
    child_involved = serializers.BooleanField(default=False)
    people = PersonInputSerializer(many=True, required=False)


class ReportTakeSerializer(StrictSerializer):
    """Take a new report into triage, naming the version you saw."""

    version = serializers.IntegerField()


class ReportAcceptSerializer(StrictSerializer):
    """Triage outcome: possible trafficking, into the ERI queue."""

    version = serializers.IntegerField()


class ReportCloseSerializer(StrictSerializer):
    """Triage outcome: not trafficking. Without a reason or the referral information given
    to the reporter: 422."""

    version = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=NotTraffickingReason.choices, required=False)
    referral_information = serializers.CharField(max_length=2000, required=False, allow_blank=True)
