"""Periods as DHIS2 writes them: ``202603`` (March 2026), ``2026Q1``, ``2026``.

A period string is validated by ``parse``; ``bounds`` gives its first and last day;
``periods_between`` lists the periods of a type from one to another; ``containing`` names the
period of a type that holds a day."""

from __future__ import annotations

import calendar
import re
from datetime import date

from ruta.results.choices import PeriodType

_MONTH = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def period_type(period: str) -> str | None:
    """The type of a well-formed period string, or None."""
    if _MONTH.match(period or ""):
        return PeriodType.MONTHLY
    if _QUARTER.match(period or ""):
        return PeriodType.QUARTERLY
    if _YEAR.match(period or ""):
        return PeriodType.YEARLY
    return None


def bounds(period: str) -> tuple[date, date]:
    """First and last day of a period; ValueError when the string is not a period."""
    if m := _MONTH.match(period):
        year, month = int(m[1]), int(m[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if m := _QUARTER.match(period):
        year, quarter = int(m[1]), int(m[2])
        first = 3 * (quarter - 1) + 1
        last = first + 2
        return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    if m := _YEAR.match(period):
        year = int(m[1])
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(period)


def containing(day: date, type_: str) -> str:
    if type_ == PeriodType.MONTHLY:
        return f"{day.year}{day.month:02d}"
    if type_ == PeriodType.QUARTERLY:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def following(period: str) -> str:
    """The next period of the same type."""
    _, last = bounds(period)
    type_ = period_type(period) or PeriodType.YEARLY  # bounds() refused anything else
    nxt = date.fromordinal(last.toordinal() + 1)
    return containing(nxt, type_)


def periods_between(first: str, last: str) -> list[str]:
    """Periods from ``first`` to ``last`` inclusive (same type); empty when last < first."""
    if period_type(first) != period_type(last) or period_type(first) is None:
        raise ValueError(f"{first}..{last}")
    out: list[str] = []
    current = first
    end = bounds(last)[1]
    while bounds(current)[1] <= end:
        out.append(current)
        current = following(current)
    return out


def label(period: str, language: str = "es") -> str:
    """A human label: "marzo 2026", "2026 T1", "2026"."""
    from django.utils import translation
    from django.utils.dates import MONTHS

    if m := _MONTH.match(period):
        with translation.override(language):
            return f"{MONTHS[int(m[2])]} {m[1]}".capitalize()
    if m := _QUARTER.match(period):
        prefix = {"es": "T", "en": "Q", "fr": "T"}.get(language, "Q")
        return f"{m[1]} {prefix}{m[2]}"
    return period
