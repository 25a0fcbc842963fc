"""Keeping the summary tables current.

``statistics_refresh`` reads the audit trail from where it stopped (the sealed sequence, which
has no gaps and only grows, so no write is missed or read twice), finds the cases the new
events touch (an event about a case, or naming one in its data as every write on a case's
parts does; about a person or a report, whose cases it then takes), recomputes their facts
and, for each month and institution that changed, their counts. It runs every few seconds
from ``ruta refresh_statistics --every N`` and, when the dashboards find it behind, as a task.
``statistics_rebuild`` recomputes everything (nightly, and after a bulk load that wrote
without the audit trail).

Neither writes an audit event: they write derived data, not records, and what they derive
from is already in the trail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ruta.audit.models import AuditEvent
from ruta.cases.models import Case
from ruta.reporting.facts import compute_facts, count_partition, mark_counted
from ruta.reporting.facts_response import compute_response_facts
from ruta.reporting.models import (
    ReferralFact,
    ServiceFact,
    StatisticsState,
    VictimCount,
    VictimFact,
)

logger = logging.getLogger(__name__)

BATCH = 2000
REFRESH_QUEUED = "ruta:statistics:refresh-queued"
Partition = tuple[date, UUID]


@dataclass(frozen=True)
class RefreshResult:
    events: int
    cases: int
    changed: int  # summary rows recounted or replaced (0: nothing to show anew)


def _uuid(raw: Any) -> UUID | None:
    try:
        return UUID(str(raw))
    except (TypeError, ValueError):
        return None


def touched_cases(events: Iterable[tuple[str, str, Any]]) -> set[UUID]:
    """The cases that ``(target_type, target_id, data)`` events touch."""
    cases: set[UUID] = set()
    persons: set[UUID] = set()
    reports: set[UUID] = set()
    for target_type, target_id, data in events:
        target = _uuid(target_id)
        if target is not None:
            if target_type == "cases.case":
                cases.add(target)
            elif target_type == "people.person":
                persons.add(target)
            elif target_type == "intake.report":
                reports.add(target)
        if isinstance(data, dict):
            for key, into in (("case", cases), ("merged", persons), ("report", reports)):
                value = _uuid(data.get(key)) if data.get(key) else None
                if value is not None:
                    into.add(value)
    for ids, field in ((persons, "person_id"), (reports, "report_id")):
        for chunk in _chunks(sorted(ids), 500):
            cases.update(
                Case.objects.filter(**{f"{field}__in": chunk}).values_list("pk", flat=True)
            )
    return cases


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def refresh_cases(case_ids: Iterable[UUID]) -> int:
    """Recompute the facts of ``case_ids`` (and of every other case of the same persons, whose
    counting once a year may change), the counts of each month and institution touched, and
    the cases' services and referrals. Returns how many partitions and response facts
    changed (0: the dashboards are as they were)."""
    ids = sorted(set(case_ids))
    if not ids:
        return 0
    changed = _refresh_response(ids)
    old_keys: set[UUID] = set()
    partitions: set[Partition] = set()
    for chunk in _chunks(ids, 500):
        for person_key, month, institution_id in VictimFact.objects.filter(
            case_id__in=chunk
        ).values_list("person_key", "month", "institution_id"):
            old_keys.add(person_key)
            partitions.add((month, institution_id))
        old_keys.update(Case.objects.filter(pk__in=chunk).values_list("person_id", flat=True))
    # Every case of these persons: counting once a year depends on all of them.
    related = set(ids)
    for chunk in _chunks(sorted(old_keys), 500):
        related.update(Case.objects.filter(person_id__in=chunk).values_list("pk", flat=True))
        related.update(
            VictimFact.objects.filter(person_key__in=chunk).values_list("case_id", flat=True)
        )
    all_ids = sorted(related)
    for chunk in _chunks(all_ids, 500):
        for month, institution_id in VictimFact.objects.filter(case_id__in=chunk).values_list(
            "month", "institution_id"
        ):
            partitions.add((month, institution_id))
        VictimFact.objects.filter(case_id__in=chunk).delete()
    new_facts: list[VictimFact] = []
    for chunk in _chunks(all_ids, BATCH):
        new_facts.extend(compute_facts(chunk))
    VictimFact.objects.bulk_create(new_facts, batch_size=500)
    mark_counted(old_keys | {f.person_key for f in new_facts})
    partitions.update((f.month, f.institution_id) for f in new_facts)
    _recount(partitions)
    return len(partitions) + changed


def _refresh_response(ids: list[UUID]) -> int:
    """Replace the service and referral facts of the cases; the number of rows removed and
    written."""
    changed = 0
    for chunk in _chunks(ids, 500):
        changed += ServiceFact.objects.filter(case_id__in=chunk).delete()[0]
        changed += ReferralFact.objects.filter(case_id__in=chunk).delete()[0]
    for chunk in _chunks(ids, BATCH):
        services, referrals = compute_response_facts(chunk)
        ServiceFact.objects.bulk_create(services, batch_size=500)
        ReferralFact.objects.bulk_create(referrals, batch_size=500)
        changed += len(services) + len(referrals)
    return changed


def _recount(partitions: set[Partition]) -> None:
    by_month: dict[date, set[UUID]] = {}
    for month, institution_id in partitions:
        by_month.setdefault(month, set()).add(institution_id)
    for month, institutions in by_month.items():
        VictimCount.objects.filter(month=month, institution_id__in=institutions).delete()
        facts = VictimFact.objects.filter(
            month=month, institution_id__in=institutions, counted=True
        )
        VictimCount.objects.bulk_create(count_partition(facts.iterator()), batch_size=1000)


def _state() -> StatisticsState:
    state, _created = StatisticsState.objects.select_for_update().get_or_create(pk=1)
    return state


def statistics_refresh(*, max_events: int = 20000) -> RefreshResult:
    """Bring the summary tables up to the last sealed audit event (at most ``max_events`` at a
    time). One refresh at a time: the state row is locked for the duration."""
    with transaction.atomic():
        state = _state()
        events = list(
            AuditEvent.objects.filter(seq__gt=state.last_seq)
            .order_by("seq")
            .values_list("seq", "target_type", "target_id", "data")[:max_events]
        )
        if not events:
            state.refreshed_at = timezone.now()
            state.save(update_fields=["refreshed_at"])
            return RefreshResult(0, 0, 0)
        cases = touched_cases((t, i, d) for _s, t, i, d in events)
        changed = refresh_cases(cases)
        state.last_seq = int(events[-1][0] or 0)
        state.refreshed_at = timezone.now()
        if changed:
            state.version += 1
        state.save(update_fields=["last_seq", "refreshed_at", "version"])
    return RefreshResult(len(events), len(cases), changed)


def statistics_rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every fact and count from the records; returns the number of facts. The
    audit position is taken first, so that a write during the rebuild is refreshed again."""
    with transaction.atomic():
        state = _state()
        last = (
            AuditEvent.objects.filter(seq__isnull=False)
            .order_by("-seq")
            .values_list("seq", flat=True)
            .first()
        )
        for model in (VictimCount, VictimFact, ServiceFact, ReferralFact):
            model.objects.all().delete()
        ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for chunk in _chunks(ids, BATCH):
            VictimFact.objects.bulk_create(compute_facts(chunk), batch_size=500)
            services, referrals = compute_response_facts(chunk)
            ServiceFact.objects.bulk_create(services, batch_size=500)
            ReferralFact.objects.bulk_create(referrals, batch_size=500)
            done += len(chunk)
            if progress is not None:
                progress(done, len(ids))
        mark_counted(VictimFact.objects.values_list("person_key", flat=True).distinct())
        _recount(set(VictimFact.objects.values_list("month", "institution_id").distinct()))
        state.last_seq = int(last or 0)
        state.rebuilt_at = state.refreshed_at = timezone.now()
        state.version += 1
        state.save(update_fields=["last_seq", "rebuilt_at", "refreshed_at", "version"])
        return VictimFact.objects.count()


