"""Serializers of the meetings API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ruta.coordination.choices import MeetingStatus, Presence
from ruta.coordination.models import AgendaItem, Meeting, MeetingAttachment, MeetingAttendance
from ruta.coordination.quorum import quorum_status
from ruta.core.api.serializers import CodeLabelField, StrictSerializer


class MeetingAgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "presenter", "notes"]


class MeetingAttendanceLineSerializer(serializers.ModelSerializer):
    institution = serializers.UUIDField(source="institution_id")
    institution_name = serializers.CharField(source="institution.name")
    presence = CodeLabelField(Presence.choices)

    class Meta:
        model = MeetingAttendance
        fields = ["institution", "institution_name", "presence", "person"]


class MeetingAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingAttachment
        fields = ["id", "title", "filename", "content_type", "size", "created_at"]


class MeetingQuorumSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    needed = serializers.IntegerField()
    reached = serializers.BooleanField()


class MeetingSerializer(serializers.ModelSerializer):
    committee = serializers.UUIDField(source="committee_id")
    status = CodeLabelField(MeetingStatus.choices)
    minutes_closed = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "year",
            "number",
            "title",
            "is_extraordinary",
            "starts_at",
            "place",
            "online_link",
            "status",
            "minutes_closed",
            "version",
        ]

    def get_minutes_closed(self, obj) -> bool:
        return obj.minutes_closed_at is not None


class MeetingDetailSerializer(MeetingSerializer):
    agenda = MeetingAgendaItemSerializer(many=True, read_only=True)
    attendance = MeetingAttendanceLineSerializer(many=True, read_only=True)
    attachments = MeetingAttachmentSerializer(many=True, read_only=True)
    quorum = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [
            *MeetingSerializer.Meta.fields,
            "minutes",
            "minutes_closed_at",
            "agenda",
            "attendance",
            "quorum",
            "attachments",
        ]

    @extend_schema_field(MeetingQuorumSerializer)
    def get_quorum(self, obj) -> dict[str, Any]:
        present, needed, reached = quorum_status(obj)
        return {"present": present, "needed": needed, "reached": reached}


class MeetingScheduleSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    online_link = serializers.CharField(max_length=500, required=False, allow_blank=True)
    is_extraordinary = serializers.BooleanField(required=False, default=False)


class MeetingUpdateSerializer(StrictSerializer):
    version = serializers.IntegerField()
    title = serializers.CharField(max_length=200, required=False)
    starts_at = serializers.DateTimeField(required=False)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    online_link = serializers.CharField(max_length=500, required=False, allow_blank=True)
    is_extraordinary = serializers.BooleanField(required=False)


class MeetingCancelSerializer(StrictSerializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(max_length=1000)


class MeetingVersionSerializer(StrictSerializer):
    version = serializers.IntegerField()


class MeetingAgendaItemWriteSerializer(StrictSerializer):
    title = serializers.CharField(max_length=300)
    presenter = serializers.CharField(max_length=200, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class MeetingAgendaReorderSerializer(StrictSerializer):
    items = serializers.ListField(child=serializers.UUIDField(), max_length=200)


class MeetingAttendanceLineWriteSerializer(StrictSerializer):
    institution = serializers.UUIDField()
    presence = serializers.ChoiceField(Presence.choices)
    person = serializers.CharField(max_length=200, required=False, allow_blank=True)


class MeetingAttendanceWriteSerializer(StrictSerializer):
    version = serializers.IntegerField()
    lines = serializers.ListField(child=MeetingAttendanceLineWriteSerializer(), max_length=500)


class MeetingMinutesWriteSerializer(StrictSerializer):
    version = serializers.IntegerField()
    minutes = serializers.CharField(max_length=100_000, allow_blank=True)


class MeetingAttachmentUploadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    file = serializers.FileField()
