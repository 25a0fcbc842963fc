from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ruta.core.actor import Actor
from ruta.notifications.models import Notification
from ruta.notifications.policies import scope_notifications


def notification_list(*, actor: Actor, unread: bool | None = None) -> QuerySet[Notification]:
    """A user's own notifications, for the institution they act for: all of them, or only
    the unread (``unread=True``) or only the read ones (``unread=False``)."""
    qs = scope_notifications(actor)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs


def notification_get(*, actor: Actor, notification_id: UUID) -> Notification:
    """One of the actor's own notifications; anybody else's is 404."""
    return get_object_or_404(notification_list(actor=actor), pk=notification_id)


def unread_count(*, actor: Actor) -> int:
    return notification_list(actor=actor, unread=True).count()
