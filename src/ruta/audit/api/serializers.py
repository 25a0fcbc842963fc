from rest_framework import serializers

from ruta.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
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
            "target_type",
            "target_id",
            "target_institution_id",
            "changed_fields",
            "data",
            "reason",
            "request_id",
            "via",
            "hash",
            "prev_hash",
        ]
