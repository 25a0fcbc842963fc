"""Search of the audit trail, and the words that make its entries readable."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ruta.audit.labels import TARGET_NAMING, action_label
from ruta.audit.models import AuditEvent, AuditEventInstitution
from ruta.audit.policies import Coverage, audit_coverage, scope_audit_events
from ruta.audit.services import REFUSED_ACTION
from ruta.core import registry
from ruta.core.actor import Actor
from ruta.core.models import Department


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
    return qs.order_by("-appended")


def audit_coverage_statement(actor: Actor) -> str:
    """What the actor's audit list covers, in words."""
    coverage = audit_coverage(actor)
    match coverage.kind:
        case Coverage.ALL:
            return _("You see the events of every institution.")
        case Coverage.TERRITORY:
            names = Department.objects.filter(pk__in=coverage.department_ids).order_by("name")
            return _("You see the events of the institutions serving %(departments)s.") % {
                "departments": ", ".join(d.name for d in names)
            }
        case Coverage.INSTITUTION:
            return _("You see the events of your institution, %(institution)s.") % {
                "institution": actor.institution.short_name
            }
    return _("You see no events.")


def _names_of(target_type: str, ids: set[str]) -> dict[str, str]:
    naming = TARGET_NAMING.get(target_type)
    if naming is None:
        return {}
    model = apps.get_model(target_type)
    pks = []
    for raw in ids:
        try:
            pks.append(model._meta.pk.to_python(raw))
        except ValidationError:
            continue
    qs = model._base_manager.select_related(*naming.related).filter(pk__in=pks)
    return {str(obj.pk): naming.name(obj) for obj in qs}


def _type_label(target_type: str) -> str:
    try:
        return capfirst(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return _("Record")


def audit_events_describe(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Give each event ``action_label``, ``target_label`` and ``institution_label``.

    One query per record type present and one for the institutions, whatever the number of
    events: the page and the API call it on one page of events.
    """
    events = list(events)
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.target_type and event.target_id:
            wanted[event.target_type].add(event.target_id)
    names = {
        (target_type, pk): name
        for target_type, ids in wanted.items()
        for pk, name in _names_of(target_type, ids).items()
    }
    institution_ids = {e.institution_id for e in events if e.institution_id}
    institutions = registry.institutions().short_names(institution_ids)
    for event in events:
        event.action_label = action_label(event.action)
        event.institution_label = (
            institutions.get(event.institution_id, "") if event.institution_id else ""
        )
        if event.action == REFUSED_ACTION:
            event.target_label = f"{event.data.get('method', '')} {event.data.get('route', '')}"
        elif event.target_type:
            event.target_label = names.get(
                (event.target_type, event.target_id), _type_label(event.target_type)
            )
        else:
            event.target_label = ""
    return events
