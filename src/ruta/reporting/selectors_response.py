"""The response dashboard: services delivered (by type, period and provider) and referrals
between institutions (by status and outcome, type, and receiving institution with the time to
answer), read from the summary tables ``ServiceFact`` and ``ReferralFact`` only. Counts,
never records.

Like the victims dashboard, the figures are national for every viewer; the drill-down to one
institution (its cases' services and the services it gave; the referrals it sent or
received) and the rows that name institutions are limited to the viewer's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ruta.care.choices import ServiceType
from ruta.core.actor import Actor
from ruta.core.errors import require
from ruta.core.models import Department
from ruta.referrals.choices import Outcome, ReferralStatus, ReferralType
from ruta.reporting.models import ReferralFact, ServiceFact
from ruta.reporting.policies import can_view_statistics, statistics_is_national
from ruta.reporting.selectors import (
    CACHE_SECONDS,
    Breakdown,
    Filters,
    Row,
    age_cell_filter,
    allowed_institutions,
    chosen_institution,
    count_rows,
    filters_key,
    period_rows,
)

OVERDUE = "overdue"


@dataclass
class ServiceRow:
    code: str
    label: str
    services: int
    persons: int


@dataclass
class ReceiverRow:
    code: str
    label: str
    sent: int
    answered: int
    mean_hours: float | None
    on_time: int

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.answered if self.answered else None


@dataclass
class ResponseDashboard:
    filters: Filters
    national: bool
    services: int
    persons: int
    referrals: int
    answered: int
    mean_hours: float | None
    on_time: int
    waiting: int
    overdue: int
    by_type: list[ServiceRow]
    by_provider: list[ServiceRow]
    breakdowns: list[Breakdown]
    receivers: list[ReceiverRow]
    refreshed_at: datetime | None = None
    institution_name: str = ""
    department_name: str = ""
    described: list[str] = field(default_factory=list)

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.answered if self.answered else None


def _window(qs: QuerySet, f: Filters) -> QuerySet:
    qs = qs.filter(month__gte=date(f.year_from, 1, 1), month__lte=date(f.year_to, 12, 1))
    if f.department:
        qs = qs.filter(department=f.department)
    return age_cell_filter(qs, f.age_cell).order_by()


def _services(f: Filters) -> QuerySet:
    qs = _window(ServiceFact.objects.all(), f)
    if f.institution is not None:
        qs = qs.filter(Q(institution_id=f.institution) | Q(provider_id=f.institution))
    return qs


def _referrals(f: Filters) -> QuerySet:
    qs = _window(ReferralFact.objects.all(), f)
    if f.institution is not None:
        qs = qs.filter(Q(from_institution_id=f.institution) | Q(to_institution_id=f.institution))
    return qs


def _service_rows(qs: QuerySet, by: str, labels: dict) -> list[ServiceRow]:
    rows = [
        ServiceRow(str(r[by]), str(labels.get(r[by], r[by])), r["n"], r["persons"])
        for r in qs.values(by).annotate(n=Count("pk"), persons=Count("case_id", distinct=True))
        if r["n"]
    ]
    return sorted(rows, key=lambda r: (-r.services, r.label))


def response_dashboard(*, actor: Actor, filters: Filters) -> ResponseDashboard:
    """Services delivered and referrals sent in the filters' years."""
    require(can_view_statistics(actor))
    allowed = allowed_institutions(actor)
    institution_name = chosen_institution(allowed, filters)
    # A referral still waiting turns overdue when its deadline passes, without a write: the
    # cached figures last an hour at most.
    hour = timezone.now().strftime("%Y%m%d%H")
    key, refreshed = filters_key("response", actor, filters, hour)
    cached = cache.get(key)
    if cached is None:
        cached = _compute(actor, filters, dict(allowed.values_list("pk", "name")))
        cached.institution_name = institution_name
        cached.described = filters.describe(institution_name, cached.department_name)
        cache.set(key, cached, CACHE_SECONDS)
    cached.refreshed_at = refreshed
    return cached


