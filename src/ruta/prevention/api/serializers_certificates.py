"""Serializers of the certificate API: the certificate as issued, a session's eligibility,
the bodies of issuing and revoking. A certificate's answer never carries the reason for
revoking it (kept encrypted, read on the page by the organisers)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ruta.core.api.serializers import StrictSerializer
from ruta.prevention.models import Certificate
from ruta.prevention.services.certificates import REASON_LIMIT


class CertificateSerializer(serializers.ModelSerializer):
    session = serializers.UUIDField(source="enrolment.session_id")
    session_reference = serializers.CharField(source="enrolment.session.reference")
    enrolment = serializers.UUIDField(source="enrolment_id")
    participant = serializers.UUIDField(source="enrolment.participant_id")
    revoked = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "code",
            "issued_on",
            "holder_name",
            "course_title",
            "course_code",
            "hours",
            "issuer_name",
            "session",
            "session_reference",
            "enrolment",
            "participant",
            "revoked",
            "revoked_at",
        ]

    def get_revoked(self, obj: Certificate) -> bool:
        return obj.revoked_at is not None


class EligibilitySerializer(serializers.Serializer):
    enrolment = serializers.UUIDField(source="enrolment.pk")
    participant = serializers.UUIDField(source="enrolment.participant_id")
    participant_name = serializers.CharField(source="enrolment.participant.full_name")
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    attendance_pct = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    score_pct = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    certificate = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "format": "uuid", "nullable": True})
    def get_certificate(self, obj) -> str | None:
        return str(obj.certificate.pk) if obj.certificate is not None else None


class CertificateIssueSerializer(StrictSerializer):
    """The enrolments to certify (all eligible ones when left out)."""

    enrolments = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=1000,
        help_text=_("The enrolments to certify; left out: every eligible enrolment."),
    )


class CertificateRevokeSerializer(StrictSerializer):
    """Why the certificate is revoked (kept encrypted, never answered)."""

    reason = serializers.CharField(max_length=REASON_LIMIT)


class CertificatesIssuedSerializer(serializers.Serializer):
    """The certificates an issue created."""

    certificates = CertificateSerializer(many=True)
