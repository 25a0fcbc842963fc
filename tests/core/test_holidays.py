"""Working days know Honduras's national holidays."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ruta.core.holidays import easter, is_working_day
from ruta.referrals.services import answer_due

TZ = ZoneInfo("America/Tegucigalpa")


def test_easter_dates():
    assert easter(2026) == date(2026, 4, 5)
    assert easter(2027) == date(2027, 3, 28)
    assert easter(2024) == date(2024, 3, 31)


def test_holidays_are_not_working_days(settings):
    assert not is_working_day(date(2026, 4, 2))  # Holy Thursday
    assert not is_working_day(date(2026, 4, 3))  # Holy Friday
    assert not is_working_day(date(2026, 4, 14))  # Day of the Americas (a Tuesday)
    assert not is_working_day(date(2026, 9, 15))  # Independence
    assert is_working_day(date(2026, 4, 6))
    assert is_working_day(date(2026, 10, 7))
    settings.RUTA_EXTRA_HOLIDAYS = ["2026-10-07"]  # the Semana Morazánica, by decree
    assert not is_working_day(date(2026, 10, 7))


def test_a_referral_sent_before_holy_week_is_due_after_it():
    class Receiver:
        referral_answer_days = 2
        referral_urgent_hours = 24

    wednesday = datetime(2026, 4, 1, 10, 0, tzinfo=TZ)
    # Thursday and Friday are holy days, then the weekend: Monday and Tuesday count.
    assert answer_due(wednesday, Receiver, urgent=False) == datetime(2026, 4, 7, 10, 0, tzinfo=TZ)
