from __future__ import annotations

from django.db.models import QuerySet

from ruta.core.actor import Actor
from ruta.notifications.models import Notification
from ruta.notifications.policies import scope_notifications


def notification_list(*, actor: Actor) -> QuerySet[Notification]:
    """A user's own notifications, for the institution they act for."""
    return scope_notifications(actor)


def unread_count(*, actor: Actor) -> int:
    return notification_list(actor=actor).filter(read_at__isnull=True).count()
