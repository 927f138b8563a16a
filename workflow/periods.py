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


# The dates a report can span: a period is clamped to these (0001-01-01 or 9999-12-31 would
# overflow the time-zone arithmetic; no file of this office lies outside them).
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def parse_period(start: str | None, end: str | None, today: date, *, default: str = "year") -> Period:
    """`YYYY-MM-DD` strings; by default the start of `default` ("year" or "month") up to today.
    A period given backwards (`from` after `to`) is read forwards; dates are clamped to
    EARLIEST…LATEST. Raises ValueError on anything that is not a date."""
    until = _date(end) if end else today
    since = _date(start) if start else DEFAULT_STARTS[default](until)
    since, until = sorted((since, until))
    return Period(min(max(since, EARLIEST), LATEST), min(max(until, EARLIEST), LATEST))


def _date(text: str) -> date:
    """Exactly `YYYY-MM-DD` in ASCII digits (`date.fromisoformat` takes `20261130` and other digits too)."""
    if len(text) != 10 or not text.isascii() or text[4] != "-" or text[7] != "-":
        raise ValueError(f"not a YYYY-MM-DD date: {text!r}")
    return date.fromisoformat(text)