def _status_rows(qs: QuerySet, now: datetime) -> tuple[list[Row], int, int]:
    counts: dict[str, int] = {}
    for row in qs.values("status", "outcome").annotate(
        n=Count("pk"), late=Count("pk", filter=Q(due_at__lt=now))
    ):
        status, outcome, n = row["status"], row["outcome"], row["n"]
        if status == ReferralStatus.SENT:
            counts[OVERDUE] = counts.get(OVERDUE, 0) + row["late"]
            counts[status] = counts.get(status, 0) + n - row["late"]
        else:
            code = f"{status}:{outcome}" if status == ReferralStatus.COMPLETED else status
            counts[code] = counts.get(code, 0) + n
    labels = {
        ReferralStatus.SENT.value: _("Awaiting an answer, within the time"),
        OVERDUE: _("Awaiting an answer, overdue"),
        ReferralStatus.ACCEPTED.value: _("Accepted, in progress"),
        ReferralStatus.DECLINED.value: _("Declined"),
        ReferralStatus.WITHDRAWN.value: _("Withdrawn"),
        **{
            f"{ReferralStatus.COMPLETED.value}:{o.value}": _("Completed: %(outcome)s")
            % {"outcome": o.label}
            for o in Outcome
        },
        f"{ReferralStatus.COMPLETED.value}:": _("Completed"),
    }
    waiting = counts.get(ReferralStatus.SENT.value, 0)
    return (
        [r for r in count_rows(counts, labels, keep_order=True) if r.value],
        waiting,
        counts.get(OVERDUE, 0),
    )


def _compute(actor: Actor, filters: Filters, names: dict) -> ResponseDashboard:
    departments = dict(Department.objects.filter(country="HN").values_list("code", "name"))
    services = _services(filters)
    referrals = _referrals(filters)
    now = timezone.now()

    totals = services.aggregate(n=Count("pk"), persons=Count("case_id", distinct=True))
    by_type = _service_rows(services, "type", dict(ServiceType.choices))
    by_provider = _service_rows(services.filter(provider_id__in=list(names)), "provider_id", names)
    service_period = period_rows(
        {r["month"]: r["n"] for r in services.values("month").annotate(n=Count("pk"))}, filters
    )

    sums = referrals.aggregate(
        n=Count("pk"),
        answered=Count("pk", filter=Q(answer_hours__isnull=False)),
        hours=Avg("answer_hours"),
        on_time=Count("pk", filter=Q(answered_on_time=True)),
    )
    statuses, waiting, overdue = _status_rows(referrals, now)
    types = {r["type"]: r["n"] for r in referrals.values("type").annotate(n=Count("pk")) if r["n"]}
    receivers = [
        ReceiverRow(
            str(r["to_institution_id"]),
            str(names.get(r["to_institution_id"], "")),
            r["n"],
            r["answered"],
            round(r["hours"], 1) if r["hours"] is not None else None,
            r["on_time"],
        )
        for r in referrals.filter(to_institution_id__in=list(names))
        .values("to_institution_id")
        .annotate(
            n=Count("pk"),
            answered=Count("pk", filter=Q(answer_hours__isnull=False)),
            hours=Avg("answer_hours"),
            on_time=Count("pk", filter=Q(answered_on_time=True)),
        )
    ]
    receivers.sort(key=lambda r: (-r.sent, r.label))
    by_month = filters.year_from == filters.year_to
    breakdowns = [
        Breakdown(
            "service_period",
            _("Services delivered by month") if by_month else _("Services delivered by year"),
            service_period,
            _("Each occasion a service was given counts once."),
        ),
        Breakdown(
            "referral_status",
            _("Referrals by status and outcome"),
            statuses,
            _("Referrals sent in the period, as they stand now."),
        ),
        Breakdown(
            "referral_type", _("Referrals by type"), count_rows(types, dict(ReferralType.choices))
        ),
    ]
    return ResponseDashboard(
        filters=filters,
        national=statistics_is_national(actor),
        services=totals["n"] or 0,
        persons=totals["persons"] or 0,
        referrals=sums["n"] or 0,
        answered=sums["answered"] or 0,
        mean_hours=round(sums["hours"], 1) if sums["hours"] is not None else None,
        on_time=sums["on_time"] or 0,
        waiting=waiting,
        overdue=overdue,
        by_type=by_type,
        by_provider=by_provider,
        breakdowns=breakdowns,
        receivers=receivers,
        department_name=departments.get(filters.department, ""),
    )
