"""Working days: Monday to Friday, except Honduras's national holidays.

Fixed-date holidays and Holy Week (Thursday, Friday, Saturday; computed from Easter) are
built in. The holidays set by yearly decree (the "Semana Morazánica" in October, any moved
holiday) are configured with RUTA_EXTRA_HOLIDAYS (ISO dates, comma-separated)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from django.conf import settings

# (month, day): New Year, Day of the Americas, Labour Day, Independence, Christmas.
FIXED = {(1, 1), (4, 14), (5, 1), (9, 15), (12, 25)}


def easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return date(year, month, day)


@cache
def _holy_week(year: int) -> frozenset[date]:
    sunday = easter(year)
    return frozenset(sunday - timedelta(days=n) for n in (1, 2, 3))


def _extra() -> frozenset[date]:
    return frozenset(
        d if isinstance(d, date) else date.fromisoformat(d)
        for d in getattr(settings, "RUTA_EXTRA_HOLIDAYS", ())
    )


def is_holiday(day: date) -> bool:
    return (day.month, day.day) in FIXED or day in _holy_week(day.year) or day in _extra()


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)
