"""Reads of reports, always from the policy scope."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.audit import services as audit
from ruta.core.actor import Actor
from ruta.core.errors import uuid_or_404
from ruta.intake.choices import ReportStatus
from ruta.intake.models import Report, ReportPerson
from ruta.intake.policies import can_read_report_facts, can_read_reporter, scope_reports


def follow_up_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


WAITING = (ReportStatus.NEW, ReportStatus.IN_TRIAGE)
# The home page's figures, each a filter of the queue (?only=...): one definition for both.
QUEUE_FILTERS = ("urgent", "overdue", "without_case")


def _queue_q(actor: Actor, name: str) -> Q:
    if name == "urgent":  # urgent, and nobody has taken it
        return Q(status=ReportStatus.NEW) & (Q(imminent_danger=True) | Q(child_involved=True))
    if name == "overdue":  # past the institution's first-contact limit (its reports only)
        limit = timedelta(hours=actor.institution.first_contact_hours)
        return Q(status__in=WAITING, received_at__lt=timezone.now() - limit)
    if name == "without_case":
        return Q(status=ReportStatus.ACCEPTED, cases__isnull=True)
    return Q(status__in=WAITING)


def report_queue(
    *, actor: Actor, status: str = "", code: str = "", only: str = ""
) -> QuerySet[Report]:
    """The work queue: untaken urgent reports first, then the newest. No personal data is
    loaded: the list shows references, channels, places and flags. ``only`` narrows it to one
    of the home page's figures (``QUEUE_FILTERS``), whatever the status."""
    qs = (
        scope_reports(actor)
        .select_related("department", "taken_by", "institution")
        .defer(
            "reporter_name",
            "reporter_contact",
            "place_description",
            "narrative",
            "referral_information",
        )
        .annotate(
            pinned=Case(
                When(
                    status=ReportStatus.NEW,
                    imminent_danger=True,
                    then=Value(0),
                ),
                When(status=ReportStatus.NEW, child_involved=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
    )
    if only in QUEUE_FILTERS:
        qs = qs.filter(_queue_q(actor, only))
    if status in ReportStatus.values:
        qs = qs.filter(status=status)
    elif not status and only not in QUEUE_FILTERS:
        qs = qs.filter(status__in=WAITING)
    if code:
        qs = qs.filter(follow_up_code_hash=follow_up_hash(code))
    return qs.order_by("pinned", "-received_at")


def is_overdue(report: Report, *, now=None) -> bool:
    """A report nobody has triaged after the institution's first-contact limit."""
    if report.status not in (ReportStatus.NEW, ReportStatus.IN_TRIAGE):
        return False
    limit = timedelta(hours=report.institution.first_contact_hours)
    return (now or timezone.now()) > report.received_at + limit


def report_get(*, actor: Actor, report_id) -> Report:
    """A report for its detail page. Reading facts or the reporter's identity is audited."""
    people = ReportPerson.objects.order_by("role", "created_at")
    report = get_object_or_404(
        scope_reports(actor)
        .select_related("department", "municipality", "taken_by", "institution", "created_by")
        .prefetch_related(Prefetch("people", queryset=people)),
        pk=uuid_or_404(report_id),
    )
    sections = [
        name
        for name, allowed in (
            ("facts", can_read_report_facts(actor)),
            ("reporter", can_read_reporter(actor)),
        )
        if allowed
    ]
    if sections:
        audit.record(
            action="intake.report.viewed", actor=actor, target=report, data={"sections": sections}
        )
    return report


def report_queue_summary(*, actor: Actor) -> dict:
    """Counts for the home page: waiting, urgent and untaken, overdue (one query). Each is
    the queue filtered the same way (``report_queue(only=...)``)."""
    # Reports in scope all belong to the actor's institution, which sets the limit.
    return scope_reports(actor).aggregate(
        waiting=Count("pk", filter=_queue_q(actor, "")),
        urgent=Count("pk", filter=_queue_q(actor, "urgent")),
        overdue=Count("pk", filter=_queue_q(actor, "overdue")),
    )
