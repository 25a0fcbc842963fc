"""Who may read the audit trail, and which events.

Three breadths of oversight:

- national: the platform capability ``audit.view_all`` (the shipped ``oversight_auditor``
  template). Only platform administrators assign platform roles, so no institution can grant
  itself a view of the others' trails;
- territorial: ``audit.view`` with the ``territory`` scope sees the events of every institution
  serving a department that the auditor's institution serves (``Institution.territories``);
- institutional: ``audit.view`` with the ``institution`` scope sees the events its institution
  acted in, the events on its records, and the events about the accounts of its members.

The trail is not divided by owner or unit and aggregates are not events: ``own``, ``unit`` and
``aggregate`` auditors see nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Q, QuerySet

from ruta.audit.models import AuditEvent, AuditEventInstitution
from ruta.core.actor import Actor
from ruta.core.choices import RecordScope
from ruta.core.registry import institutions


class Coverage(StrEnum):
    ALL = "all"
    TERRITORY = "territory"
    INSTITUTION = "institution"
    NONE = "none"


@dataclass(frozen=True)
class AuditCoverage:
    kind: Coverage
    department_ids: tuple = field(default=())


def can_view_audit(actor: Actor) -> bool:
    if actor.can("audit.view") or actor.can("audit.view_all"):
        return True
    return False


def audit_coverage(actor: Actor) -> AuditCoverage:
    """Which institutions' events the actor oversees: the one rule behind the list and the page's
    statement of what it covers."""
    if actor.can("audit.view_all"):
        return AuditCoverage(Coverage.ALL)
    if not actor.can("audit.view"):
        return AuditCoverage(Coverage.NONE)
    match actor.scope:
        case RecordScope.INSTITUTION:
            return AuditCoverage(Coverage.INSTITUTION)
        case RecordScope.TERRITORY:
            departments = institutions().territories(actor.institution_id)
            if departments:
                return AuditCoverage(Coverage.TERRITORY, departments)
            return AuditCoverage(Coverage.NONE)  # serves no department: oversees nothing
        case RecordScope.OWN | RecordScope.UNIT | RecordScope.AGGREGATE:
            return AuditCoverage(Coverage.NONE)
    return AuditCoverage(Coverage.NONE)


def _concerning(institution_ids) -> Q:
    """Events acted for, on a record of, or about a member's account of these institutions."""
    related = AuditEventInstitution.objects.filter(institution_id__in=institution_ids)
    return (
        Q(institution_id__in=institution_ids)
        | Q(target_institution_id__in=institution_ids)
        | Q(pk__in=related.values("event_id"))
    )


def scope_audit_events(actor: Actor, qs: QuerySet[AuditEvent] | None = None):
    qs = AuditEvent.objects.all() if qs is None else qs
    coverage = audit_coverage(actor)
    match coverage.kind:
        case Coverage.ALL:
            return qs
        case Coverage.TERRITORY:
            serving = institutions().serving(coverage.department_ids)
            return qs.filter(_concerning(serving))
        case Coverage.INSTITUTION:
            return qs.filter(_concerning([actor.institution_id]))
        case Coverage.NONE:
            return qs.none()
    return qs.none()
