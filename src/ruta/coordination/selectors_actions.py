"""Reads of agreements and action items. Every query starts from a scope."""

from __future__ import annotations

from itertools import groupby

from django.db.models import F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruta.coordination.choices import OPEN_ACTION_STATUSES, ActionStatus
from ruta.coordination.models import (
    ActionItem,
    Agreement,
    Committee,
    CooperationAgreement,
    Meeting,
)
from ruta.coordination.policies import (
    scope_action_items,
    scope_agreements,
    scope_cooperation_agreements,
)
from ruta.core.actor import Actor


def open_actions_by_institution(
    actor: Actor, committee: Committee
) -> list[tuple[str, list[ActionItem]]]:
    """The committee's open action items grouped by owner institution (name order), each
    group by due date; ``item.overdue`` is set on each."""
    today = timezone.localdate()
    items = list(
        scope_action_items(actor)
        .filter(committee=committee, status__in=OPEN_ACTION_STATUSES)
        .select_related("owner_institution", "agreement")
        .order_by("owner_institution__name", "due_on", "created_at")
    )
    for item in items:
        item.overdue = item.due_on < today
    return [
        (name, list(group))
        for name, group in groupby(items, key=lambda i: i.owner_institution.name)
    ]


def overdue_actions(actor: Actor) -> QuerySet[ActionItem]:
    """The acting institution's open action items past their due date (its work queue)."""
    return (
        scope_action_items(actor)
        .filter(
            owner_institution_id=actor.institution_id,
            status__in=OPEN_ACTION_STATUSES,
            due_on__lt=timezone.localdate(),
        )
        .select_related("committee", "agreement")
        .order_by("due_on")
    )


# --- slice actions ---
ACTION_FILTERS = ("open", "overdue", "done")


def my_actions(actor: Actor, filter: str = "open") -> QuerySet[ActionItem]:
    """The acting institution's action items: ``open``, ``overdue`` or ``done``."""
    qs = scope_action_items(actor).filter(owner_institution_id=actor.institution_id)
    if filter == "done":
        qs = qs.filter(status=ActionStatus.DONE).order_by("-done_on", "-created_at")
    elif filter == "overdue":
        qs = qs.filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=timezone.localdate()).order_by(
            "due_on"
        )
    else:
        qs = qs.filter(status__in=OPEN_ACTION_STATUSES).order_by("due_on", "created_at")
    return qs.select_related("committee", "agreement")


def action_item_get(actor: Actor, pk) -> ActionItem:
    item = get_object_or_404(
        scope_action_items(actor).select_related(
            "committee", "agreement__meeting", "owner_institution"
        ),
        pk=pk,
    )
    item.overdue = item.is_open and item.due_on < timezone.localdate()
    return item


def _mark(items) -> list[ActionItem]:
    today = timezone.localdate()
    items = list(items)
    for item in items:
        item.overdue = item.is_open and item.due_on < today
    return items


def agreement_detail(actor: Actor, pk) -> Agreement:
    """An agreement with its items (``agreement.items``, each with ``overdue``)."""
    agreement = get_object_or_404(
        scope_agreements(actor).select_related("committee", "meeting"), pk=pk
    )
    agreement.items = _mark(
        agreement.actions.select_related("owner_institution").order_by("due_on", "created_at")
    )
    return agreement


def meeting_agreements(actor: Actor, meeting: Meeting) -> list[Agreement]:
    """The meeting's agreements, each with its items (two queries)."""
    agreements = list(
        scope_agreements(actor)
        .filter(meeting_id=meeting.pk)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=ActionItem.objects.select_related("owner_institution").order_by(
                    "due_on", "created_at"
                ),
            )
        )
    )
    for agreement in agreements:
        agreement.items = _mark(agreement.actions.all())
    return agreements


def cooperation_list(actor: Actor) -> QuerySet[CooperationAgreement]:
    """Renewal soonest first (agreements without a renewal date last)."""
    return (
        scope_cooperation_agreements(actor)
        .select_related("institution")
        .order_by(F("renewal_on").asc(nulls_last=True), "title")
    )


def cooperation_detail(actor: Actor, pk) -> CooperationAgreement:
    return get_object_or_404(
        scope_cooperation_agreements(actor)
        .select_related("institution")
        .prefetch_related("parties"),
        pk=pk,
    )


def action_owner_choices(committee: Committee):
    """The institutions an action of ``committee`` may be assigned to."""
    from ruta.coordination.models import CommitteeMember
    from ruta.institutions.models import Institution

    members = CommitteeMember.objects.filter(committee_id=committee.pk).values("institution_id")
    return Institution.objects.filter(Q(pk=committee.secretariat_id) | Q(pk__in=members)).order_by(
        "name"
    )


def meeting_for_agreement(actor: Actor, pk) -> Meeting:
    from ruta.coordination.policies import scope_meetings

    return get_object_or_404(scope_meetings(actor).select_related("committee"), pk=pk)
