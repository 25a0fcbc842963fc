"""Reads of agreements and action items. Every query starts from a scope."""

from __future__ import annotations

from itertools import groupby

from django.db.models import QuerySet
from django.utils import timezone

from ruta.coordination.choices import OPEN_ACTION_STATUSES
from ruta.coordination.models import ActionItem, Committee
from ruta.coordination.policies import scope_action_items
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
