"""Working days know Honduras's national holidays."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ruta.core.holidays import is_holiday, is_working_day
from ruta.referrals.services import answer_due

TZ = ZoneInfo("America/Tegucigalpa")


def test_holy_week_moves_with_easter():
    # Easter Sunday: 5 April 2026, 28 March 2027, 31 March 2024.
    for thursday in (date(2026, 4, 2), date(2027, 3, 25), date(2024, 3, 28)):
        assert is_holiday(thursday)
        assert not is_holiday(thursday.replace(day=thursday.day - 1))


def test_holidays_are_not_working_days(settings):
    assert not is_working_day(date(2026, 4, 2))  # Holy Thursday
    assert not is_working_day(date(2026, 4, 3))  # Holy Friday
    assert not is_working_day(date(2026, 4, 14))  # Day of the Americas (a Tuesday)
    assert not is_working_day(date(2026, 9, 15))  # Independence
    assert not is_working_day(date(2026, 10, 7))  # the Semana Morazánica
    assert is_working_day(date(2026, 4, 6))
    assert is_working_day(date(2026, 11, 30))
    settings.RUTA_EXTRA_HOLIDAYS = ["2026-11-30"]  # a day set by decree
    assert not is_working_day(date(2026, 11, 30))


def test_a_referral_sent_before_holy_week_is_due_after_it():
    class Receiver:
        referral_answer_days = 2
        referral_urgent_hours = 24

    wednesday = datetime(2026, 4, 1, 10, 0, tzinfo=TZ)
    # Thursday and Friday are holy days, then the weekend: Monday and Tuesday count.
    assert answer_due(wednesday, Receiver, urgent=False) == datetime(2026, 4, 7, 10, 0, tzinfo=TZ)