def refresh_if_behind() -> bool:
    """Queue a refresh when the summary tables were last refreshed longer ago than
    ``RUTA_STATISTICS_FRESH_SECONDS`` (the dashboards call it; one query when fresh)."""
    from ruta.reporting.tasks import refresh_task

    state = StatisticsState.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    limit = timedelta(seconds=settings.RUTA_STATISTICS_FRESH_SECONDS)
    if state is not None and timezone.now() - state < limit:
        return False
    # One refresh waiting at a time: the page views that find the tables behind while it waits
    # (no worker yet, a slow one) do not pile more on the queue. The mark lasts as long as the
    # figures may be stale, so a refresh lost by the queue is asked for again.
    if not cache.add(REFRESH_QUEUED, 1, timeout=settings.RUTA_STATISTICS_FRESH_SECONDS):
        return False
    try:
        refresh_task.enqueue()
    except Exception as error:  # a queue that is down must not take the dashboard with it
        cache.delete(REFRESH_QUEUED)
        logger.warning("statistics refresh not queued: %s", type(error).__name__)
        return False
    return True


def dashboard_record_export(*, actor, filters, fmt: str, dashboard: str) -> None:
    """Record that the actor exported a dashboard (counts only: the filters as codes)."""
    from ruta.audit import services as audit
    from ruta.core.errors import require
    from ruta.reporting.policies import can_export_statistics

    require(can_export_statistics(actor))
    audit.record(
        action="reporting.dashboard.exported",
        actor=actor,
        data={
            "dashboard": dashboard,
            "format": fmt,
            "year_from": filters.year_from,
            "year_to": filters.year_to,
            "department": filters.department,
            "institution": str(filters.institution or ""),
            "form": filters.form,
            "age_cell": filters.age_cell,
            "identified_only": filters.identified_only,
        },
    )
