from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ruta.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    """A notification: a title and a link, never personal data about a survivor."""

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "url", "urgent", "created_at", "read_at"]
        read_only_fields = fields


class NotificationsMarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(
        help_text=_("How many notifications this call marked read (those already read are not).")
    )
