"""Answers that end up printed on the office's letters must be drawable by the letter's font
(Helvetica, Windows-1252): typed text is normalised (NFKC, so full-width or styled letters
become plain ones; invisible zero-width characters dropped; spaces tidied) and refused when
something is left that the letter would print as a box (emoji, Arabic or other scripts)."""

from __future__ import annotations

import unicodedata

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)


def printable(text: str) -> str | None:
    """`text` tidied for a letter, or None when the letter's font cannot draw it."""
    value = unicodedata.normalize("NFKC", text or "").translate(INVISIBLE)
    value = " ".join(value.split())
    if any(unicodedata.category(ch).startswith("C") for ch in value):  # control, format, private use
        return None
    try:
        value.encode("cp1252")
    except UnicodeEncodeError:
        return None
    return value
