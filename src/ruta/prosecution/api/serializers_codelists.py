"""The prosecution code lists as the API gives them: codes with their label in the
request's language (and every language)."""

from __future__ import annotations

from django.utils.translation import get_language
from rest_framework import serializers


class CodeListEntrySerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.SerializerMethodField()  # type: ignore[assignment]  # as Field.label
    labels = serializers.DictField(child=serializers.CharField())
    is_active = serializers.BooleanField()

    def get_label(self, entry) -> str:
        return entry.label((get_language() or "es")[:2])


class CodeListOffenceSerializer(CodeListEntrySerializer):
    classification = serializers.CharField()
    article = serializers.CharField()
    law = serializers.CharField()


class CodeListAggravatingSerializer(CodeListEntrySerializer):
    article = serializers.CharField()


class CodeListTimeLimitSerializer(serializers.Serializer):
    stage = serializers.CharField()
    days = serializers.IntegerField()


class CodeListsSerializer(serializers.Serializer):
    offences = CodeListOffenceSerializer(many=True)
    aggravating_circumstances = CodeListAggravatingSerializer(many=True)
    roles_in_process = CodeListEntrySerializer(many=True)
    stage_time_limits = CodeListTimeLimitSerializer(many=True)
