"""Digits people type, in one form: ASCII `0-9`, and nothing else passes as a number.

Python's `\\d`, `str.isdigit()` and `int()` accept every Unicode digit (Arabic-Indic `٠١٢`,
full-width `０１２`, Devanagari …) and `isdigit()` even superscripts (`²`, which `int()` then
refuses). A NIK, a phone number, a code or an id written with such digits must be the same
value as the ASCII one (or be refused) *before* anything compares or stores it, or the same
NIK registers twice. Every place that reads digits from a person goes through here.
"""

from __future__ import annotations

import re
import unicodedata

_ANY_DECIMAL = re.compile(r"\d")  # in a str pattern: every Unicode decimal digit (category Nd)


def ascii_digits(text: str) -> str:
    """`text` with every Unicode decimal digit replaced by its ASCII digit; the rest unchanged."""
    if text.isascii():
        return text
    return _ANY_DECIMAL.sub(lambda m: str(unicodedata.decimal(m[0])), text)


def is_number(text: str) -> bool:
    """Whether `text` is a non-empty run of ASCII digits (and nothing else)."""
    return bool(text) and text.isascii() and text.isdigit()


def digits_only(text: str, length: int | None = None) -> str | None:
    """`text` as ASCII digits when it is only digits (of any script), of `length` if given;
    else None."""
    value = ascii_digits(text or "")
    if not is_number(value) or (length is not None and len(value) != length):
        return None
    return value


MAX_ROW_ID = 2**31 - 1  # PostgreSQL's `integer`: a larger id cannot name a row (and errors there)


def row_id(value) -> int | None:
    """A row id from outside (a form, JSON, a path): ASCII digits (any script's, converted),
    1 … MAX_ROW_ID; else None."""
    text = digits_only(str(value) if isinstance(value, int | str) and not isinstance(value, bool) else "")
    if text is None or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ROW_ID else None
