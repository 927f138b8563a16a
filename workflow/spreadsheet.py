"""CSV for spreadsheets (Excel as the office uses it): one place for its two rules."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str | None) -> str:
    """Text that a spreadsheet would run as a formula (=, +, -, @) is kept as text with a `'`."""
    value = value or ""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def excel_csv(rows: Iterable[Iterable]) -> str:
    """The rows as CSV text with a UTF-8 byte-order mark, so Excel reads the accents right."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return "\ufeff" + buffer.getvalue()
