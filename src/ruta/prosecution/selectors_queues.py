"""The work of a file's owners: what is late, what is coming, what waits to be recorded; and
the institution's hearing calendar. Every query starts from ``policies.scope_files`` (or
``scope_hearings``), so an actor sees only the files in scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ruta.core.actor import Actor
from ruta.prosecution.choices import HearingResult, HearingType, Stage
from ruta.prosecution.models import Charge, CriminalFile, Hearing
from ruta.prosecution.policies import scope_files, scope_hearings

QUEUE_LIMIT = 10
CALENDAR_WEEKS = 4
MAX_WEEKS = 12
CALENDAR_LIMIT = 300  # hearings on the page at most (the API pages through all of them)


def _open(qs: QuerySet[CriminalFile]) -> QuerySet[CriminalFile]:
    return qs.filter(closed_early="").exclude(stage=Stage.FINAL)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def overdue_files(*, actor: Actor) -> QuerySet[CriminalFile]:
    """Open files whose current stage passed its time limit, the most late first."""
    today = timezone.localdate()
    return (
        _open(scope_files(actor))
        .filter(stage_due_on__lt=today)
        .order_by("stage_due_on", "reference")
    )


def hearings_this_week(*, actor: Actor) -> QuerySet[Hearing]:
    """Hearings of files in scope from now to seven days ahead, without a result yet."""
    now = timezone.now()
    return (
        scope_hearings(actor)
        .filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=7), result="")
        .select_related("file")
        .order_by("starts_at")
    )


def verdicts_to_record(*, actor: Actor) -> QuerySet[CriminalFile]:
    """Files at trial whose trial was held (a held trial hearing, or the trial date passed)
    and a charge still has no outcome."""
    today = timezone.localdate()
    held = Hearing.objects.filter(
        file_id=OuterRef("pk"), type=HearingType.TRIAL, result=HearingResult.HELD
    )
    pending = Charge.objects.filter(defendant__file_id=OuterRef("pk"), outcome="")
    return (
        _open(scope_files(actor))
        .filter(stage=Stage.TRIAL)
        .filter(Q(trial_on__lte=today) | Q(Exists(held)))
        .filter(Exists(pending))
        .order_by("trial_on", "reference")
    )


def prosecution_queues(*, actor: Actor, limit: int = QUEUE_LIMIT) -> dict:
    """The three queues, each its first ``limit`` items and its count."""
    overdue = overdue_files(actor=actor)
    hearings = hearings_this_week(actor=actor)
    verdicts = verdicts_to_record(actor=actor)
    return {
        "overdue": list(overdue.only("pk", "reference", "stage", "stage_due_on")[:limit]),
        "overdue_count": overdue.count(),
        "hearings": list(hearings[:limit]),
        "hearings_count": hearings.count(),
        "verdicts": list(verdicts.only("pk", "reference", "stage", "trial_on")[:limit]),
        "verdicts_count": verdicts.count(),
    }


@dataclass
class CalendarDay:
    day: date
    hearings: list[Hearing]


def hearing_range(*, actor: Actor, start: date, end: date) -> QuerySet[Hearing]:
    """The actor's hearings from ``start`` to ``end`` (both included), in order."""
    return (
        scope_hearings(actor)
        .filter(starts_at__gte=_day_start(start), starts_at__lt=_day_start(end + timedelta(1)))
        .select_related("file")
        .order_by("starts_at", "pk")
    )


def hearing_calendar(*, actor: Actor, weeks: int = CALENDAR_WEEKS) -> list[CalendarDay]:
    """The coming ``weeks`` of hearings (from today), grouped by local day."""
    weeks = min(max(weeks, 1), MAX_WEEKS)
    today = timezone.localdate()
    hearings = hearing_range(actor=actor, start=today, end=today + timedelta(weeks * 7 - 1))[
        :CALENDAR_LIMIT
    ]
    return [
        CalendarDay(day, list(items))
        for day, items in groupby(hearings, key=lambda h: timezone.localdate(h.starts_at))
    ]
