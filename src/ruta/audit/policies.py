"""Who may read the audit trail."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruta.audit.models import AuditEvent
from ruta.core.actor import Actor


def can_view_audit(actor: Actor) -> bool:
    return actor.can("audit.view") or actor.can("audit.view_all")


def scope_audit_events(actor: Actor, qs: QuerySet[AuditEvent] | None = None):
    """An institution's auditor sees what its members did and what was done to its records."""
    qs = AuditEvent.objects.all() if qs is None else qs
    if actor.can("audit.view_all"):
        return qs
    if actor.can("audit.view"):
        return qs.filter(
            Q(institution_id=actor.institution_id) | Q(target_institution_id=actor.institution_id)
        )
    return qs.none()
