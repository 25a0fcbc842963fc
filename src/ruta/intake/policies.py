"""Who sees and handles reports. Rules live here only."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruta.core.actor import Actor
from ruta.core.choices import RecordScope, Sensitivity
from ruta.intake.choices import ReportStatus
from ruta.intake.models import Report

OPEN_STATUSES = (ReportStatus.NEW, ReportStatus.IN_TRIAGE)


def _handles_reports(actor: Actor) -> bool:
    return actor.scope != RecordScope.AGGREGATE and (
        actor.can("intake.receive") or actor.can("intake.triage")
    )


def scope_reports(actor: Actor, qs: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """Reports of the actor's institution; an 'own' scope without triage sees only the reports
    it recorded or took."""
    qs = Report.objects.all() if qs is None else qs
    if not _handles_reports(actor):
        return qs.none()
    qs = qs.filter(institution_id=actor.institution_id)
    if actor.scope == RecordScope.OWN and not actor.can("intake.triage"):
        qs = qs.filter(Q(created_by_id=actor.user_id) | Q(taken_by_id=actor.user_id))
    return qs


def can_list_reports(actor: Actor) -> bool:
    return _handles_reports(actor)


def can_create_report(actor: Actor) -> bool:
    return actor.scope != RecordScope.AGGREGATE and actor.can("intake.receive")


def can_take_report(actor: Actor, report: Report) -> bool:
    return actor.can("intake.triage", report.institution_id) and report.status == ReportStatus.NEW


def can_triage_report(actor: Actor, report: Report) -> bool:
    """Accept or close: whoever took it, or a triager when nobody has taken it yet."""
    if not actor.can("intake.triage", report.institution_id):
        return False
    if report.status not in OPEN_STATUSES:
        return False
    return report.taken_by_id in (None, actor.user_id) or actor.can("cases.assign")


def can_read_reporter(actor: Actor) -> bool:
    return actor.can_read(Sensitivity.IDENTITY) and actor.can_read(Sensitivity.CONTACT)


def can_read_report_facts(actor: Actor) -> bool:
    return actor.can_read(Sensitivity.FACTS)
