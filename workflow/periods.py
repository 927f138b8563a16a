"""A report's period: office dates, inclusive, with a default when `from`/`to` are absent.

The one place for the period rule of the back-office reports (IKM, the register): `to`
defaults to today; `from` to the start of `to`'s year (IKM) or month (the register).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# How a missing `from` is chosen from `to`.
DEFAULT_STARTS = {
    "year": lambda until: date(until.year, 1, 1),
    "month": lambda until: until.replace(day=1),
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def bounds(self, tz_name: str) -> tuple[datetime, datetime]:
        tz = ZoneInfo(tz_name)
        return datetime.combine(self.start, time(0), tz), datetime.combine(self.end + timedelta(days=1), time(0), tz)


def parse_period(start: str | None, end: str | None, today: date, *, default: str = "year") -> Period:
    """`YYYY-MM-DD` strings; by default the start of `default` ("year" or "month") up to today.
    Raises ValueError on a bad date or `from` after `to`."""
    until = date.fromisoformat(end) if end else today
    since = date.fromisoformat(start) if start else DEFAULT_STARTS[default](until)
    if since > until:
        raise ValueError("from is after to")
    return Period(since, until)
