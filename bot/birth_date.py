"""A date as people type it in a chat: `14-02-2011`, `14/2/2011`, `14.02.2011`, `2011-02-14`,
`14 Februari 2011` (Indonesian or English month names, abbreviations too), read as a real
calendar date. What a service accepts (not in the future, an age range) is its question's data
(bot/answers.py)."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "pebruari": 2,
    "maret": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6,
    "june": 6, "juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8, "agt": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12, "dec": 12, "december": 12,
}
NUMERIC = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")


def read_date(text: str) -> date | None:
    """The date `text` names, or None when it is not a date (31-02-2011 is not)."""
    value = " ".join((text or "").lower().split())
    parts = None
    if m := NUMERIC.match(value):
        parts = int(m[3]), int(m[2]), int(m[1])
    elif m := ISO.match(value):
        parts = int(m[1]), int(m[2]), int(m[3])
    elif (m := WORDS.match(value)) and m[2] in MONTHS:
        parts = int(m[3]), MONTHS[m[2]], int(m[1])
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
