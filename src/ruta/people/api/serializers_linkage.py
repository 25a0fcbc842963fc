"""The duplicate search in the API: runs (counts only), pairs with their explanation,
merges."""

from __future__ import annotations

from rest_framework import serializers

from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.people.api.serializers import PersonListSerializer
from ruta.people.choices import LinkageStatus, LinkField, LinkLevel, PairStatus
from ruta.people.models import DuplicatePair, LinkageRun, PersonMerge


class LinkageRunSerializer(serializers.ModelSerializer):
    status = CodeLabelField(LinkageStatus.choices)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = LinkageRun
        fields = [
            "id",
            "status",
            "stage",
            "percent",
            "persons",
            "pairs_compared",
            "pairs_proposed",
            "started_at",
            "finished_at",
        ]


class LinkAgreementSerializer(serializers.Serializer):
    field = CodeLabelField(LinkField.choices)
    level = CodeLabelField(LinkLevel.choices)
    weight = serializers.FloatField(help_text="Bits added to the match weight (log2 m/u).")


class DuplicatePairSerializer(serializers.ModelSerializer):
    status = CodeLabelField(PairStatus.choices)
    person_a = PersonListSerializer(read_only=True)
    person_b = PersonListSerializer(read_only=True)
    explanation = LinkAgreementSerializer(many=True, read_only=True)

    class Meta:
        model = DuplicatePair
        fields = [
            "id",
            "status",
            "probability",
            "weight",
            "person_a",
            "person_b",
            "explanation",
            "decided_at",
            "version",
        ]


class PersonMergeSerializer(serializers.ModelSerializer):
    survivor = PersonListSerializer(read_only=True)
    merged = PersonListSerializer(read_only=True)
    moved = serializers.SerializerMethodField()

    class Meta:
        model = PersonMerge
        fields = ["id", "survivor", "merged", "pair", "moved", "created_at", "undone_at"]

    def get_moved(self, obj) -> dict[str, int]:
        """How many records of each kind moved to the survivor (model.field: count)."""
        return {k: len(v) for k, v in obj.moved.items()}


class MergeSerializer(StrictSerializer):
    keep = serializers.UUIDField(help_text="The id of the pair's person to keep.")
    version = serializers.IntegerField(help_text="The pair's version, as read.")


class DismissSerializer(StrictSerializer):
    version = serializers.IntegerField(help_text="The pair's version, as read.")
