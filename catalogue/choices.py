"""Choices a question offers: data the bot returns; the sender decides how they travel.

A step that offers choices says them as data (`Turn.say(key, choices=[…])`); with an interactive
Content resource synced and the window open they go as reply buttons (≤ 3) or a list picker (≤ 10
rows), otherwise as numbered lines under the text. A tap posts the choice's `id` back (Twilio's
`ButtonPayload` or `ListId`); typing the number or the title works too. A choice with
`typed=False` is a button only (the text names the word to type instead, e.g. SELESAI).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    id: str  # what a tap posts back (ButtonPayload / ListId): short, ASCII, stable
    title: str  # in the conversation's language: ≤ 20 characters for a button, ≤ 24 for a list row
    description: str = ""  # list rows only, ≤ 72 characters
    # False: a button only, never a numbered line: the text already says the word to type, and a
    # number would mean something else there (in the document step "1" replaces document 1)
    typed: bool = True


def numbered(choices: list[Choice] | tuple[Choice, ...]) -> str:
    """The text form: one numbered line per choice ("" when none is `typed`)."""
    return "\n".join(f"{n}. {c.title}" for n, c in enumerate((c for c in choices if c.typed), 1))


def under(text: str, choices: list[Choice] | tuple[Choice, ...]) -> str:
    """`text` with its choices as numbered lines below, when there are any to type."""
    lines = numbered(choices)
    return f"{text}\n{lines}" if lines else text
