"""Who sees and marks notifications. A notification is addressed to one user for one
institution: the user sees it while acting for that institution, whatever their role's
record scope, and nobody else sees it."""

from __future__ import annotations

from django.db.models import QuerySet

from ruta.core.actor import Actor
from ruta.core.choices import RecordScope
from ruta.notifications.models import Notification


def scope_notifications(
    actor: Actor, qs: QuerySet[Notification] | None = None
) -> QuerySet[Notification]:
    qs = Notification.objects.all() if qs is None else qs
    match actor.scope:
        case (
            RecordScope.INSTITUTION
            | RecordScope.TERRITORY
            | RecordScope.UNIT
            | RecordScope.OWN
            | RecordScope.AGGREGATE
        ):
            # Addressed to me, for the institution I act for: no record scope narrows it.
            return qs.filter(user_id=actor.user_id, institution_id=actor.institution_id)
    return qs.none()
