"""The action items dashboard: the commitments the committees' agreements set, by whether they
were done on time, late, are overdue or still within their time, by committee, responsible
institution and period. Action items are the institutions' work, not people's records, and
few (hundreds a year): they are counted from their table directly, four grouped queries a
page.

As on the other dashboards, the figures are national for every viewer; the drill-down to one
institution and the rows naming institutions are limited to the viewer's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.coordination.choices import OPEN_ACTION_STATUSES, ActionStatus
from ruta.coordination.models import ActionItem
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.reporting.policies import can_view_statistics, statistics_is_national
from ruta.reporting.selectors import (
    Filters,
    allowed_institutions,
    chosen_institution,
    period_labels,
)


@dataclass
class ActionRow:
    code: str
    label: str
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0  # open, not yet due
    cancelled: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.overdue + self.pending + self.cancelled

    @property
    def came_due(self) -> int:
        """Items whose date has come (done, or open past it): what "on time" is a share of."""
        return self.on_time + self.late + self.overdue

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.came_due if self.came_due else None


@dataclass
class ActionsDashboard:
    filters: Filters
    national: bool
    totals: ActionRow
    by_committee: list[ActionRow]
    by_institution: list[ActionRow]
    by_period: list[ActionRow]
    institution_name: str = ""
    described: list[str] = field(default_factory=list)


def _counts(today: date) -> dict[str, Count]:
    done = Q(status=ActionStatus.DONE)
    open_ = Q(status__in=OPEN_ACTION_STATUSES)
    return {
        "on_time": Count("pk", filter=done & Q(done_on__lte=F("due_on"))),
        "late": Count("pk", filter=done & Q(done_on__gt=F("due_on"))),
        "overdue": Count("pk", filter=open_ & Q(due_on__lt=today)),
        "pending": Count("pk", filter=open_ & Q(due_on__gte=today)),
        "cancelled": Count("pk", filter=Q(status=ActionStatus.CANCELLED)),
    }


def _row(code: str, label: str, values: dict) -> ActionRow:
    return ActionRow(
        code,
        label,
        values["on_time"],
        values["late"],
        values["overdue"],
        values["pending"],
        values["cancelled"],
    )


def actions_dashboard(*, actor: Actor, filters: Filters) -> ActionsDashboard:
    """The action items due in the filters' years."""
    require(can_view_statistics(actor))
    allowed = allowed_institutions(actor)
    institution_name = chosen_institution(allowed, filters)
    names = dict(allowed.values_list("pk", "name"))
    qs: QuerySet = ActionItem.objects.filter(
        due_on__year__gte=filters.year_from, due_on__year__lte=filters.year_to
    ).order_by()
    if filters.institution is not None:
        qs = qs.filter(owner_institution_id=filters.institution)
    counts = _counts(timezone.localdate())
    totals = _row("_T", _("Total"), qs.aggregate(**counts))
    by_committee = [
        _row(str(r["committee_id"]), f"{r['committee__acronym']} · {r['committee__name']}", r)
        for r in qs.values("committee_id", "committee__acronym", "committee__name").annotate(
            **counts
        )
    ]
    by_institution = [
        _row(str(r["owner_institution_id"]), str(names[r["owner_institution_id"]]), r)
        for r in qs.filter(owner_institution_id__in=list(names))
        .values("owner_institution_id")
        .annotate(**counts)
    ]
    single = filters.year_from == filters.year_to
    period = ExtractMonth("due_on") if single else ExtractYear("due_on")
    found = {r["p"]: r for r in qs.annotate(p=period).values("p").annotate(**counts)}
    empty = dict.fromkeys(counts, 0)
    labels = period_labels(filters)
    by_period = [_row(str(k), label, found.get(k, empty)) for k, label in labels.items()]
    for rows in (by_committee, by_institution):
        rows.sort(key=lambda r: (-r.total, r.label))
    return ActionsDashboard(
        filters=filters,
        national=statistics_is_national(actor),
        totals=totals,
        by_committee=by_committee,
        by_institution=by_institution,
        by_period=by_period,
        institution_name=institution_name,
        described=filters.describe(institution_name),
    )
