from rest_framework import serializers

from ruta.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    """Codes for machines, labels for people (see ``selectors.audit_events_describe``)."""

    action_label = serializers.SerializerMethodField()
    target_label = serializers.SerializerMethodField()
    related_institution_ids = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "seq",
            "occurred_at",
            "actor_user_id",
            "actor_username",
            "institution_id",
            "action",
            "action_label",
            "target_type",
            "target_id",
            "target_label",
            "target_institution_id",
            "related_institution_ids",
            "changed_fields",
            "data",
            "reason",
            "request_id",
            "via",
            "hash",
            "prev_hash",
        ]

    def get_action_label(self, event) -> str:
        return getattr(event, "action_label", event.action)

    def get_target_label(self, event) -> str:
        return getattr(event, "target_label", "")

    def get_related_institution_ids(self, event) -> list[str]:
        return sorted(str(r.institution_id) for r in event.institutions.all())
