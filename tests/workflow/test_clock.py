"""Working-time SLA clock: office hours, lunch, weekends, holidays, cuti bersama, overrides."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from workflow.clock import WorkingCalendar, parse_hours
from workflow.definition import Sla

WIB = ZoneInfo("Asia/Jakarta")
cal = WorkingCalendar()


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


def test_default_hours_are_37_and_a_half_a_week():
    hours = parse_hours("mon-thu=07:30-12:00,13:00-16:00;fri=07:30-11:30,13:00-16:30")
    minutes = sum((b.hour * 60 + b.minute) - (a.hour * 60 + a.minute) for d in hours.values() for a, b in d)
    assert minutes == 37.5 * 60
    assert 5 not in hours and 6 not in hours


@pytest.mark.parametrize(
    "start, minutes, due",
    [
        (wib(2026, 11, 30, 9, 0), 15, wib(2026, 11, 30, 9, 15)),  # Monday morning
        (wib(2026, 11, 30, 11, 55), 15, wib(2026, 11, 30, 13, 10)),  # across lunch
        (wib(2026, 11, 30, 15, 50), 15, wib(2026, 12, 1, 7, 35)),  # across the night
        (wib(2026, 11, 30, 20, 0), 10, wib(2026, 12, 1, 7, 40)),  # after hours: from next opening
        (wib(2026, 12, 4, 16, 25), 10, wib(2026, 12, 7, 7, 35)),  # Friday's longer day, weekend
        (wib(2026, 12, 5, 10, 0), 10, wib(2026, 12, 7, 7, 40)),  # Saturday
        (wib(2026, 12, 4, 11, 25), 10, wib(2026, 12, 4, 13, 5)),  # Friday's longer lunch
    ],
)
def test_add_working_minutes(start, minutes, due):
    assert cal.add_minutes(start, minutes) == due


def test_national_holiday_and_cuti_bersama_are_closed():
    assert not cal.is_working_day(date(2026, 12, 25))  # Christmas
    assert not cal.is_working_day(date(2026, 12, 24))  # cuti bersama (GOVERNMENT)
    assert not cal.is_working_day(date(2026, 8, 17))  # Independence Day
    assert cal.is_working_day(date(2026, 12, 23))
    # Wednesday 23 Dec 15:55 + 15 min → the office reopens on Monday 28 Dec.
    assert cal.add_minutes(wib(2026, 12, 23, 15, 55), 15) == wib(2026, 12, 28, 7, 40)


def test_six_working_days_skip_weekend_and_holidays():
    # Friday 18 Dec 2026 10:00 + 6 working days: 21, 22, 23, (24, 25 closed), 28, 29, 30.
    assert cal.add_days(wib(2026, 12, 18, 10, 0), 6) == wib(2026, 12, 30, 10, 0)
    assert cal.due(wib(2026, 12, 18, 10, 0), Sla(working_days=6)) == wib(2026, 12, 30, 10, 0)


def test_working_days_from_after_hours_and_friday_tail():
    # Submitted Saturday: counts from Monday 07:30.
    assert cal.add_days(wib(2026, 12, 5, 9, 0), 1) == wib(2026, 12, 8, 7, 30)
    # Friday 16:20 is after Thursday's closing: due at Thursday's close.
    assert cal.add_days(wib(2026, 12, 4, 16, 20), 4) == wib(2026, 12, 10, 16, 0)
    # Thursday 11:45 + 1 day falls in Friday's longer lunch: due when the office reopens.
    assert cal.add_days(wib(2026, 12, 3, 11, 45), 1) == wib(2026, 12, 4, 13, 0)


def test_overrides_close_and_open_days():
    closed = WorkingCalendar(overrides={date(2026, 11, 30): True})
    assert closed.add_minutes(wib(2026, 11, 30, 9, 0), 10) == wib(2026, 12, 1, 7, 40)
    opened = WorkingCalendar(overrides={date(2026, 12, 24): False})
    assert opened.is_working_day(date(2026, 12, 24))


def test_minutes_between_counts_only_working_time():
    assert cal.minutes_between(wib(2026, 11, 30, 11, 0), wib(2026, 11, 30, 14, 0)) == 120
    assert cal.minutes_between(wib(2026, 12, 4, 16, 0), wib(2026, 12, 7, 8, 0)) == 60
    assert cal.minutes_between(wib(2026, 12, 7, 8, 0), wib(2026, 12, 4, 16, 0)) == -60


def test_no_sla_no_due():
    assert cal.due(wib(2026, 11, 30, 9, 0), Sla()) is None


def test_bad_hours_are_refused():
    with pytest.raises(ValueError):
        parse_hours("mon=16:00-08:00")
    with pytest.raises(ValueError):
        parse_hours("mon=8-16")
