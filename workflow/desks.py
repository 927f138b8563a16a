"""One name per desk per service: the desk that receives files (the `back_office` role) is called
the same in every text a service's applicant reads about it.

The office's SOPs call the reception desk "Front Office" and the examining desk "Back Office";
in this service one staff role (`back_office`) holds both, so a workflow names that role once
(`[roles.back_office] name`, else the catalogue's `role.back_office`) and its stage words, the
receipt's status line, the "received by …" notice and the receipt's signatory all use that name.
`flask services check` names any text that calls the desk otherwise.
"""

from __future__ import annotations

import catalogue

DESK_ROLE = "back_office"
DESK_NAMES = ("Front Office", "Back Office")  # the SOPs' names for the office's desks


def desk_name(flow_roles: dict, language: str) -> str:
    """The receiving desk's name in a workflow (its data's, else the catalogue's)."""
    own = flow_roles.get(DESK_ROLE) or {}
    return own.get(language) or own.get("id") or catalogue.text(f"role.{DESK_ROLE}", language)


def other_desks(text: str, name: str) -> list[str]:
    """The desk names `text` uses that are not `name` (the workflow's own name for the desk)."""
    rest = (text or "").replace(name, "")
    return [desk for desk in DESK_NAMES if desk != name and desk.lower() in rest.lower()]


def problems(where: str, flow_roles: dict, texts: dict[str, dict[str, str]]) -> list[str]:
    """One line per text ({what: {"id": …, "en": …}}) that calls the desk by another name."""
    found = []
    for what, words in texts.items():
        for language, text in words.items():
            name = desk_name(flow_roles, language)
            for desk in other_desks(text, name):
                found.append(f"{where}: {what} ({language}) says {desk!r}, but the desk is called {name!r} "
                             f"in this service ([roles.{DESK_ROLE}] name; one name per desk)")
    return found
