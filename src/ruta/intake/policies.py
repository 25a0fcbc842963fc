"""Who sees and handles reports. Rules live here only."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruta.core.actor import Actor
from ruta.core.choices import RecordScope, Sensitivity
from ruta.core.scoping import in_territory, reaches_records, serves_somewhere, territory_q
from ruta.intake.choices import ReportStatus
from ruta.intake.models import Report

OPEN_STATUSES = (ReportStatus.NEW, ReportStatus.IN_TRIAGE)


def _handles_reports(actor: Actor) -> bool:
    """Receives or triages reports, with a scope that reaches some report."""
    if (actor.can("intake.receive") or actor.can("intake.triage")) and reaches_records(actor):
        return True
    return False


def _untaken() -> Q:
    """Reports nobody has taken yet: the triage queue a triager picks from."""
    return Q(status=ReportStatus.NEW, taken_by__isnull=True)


def scope_reports(actor: Actor, qs: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """Reports of the actor's institution within the role's scope: 'institution' all of them;
    'territory' those placed where the actor serves; 'unit' those recorded or taken by a
    member of the actor's unit; 'own' those the actor recorded or took. A triager with a
    'unit' or 'own' scope also sees the reports nobody has taken yet, so as to take them."""
    qs = Report.objects.all() if qs is None else qs
    if not _handles_reports(actor):
        return qs.none()
    qs = qs.filter(institution_id=actor.institution_id)
    untaken = _untaken() if actor.can("intake.triage") else Q(pk__in=[])
    match actor.scope:
        case RecordScope.INSTITUTION:
            return qs
        case RecordScope.TERRITORY:
            if not serves_somewhere(actor):
                return qs.none()
            return qs.filter(
                territory_q(actor, department="department", municipality="municipality")
            )
        case RecordScope.UNIT if actor.unit_id:
            return qs.filter(
                Q(pk__in=Report.objects.filter(created_by__memberships__unit_id=actor.unit_id))
                | Q(pk__in=Report.objects.filter(taken_by__memberships__unit_id=actor.unit_id))
                | untaken
            )
        case RecordScope.OWN:
            return qs.filter(
                Q(created_by_id=actor.user_id) | Q(taken_by_id=actor.user_id) | untaken
            )
    return qs.none()  # aggregate, unknown, or unit without a unit


def report_in_scope(actor: Actor, report: Report) -> bool:
    """The in-memory twin of ``scope_reports`` for one report of the actor's institution."""
    if report.institution_id != actor.institution_id or not _handles_reports(actor):
        return False
    untaken = (
        actor.can("intake.triage") and report.status == ReportStatus.NEW and not report.taken_by_id
    )
    match actor.scope:
        case RecordScope.INSTITUTION:
            return True
        case RecordScope.TERRITORY:
            return in_territory(
                actor,
                department_id=report.department_id,
                municipality=report.municipality if report.municipality_id else None,
            )
        case RecordScope.UNIT if actor.unit_id:
            return untaken or scope_reports(actor).filter(pk=report.pk).exists()
        case RecordScope.OWN:
            return untaken or actor.user_id in (report.created_by_id, report.taken_by_id)
    return False  # aggregate, unknown, or unit without a unit


def can_list_reports(actor: Actor) -> bool:
    if _handles_reports(actor):
        return True
    return False


def can_create_report(actor: Actor) -> bool:
    if actor.can("intake.receive") and _handles_reports(actor):
        return True
    return False


def can_take_report(actor: Actor, report: Report) -> bool:
    if (
        actor.can("intake.triage", report.institution_id)
        and report.status == ReportStatus.NEW
        and report_in_scope(actor, report)
    ):
        return True
    return False


def can_triage_report(actor: Actor, report: Report) -> bool:
    """Accept or close: whoever took it, or a triager when nobody has taken it yet (someone
    who assigns cases may decide a colleague's report)."""
    if not actor.can("intake.triage", report.institution_id):
        return False
    if report.status not in OPEN_STATUSES or not report_in_scope(actor, report):
        return False
    if report.taken_by_id in (None, actor.user_id) or actor.can("cases.assign"):
        return True
    return False


def can_read_reporter(actor: Actor) -> bool:
    if actor.can_read(Sensitivity.IDENTITY) and actor.can_read(Sensitivity.CONTACT):
        return True
    return False


def can_read_report_facts(actor: Actor) -> bool:
    if actor.can_read(Sensitivity.FACTS):
        return True
    return False
