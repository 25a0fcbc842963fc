"""API bodies and answers of agreements, action items and cooperation agreements."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ruta.coordination.choices import CooperationKind, CooperationStatus
from ruta.coordination.models import ActionItem, Agreement, CooperationAgreement


class ActionItemSerializer(serializers.ModelSerializer):
    agreement = serializers.UUIDField(source="agreement_id")
    committee = serializers.UUIDField(source="committee_id")
    owner_institution = serializers.UUIDField(source="owner_institution_id")

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "version",
            "agreement",
            "committee",
            "owner_institution",
            "responsible",
            "description",
            "due_on",
            "status",
            "progress_note",
            "evidence",
            "evidence_url",
            "done_on",
            "cancel_reason",
        ]


class AgreementSerializer(serializers.ModelSerializer):
    committee = serializers.UUIDField(source="committee_id")
    meeting = serializers.UUIDField(source="meeting_id")
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "version",
            "committee",
            "meeting",
            "year",
            "number",
            "reference",
            "text",
            "actions",
        ]

    def get_actions(self, obj) -> list[dict[str, Any]]:
        items = getattr(obj, "items", None)
        if items is None:
            items = obj.actions.order_by("due_on", "created_at")
        return list(ActionItemSerializer(items, many=True).data)


class AgreementCreateSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=10_000)


class AgreementUpdateSerializer(AgreementCreateSerializer):
    version = serializers.IntegerField()


class ActionCreateSerializer(serializers.Serializer):
    owner_institution = serializers.UUIDField()
    responsible = serializers.CharField(allow_blank=True, max_length=200)
    description = serializers.CharField(allow_blank=True, max_length=10_000)
    due_on = serializers.DateField()


class ActionUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    owner_institution = serializers.UUIDField(required=False)
    responsible = serializers.CharField(allow_blank=True, max_length=200, required=False)
    description = serializers.CharField(allow_blank=True, max_length=10_000, required=False)
    due_on = serializers.DateField(required=False)


class ActionProgressSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    note = serializers.CharField(allow_blank=True, max_length=10_000)


class ActionDoneSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    evidence = serializers.CharField(allow_blank=True, max_length=10_000)
    evidence_url = serializers.CharField(allow_blank=True, max_length=500, required=False)
    done_on = serializers.DateField(required=False, allow_null=True)


class ActionCancelSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True, max_length=10_000)


class CooperationSerializer(serializers.ModelSerializer):
    institution = serializers.UUIDField(source="institution_id")
    parties = serializers.SerializerMethodField()

    class Meta:
        model = CooperationAgreement
        fields = [
            "id",
            "version",
            "institution",
            "kind",
            "reference",
            "title",
            "scope",
            "parties",
            "signed_on",
            "starts_on",
            "ends_on",
            "renewal_on",
            "status",
            "document_name",
            "document_type",
            "document_size",
        ]

    def get_parties(self, obj) -> list[str]:
        return sorted(str(p.pk) for p in obj.parties.all())


class CooperationCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CooperationKind.choices)
    reference = serializers.CharField(allow_blank=True, max_length=60, required=False)
    title = serializers.CharField(allow_blank=True, max_length=300)
    scope = serializers.CharField(allow_blank=True, max_length=10_000, required=False)
    parties = serializers.ListField(child=serializers.UUIDField(), max_length=100)
    signed_on = serializers.DateField(required=False, allow_null=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    renewal_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=CooperationStatus.choices, required=False)


class CooperationUpdateSerializer(CooperationCreateSerializer):
    version = serializers.IntegerField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
