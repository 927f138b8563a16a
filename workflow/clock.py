"""The office's working-time clock: SLAs count working minutes and working days.

Office hours are set per weekday (default: Mon–Thu 07:30–16:00, Fri 07:30–16:30, lunch
excluded, per Perpres 21/2023's 37.5-hour week). Closed days are weekends, national holidays
and cuti bersama from the `holidays` package, plus the office's own overrides (a table).
Everything is computed in the office's time zone and returned as aware datetimes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from holidays.constants import GOVERNMENT, PUBLIC

from config import OFFICE_TZ

Interval = tuple[time, time]

DEFAULT_HOURS = "mon-thu=07:30-12:00,13:00-16:00;fri=07:30-11:30,13:00-16:30"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_hours(spec: str) -> dict[int, tuple[Interval, ...]]:
    """`mon-thu=07:30-12:00,13:00-16:00;fri=07:30-11:30,13:00-16:30` → weekday → intervals."""
    hours: dict[int, tuple[Interval, ...]] = {}
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        days, _, ranges = part.partition("=")
        first, _, last = days.strip().lower().partition("-")
        start, end = _DAYS.index(first), _DAYS.index(last or first)
        intervals = []
        for rng in filter(None, (r.strip() for r in ranges.split(","))):
            m = re.fullmatch(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})", rng)
            if not m:
                raise ValueError(f"bad office-hours range {rng!r}")
            a = time(int(m[1]), int(m[2]))
            b = time(int(m[3]), int(m[4]))
            if b <= a:
                raise ValueError(f"office-hours range ends before it starts: {rng!r}")
            intervals.append((a, b))
        for d in range(start, end + 1):
            hours[d] = tuple(sorted(intervals))
    return hours


@lru_cache(maxsize=8)
def _national_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year, categories=(PUBLIC, GOVERNMENT)).keys())


@dataclass(frozen=True)
class WorkingCalendar:
    tz_name: str = OFFICE_TZ
    hours_spec: str = DEFAULT_HOURS
    # day → True (closed) / False (open despite a holiday), from the calendar_overrides table
    overrides: dict[date, bool] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    @property
    def hours(self) -> dict[int, tuple[Interval, ...]]:
        return _parsed_hours(self.hours_spec)

    # ---- days ----------------------------------------------------------------------------
    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return not self.overrides[day]
        if not self.hours.get(day.weekday()):
            return False
        return day not in _national_holidays(day.year)

    def intervals_on(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        # An open override on a weekend uses Monday's hours.
        spec = self.hours.get(day.weekday()) or self.hours.get(0, ())
        return [
            (datetime.combine(day, a, self.tz), datetime.combine(day, b, self.tz)) for a, b in spec
        ]

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        for _ in range(366):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise RuntimeError("no working day within a year")  # pragma: no cover

    # ---- moments -------------------------------------------------------------------------
    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def is_open(self, moment: datetime) -> bool:
        moment = self.local(moment)
        return any(a <= moment < b for a, b in self.intervals_on(moment.date()))

    def next_open(self, moment: datetime) -> datetime:
        """The moment itself if the office is open then, else the next opening."""
        moment = self.local(moment)
        day = moment.date()
        for _ in range(400):
            for a, b in self.intervals_on(day):
                if moment < b:
                    return max(a, moment)
            day += timedelta(days=1)
            moment = datetime.combine(day, time(0), self.tz)
        raise RuntimeError("office never opens")  # pragma: no cover

    def add_minutes(self, start: datetime, minutes: int) -> datetime:
        """`minutes` of working time after `start` (counting only office hours)."""
        moment = self.next_open(start)
        remaining = timedelta(minutes=minutes)
        day = moment.date()
        for _ in range(400 + minutes):
            for a, b in self.intervals_on(day):
                if b <= moment:
                    continue
                a = max(a, moment)
                if a + remaining <= b:
                    return a + remaining
                remaining -= b - a
            day += timedelta(days=1)
            moment = datetime.combine(day, time(0), self.tz)
        raise RuntimeError("ran out of calendar")  # pragma: no cover

    def add_days(self, start: datetime, days: int) -> datetime:
        """`days` working days after `start`: the same office time `days` working days later.

        A start outside office hours counts from the next opening. Where the target day's hours
        do not reach that time of day, the due time is that day's closing.
        """
        moment = self.next_open(start)
        day = moment.date()
        for _ in range(days):
            day = self.next_working_day(day)
        target = datetime.combine(day, moment.timetz().replace(tzinfo=None), self.tz)
        intervals = self.intervals_on(day)
        for a, b in intervals:
            if target < a:
                return a
            if target <= b:
                return target
        return intervals[-1][1]

    def minutes_between(self, start: datetime, end: datetime) -> int:
        """Working minutes from `start` to `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.minutes_between(end, start)
        start, end = self.local(start), self.local(end)
        total = timedelta()
        day = start.date()
        while day <= end.date():
            for a, b in self.intervals_on(day):
                lo, hi = max(a, start), min(b, end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return int(total.total_seconds() // 60)

    def due(self, start: datetime, sla) -> datetime | None:
        """When a stage entered at `start` with this `Sla` is due, or None for no SLA."""
        if sla.working_days:
            return self.add_days(start, sla.working_days)
        if sla.minutes:
            return self.add_minutes(start, sla.minutes)
        return None


@lru_cache(maxsize=8)
def _parsed_hours(spec: str) -> dict[int, tuple[Interval, ...]]:
    return parse_hours(spec)


def minutes_per_working_day(calendar: WorkingCalendar) -> int:
    """Office minutes of an ordinary Monday (the unit a 'working day' SLA is read in)."""
    return sum((b.hour * 60 + b.minute) - (a.hour * 60 + a.minute) for a, b in calendar.hours.get(0, ()))
