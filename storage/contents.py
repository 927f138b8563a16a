"""Twilio Content resources the service uses, as `flask whatsapp sync` left them.

One row per resource and language: the notice templates (`twilio/text`; with a document header,
`twilio/media`) and the generic interactive resources for choices (`twilio/quick-reply` with 1–3
buttons, `twilio/list-picker` with up to 10 rows). `sid` is Twilio's HX…; `approval` is
WhatsApp's verdict on a template (`approved`, `pending`, `rejected`, `paused`, `disabled`, …;
interactive resources are sent inside the window only and need none: `not_needed`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.choices import ROW_DESCRIPTION, ROW_TITLE
from storage.base import Base, utcnow


class WhatsAppContent(Base):
    __tablename__ = "whatsapp_contents"
    __table_args__ = (UniqueConstraint("name", "language", name="uq_whatsapp_contents_name_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))  # the template name registered with WhatsApp
    language: Mapped[str] = mapped_column(String(2))
    content_type: Mapped[str] = mapped_column(String(40))  # twilio/text | twilio/media | twilio/quick-reply | …
    sid: Mapped[str | None] = mapped_column(String(64))
    approval: Mapped[str] = mapped_column(String(30), default="unsubmitted")
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64), default="")  # of the definition sent: changed → created anew
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)


# ---- the generic interactive resources for choices (catalogue/choices.py) --------------------
# One resource per kind and number of options, every text a variable, so that any question's
# choices fit one: reply buttons (1–3), a list picker (1–10 rows), with or without descriptions.
BUTTONS, LIST = "twilio/quick-reply", "twilio/list-picker"
MAX_BUTTONS, MAX_ROWS = 3, 10
BUTTON_TITLE, BODY = 20, 1024  # WhatsApp's limits, in characters (a list row's: catalogue.choices)
NEUTRAL = "id"  # generic resources carry their texts in variables: one per account, filed under "id"
CHOICES = "_choices"  # the outbox row's variable that holds a reply's choices


def buttons_name(count: int) -> str:
    return f"dpmptsp_choice_buttons_{count}"


def list_name(count: int) -> str:
    """A list picker of `count` rows, each with a description: Twilio marks an item's description
    required (https://www.twilio.com/docs/content/twiliolist-picker), so a row without one gets " "."""
    return f"dpmptsp_choice_list_desc_{count}"


def interactive_name(choices, body: str = "") -> str | None:
    """Which generic resource can carry these choices (reply buttons, else a list), or None."""
    n = len(choices)
    if len(body) > BODY or not all(c.id and c.title for c in choices):
        return None
    if 1 <= n <= MAX_BUTTONS and all(len(c.title) <= BUTTON_TITLE and not c.description for c in choices):
        return buttons_name(n)
    if 1 <= n <= MAX_ROWS and all(len(c.title) <= ROW_TITLE and len(c.description) <= ROW_DESCRIPTION for c in choices):
        return list_name(n)
    return None


def _var(n: int) -> str:
    return "{{" + str(n) + "}}"


def interactive_types(name: str) -> dict:
    """The Content `types` of generic resource `name`: {{1}} the body, then each option's texts."""
    kind, count = name.rsplit("_", 1)
    n = int(count)
    if kind == buttons_name(0).rsplit("_", 1)[0]:
        return {BUTTONS: {"body": "{{1}}", "actions": [
            {"title": _var(2 * i), "id": _var(2 * i + 1)} for i in range(1, n + 1)]}}
    items = [{"item": _var(3 * i), "id": _var(3 * i + 1), "description": _var(3 * i + 2)} for i in range(1, n + 1)]
    return {LIST: {"body": "{{1}}", "button": "{{2}}", "items": items}}


def interactive_values(name: str, body: str, choices, button: str) -> dict[str, str]:
    """The ContentVariables that fill resource `name` with this question and its choices."""
    values = {"1": body}
    if name.startswith(buttons_name(0).rsplit("_", 1)[0]):
        for i, c in enumerate(choices, start=1):
            values[str(2 * i)], values[str(2 * i + 1)] = c.title, c.id
        return values
    values["2"] = button
    for i, c in enumerate(choices, start=1):
        values[str(3 * i)], values[str(3 * i + 1)], values[str(3 * i + 2)] = c.title, c.id, c.description or " "
    return values


def interactive_names() -> list[str]:
    return ([buttons_name(n) for n in range(1, MAX_BUTTONS + 1)]
            + [list_name(n) for n in range(1, MAX_ROWS + 1)])


def synced_sid(session, name: str, language: str = NEUTRAL, *, approved: bool = False) -> str | None:
    """The SID `flask whatsapp sync` recorded for resource `name` (only an approved one if asked)."""
    row = session.execute(
        select(WhatsAppContent.sid, WhatsAppContent.approval)
        .where(WhatsAppContent.name == name, WhatsAppContent.language == language)
    ).first()
    if row is None or not row.sid or (approved and row.approval != "approved"):
        return None
    return row.sid
