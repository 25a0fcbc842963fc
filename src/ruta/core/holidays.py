"""Working days: Monday to Friday, except Honduras's national holidays.

The calendar is the ``holidays`` package's Honduras calendar (fixed-date holidays, Holy
Thursday to Holy Saturday, the Semana Morazánica as the law sets it). Days added by a decree
that the package does not know yet (a moved holiday, a one-off national day) are configured
with RUTA_EXTRA_HOLIDAYS (ISO dates, comma-separated)."""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays
from django.conf import settings


@cache
def _national(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("HN", years=year))


def _extra() -> frozenset[date]:
    return frozenset(
        d if isinstance(d, date) else date.fromisoformat(d)
        for d in getattr(settings, "RUTA_EXTRA_HOLIDAYS", ())
    )


def is_holiday(day: date) -> bool:
    return day in _national(day.year) or day in _extra()


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)
