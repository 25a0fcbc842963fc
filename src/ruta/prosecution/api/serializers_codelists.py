"""The prosecution code lists as the API gives them: codes with their label in the
request's language (and every language)."""

from __future__ import annotations

from django.utils.translation import get_language
from rest_framework import serializers


class _EntrySerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.SerializerMethodField()
    labels = serializers.DictField(child=serializers.CharField())
    is_active = serializers.BooleanField()

    def get_label(self, entry) -> str:
        return entry.label((get_language() or "es")[:2])


class OffenceSerializer(_EntrySerializer):
    classification = serializers.CharField()
    article = serializers.CharField()
    law = serializers.CharField()


class AggravatingSerializer(_EntrySerializer):
    article = serializers.CharField()


class TimeLimitSerializer(serializers.Serializer):
    stage = serializers.CharField()
    days = serializers.IntegerField()


class CodeListsSerializer(serializers.Serializer):
    offences = OffenceSerializer(many=True)
    aggravating_circumstances = AggravatingSerializer(many=True)
    roles_in_process = _EntrySerializer(many=True)
    stage_time_limits = TimeLimitSerializer(many=True)
