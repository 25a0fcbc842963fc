"""Reads of the referral pathway: the directory, inboxes, a referral and what the receiver
contributed, and the dashboard figures."""

from __future__ import annotations

import statistics
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.audit import services as audit
from ruta.care.models import ServiceDelivery
from ruta.cases.models import Case, Note
from ruta.core.actor import Actor
from ruta.core.models import Department
from ruta.referrals import policies
from ruta.referrals.choices import OPEN_STATUSES, ReferralStatus
from ruta.referrals.models import Referral, ServiceOffering, Transfer

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def directory(*, actor: Actor, service: str = "", department: str = ""):
    qs = (
        policies.scope_offerings(actor)
        .filter(is_active=True)
        .select_related("institution", "contact_point")
        .prefetch_related("departments")
        .order_by("institution__name", "service")
    )
    if service:
        qs = qs.filter(service=service)
    if department:
        qs = qs.filter(departments__code=department)
    return qs


def offerings_of(*, institution_id):
    return (
        ServiceOffering.objects.filter(institution_id=institution_id)
        .prefetch_related("departments")
        .select_related("contact_point")
    )


def _overdue_q() -> Q:
    """Sent, not answered, past the time limit: the home card's figure and the list's filter."""
    return Q(status=ReferralStatus.SENT, due_at__lt=timezone.now())


def referral_list(*, actor: Actor, box: str = "received", status: str = "", overdue=False):
    qs = policies.scope_referrals(actor).select_related(
        "case", "from_institution", "to_institution", "assigned_to"
    )
    if box == "sent":
        qs = qs.filter(from_institution_id=actor.institution_id)
    else:
        qs = qs.filter(to_institution_id=actor.institution_id)
    if status in ReferralStatus.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(_overdue_q())
    return qs.order_by("-urgent", "-sent_at") if status == ReferralStatus.SENT else qs


def referral_default_box(*, actor: Actor) -> str:
    """The tab the referrals page opens on: the one with open referrals, received first."""
    mine = actor.institution_id
    counts = (
        policies.scope_referrals(actor)
        .filter(status__in=OPEN_STATUSES)
        .aggregate(
            received=Count("id", filter=Q(to_institution_id=mine)),
            sent=Count("id", filter=Q(from_institution_id=mine)),
        )
    )
    return "sent" if not counts["received"] and counts["sent"] else "received"


def referral_get(*, actor: Actor, referral_id) -> Referral:
    referral = get_object_or_404(
        policies.scope_referrals(actor).select_related(
            "case",
            "from_institution",
            "to_institution",
            "sent_by",
            "answered_by",
            "assigned_to",
        ),
        pk=referral_id,
    )
    audit.record(action="referrals.referral.viewed", actor=actor, target=referral)
    return referral


def case_departments(*, case: Case) -> list[Department]:
    """Where the case took place: the departments of its trafficking events and of its
    report (its place, or its municipality's department)."""
    this = Case.objects.filter(pk=case.pk)
    ids = (
        Q(pk__in=case.events.values("department_id"))
        | Q(pk__in=this.values("report__department_id"))
        | Q(pk__in=this.values("report__municipality__department_id"))
    )
    return list(Department.objects.filter(ids).order_by("name"))


def referrals_of_case(*, case: Case):
    return case.referrals.select_related("to_institution", "sent_by").order_by("-sent_at")


def contributions(*, referral: Referral) -> dict:
    """What the receiving institution recorded on the case: it keeps these after its access
    ends."""
    institution_id = referral.to_institution_id
    return {
        "notes": list(
            Note.objects.filter(case_id=referral.case_id, institution_id=institution_id)
            .select_related("author")
            .order_by("-created_at")
        ),
        "deliveries": list(
            ServiceDelivery.objects.filter(
                service__plan__case_id=referral.case_id, recorded_for_id=institution_id
            )
            .select_related("service", "recorded_by")
            .order_by("-delivered_on")
        ),
    }


def transfer_get(*, actor: Actor, transfer_id) -> Transfer:
    transfer = get_object_or_404(
        policies.scope_transfers(actor).select_related(
            "case", "from_institution", "to_institution", "proposed_by", "answered_by"
        ),
        pk=transfer_id,
    )
    audit.record(action="referrals.transfer.viewed", actor=actor, target=transfer)
    return transfer


def transfer_list(*, actor: Actor):
    return policies.scope_transfers(actor).select_related(
        "case", "from_institution", "to_institution"
    )


def dashboard(*, actor: Actor, days: int = 90) -> dict:
    """Referrals received and sent by state, overdue ones, and how long answers take (the
    median over the last ``days`` days). Each figure counts the rows the referral list shows
    with the same filter (box, status, overdue): the same scope, the same conditions."""
    mine = actor.institution_id
    now = timezone.now()
    scoped = policies.scope_referrals(actor)

    def by_state(field: str) -> list[tuple[str, StrOrPromise, int]]:
        rows = scoped.filter(**{field: mine}).values("status").annotate(n=Count("id")).order_by()
        counts = {row["status"]: row["n"] for row in rows}
        return [(value, label, counts.get(value, 0)) for value, label in ReferralStatus.choices]

    answered = list(
        Referral.objects.filter(
            to_institution_id=mine,
            answered_at__isnull=False,
            sent_at__gte=now - timedelta(days=days),
        ).values_list("sent_at", "answered_at")
    )
    hours = [(a - s).total_seconds() / 3600 for s, a in answered if s and a]
    overdue = scoped.filter(_overdue_q()).aggregate(
        received=Count("id", filter=Q(to_institution_id=mine)),
        sent=Count("id", filter=Q(from_institution_id=mine)),
    )
    return {
        "received": by_state("to_institution_id"),
        "sent": by_state("from_institution_id"),
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "answered": len(hours),
        "overdue_received": overdue["received"],
        "overdue_sent": overdue["sent"],
        "days": days,
    }
