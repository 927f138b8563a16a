"""The back office's language and its one text lookup, over the catalogue.

Every staff-screen text lives in `catalogue/backoffice.py` (keys `bo.…`). `t("desk.title")`
reads `bo.desk.title` in the session's language (`/backoffice/lang/<code>` toggles it; Bahasa
Indonesia by default); a key without a screen text is read from the rest of the catalogue
(`t("skm.category.A")`, `t("role.admin")`), and a `catalogue.Phrase` (a refused field's reason)
is rendered in the session's language. A missing English text falls back to Indonesian.

A new staff text goes into `_SCREENS` in `catalogue/backoffice.py`, written without the prefix
(`"desk.title": {"id": "…", "en": "…"}`); there is no `STRINGS` dict here any more.
"""

from __future__ import annotations

from flask import session

import catalogue
from catalogue.backoffice import PREFIX

LANGUAGES = catalogue.LANGUAGES


def language() -> str:
    lang = session.get("lang", "id")
    return lang if lang in LANGUAGES else "id"


def key_of(key: str) -> str | None:
    """The catalogue key behind a screen key, or None when the catalogue has no such text."""
    for candidate in (PREFIX + key, key):
        if catalogue.exists(candidate):
            return candidate
    return None


def t(key, **variables) -> str:
    if isinstance(key, catalogue.Phrase):
        return key.in_language(language())
    found = key_of(str(key))
    if found is None:
        return str(key)  # a plain message (e.g. a reason typed by a colleague) shows as it is
    return catalogue.render(found, language(), **variables)
