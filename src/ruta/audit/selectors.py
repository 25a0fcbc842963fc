"""Search of the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from ruta.audit.models import AuditEvent, AuditEventInstitution
from ruta.audit.policies import scope_audit_events
from ruta.core.actor import Actor

REFUSED_ACTION = "core.access.refused"


def _start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def audit_event_list(
    *,
    actor: Actor,
    user: str = "",
    record: str = "",
    institution_id=None,
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    refused: bool = False,
) -> QuerySet[AuditEvent]:
    qs = scope_audit_events(actor)
    if user:
        qs = qs.filter(actor_username__iexact=user.strip())
    if record:
        qs = qs.filter(target_id=record.strip())
    if institution_id:
        related = AuditEventInstitution.objects.filter(institution_id=institution_id)
        qs = qs.filter(
            Q(institution_id=institution_id)
            | Q(target_institution_id=institution_id)
            | Q(pk__in=related.values("event_id"))
        )
    if action:
        qs = qs.filter(action__startswith=action.strip())
    if refused:
        qs = qs.filter(action=REFUSED_ACTION)
    if date_from:
        qs = qs.filter(occurred_at__gte=_start(date_from))
    if date_to:
        qs = qs.filter(occurred_at__lt=_start(date_to) + timedelta(days=1))
    return qs.order_by("-seq")
