from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ruta.care.choices import ServiceType
from ruta.core.api.serializers import CodeLabelField, StrictSerializer
from ruta.referrals.choices import (
    Outcome,
    OutcomeReason,
    ReferralStatus,
    ReferralType,
    TransferStatus,
)
from ruta.referrals.models import Referral, ServiceOffering, Transfer


def text_field() -> serializers.CharField:
    """Optional free text of at most 5000 characters (the services' limit)."""
    return serializers.CharField(max_length=5000, required=False, allow_blank=True)


class OfferingSerializer(serializers.ModelSerializer):
    service = CodeLabelField(ServiceType.choices)
    institution = serializers.UUIDField(source="institution_id")
    institution_name = serializers.CharField(source="institution.name")
    departments = serializers.SerializerMethodField()
    contact_point = serializers.UUIDField(source="contact_point_id", allow_null=True)

    class Meta:
        model = ServiceOffering
        fields = [
            "id",
            "institution",
            "institution_name",
            "service",
            "departments",
            "capacity_notes",
            "contact_point",
            "is_active",
            "version",
        ]

    def get_departments(self, obj) -> list[str]:
        return sorted(d.code for d in obj.departments.all())


class OfferingWriteSerializer(StrictSerializer):
    service = serializers.CharField(max_length=40)
    departments = serializers.ListField(
        child=serializers.CharField(max_length=6), required=False, max_length=50
    )
    capacity_notes = text_field()
    contact_point = serializers.UUIDField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False, default=True)


class ReferralSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case_id")
    case_reference = serializers.CharField(source="case.reference")
    from_institution = serializers.UUIDField(source="from_institution_id")
    to_institution = serializers.UUIDField(source="to_institution_id")
    type = CodeLabelField(ReferralType.choices)
    status = CodeLabelField(ReferralStatus.choices)
    outcome = CodeLabelField(Outcome.choices, allow_null=True)
    outcome_reason = CodeLabelField(OutcomeReason.choices, allow_null=True)
    overdue = serializers.BooleanField()
    consent_overridden = serializers.SerializerMethodField()
    assigned_to = serializers.UUIDField(source="assigned_to_id", allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "case",
            "case_reference",
            "from_institution",
            "to_institution",
            "type",
            "services",
            "urgent",
            "mandatory",
            "status",
            "sent_at",
            "due_at",
            "overdue",
            "answered_at",
            "assigned_to",
            "completed_at",
            "outcome",
            "outcome_reason",
            "consent_overridden",
            "version",
        ]

    def get_consent_overridden(self, obj) -> bool:
        return bool(obj.consent_override_reason)


class ReferralDetailSerializer(ReferralSerializer):
    class Meta(ReferralSerializer.Meta):
        fields = [
            *ReferralSerializer.Meta.fields,
            "message",
            "consent_override_reason",
            "decline_reason",
            "withdraw_reason",
            "outcome_note",
        ]


class ReferralCreateSerializer(StrictSerializer):
    case = serializers.UUIDField()
    to_institution = serializers.UUIDField()
    type = serializers.CharField(max_length=20)
    services = serializers.ListField(child=serializers.CharField(max_length=40), max_length=20)
    urgent = serializers.BooleanField(required=False, default=False)
    message = text_field()
    consent_override_reason = text_field()


class ReferralAcceptSerializer(StrictSerializer):
    """Accept a referral sent to your institution, naming who handles it (optional)."""

    version = serializers.IntegerField()
    assigned_to = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_("A user of your institution who handles the referral."),
    )


class ReferralAssignSerializer(StrictSerializer):
    """Hand an accepted referral over to another user of your institution. Without
    ``assigned_to``, or naming nobody of your institution: 422."""

    version = serializers.IntegerField()
    assigned_to = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_("A user of your institution who handles the referral."),
    )


class ReferralDeclineSerializer(StrictSerializer):
    """Decline a referral sent to your institution. Without a reason: 422."""

    version = serializers.IntegerField()
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ReferralWithdrawSerializer(StrictSerializer):
    """Withdraw a referral your institution sent. Without a reason: 422."""

    version = serializers.IntegerField()
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ReferralCompleteSerializer(StrictSerializer):
    """Complete an accepted referral with its outcome. Without a known outcome: 422."""

    version = serializers.IntegerField()
    outcome = serializers.CharField(max_length=20, required=False)
    reason = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        help_text=_("Why it was not successful: needed when it was not."),
    )
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class TransferSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case_id")
    from_institution = serializers.UUIDField(source="from_institution_id")
    to_institution = serializers.UUIDField(source="to_institution_id")
    status = CodeLabelField(TransferStatus.choices)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "case",
            "from_institution",
            "to_institution",
            "status",
            "message",
            "proposed_at",
            "answered_at",
            "decline_reason",
            "version",
        ]


class TransferCreateSerializer(StrictSerializer):
    case = serializers.UUIDField()
    to_institution = serializers.UUIDField()
    message = text_field()
    consent_override_reason = text_field()


class TransferAcceptSerializer(StrictSerializer):
    """Take over the case proposed to your institution."""

    version = serializers.IntegerField()


class TransferDeclineSerializer(StrictSerializer):
    """Decline the case proposed to your institution. Without a reason: 422."""

    version = serializers.IntegerField()
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class TransferWithdrawSerializer(StrictSerializer):
    """Withdraw the transfer your institution proposed."""

    version = serializers.IntegerField()
