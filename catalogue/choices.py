"""Choices a question offers: data the bot returns; the sender decides how they travel.

A step that offers choices says them as data (`Turn.say(key, choices=[…])`); with an interactive
Content resource synced and the window open they go as reply buttons (≤ 3) or a list picker (≤ 10
rows), otherwise as numbered lines under the text. A tap posts the choice's `id` back (Twilio's
`ButtonPayload` or `ListId`); typing the number or the title works too.
"""

from __future__ import annotations

from dataclasses import dataclass

# WhatsApp's limits for a list picker's rows, in characters (storage/contents.py draws the resources).
ROW_TITLE, ROW_DESCRIPTION = 24, 72


def shortened(words: str, limit: int) -> str:
    """`words` cut to `limit` characters, an ellipsis marking the cut."""
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Choice:
    id: str  # what a tap posts back (ButtonPayload / ListId): short, ASCII, stable
    title: str  # in the conversation's language: ≤ 20 characters for a button, ≤ 24 for a list row
    description: str = ""  # list rows only, ≤ 72 characters
    # False: a button only, never a numbered line, for a question whose text already says what to
    # type and whose numbers mean something else (the application's summary: a number replaces
    # that document; "Ajukan" and "Batal" are buttons beside it).
    numbered: bool = True

    @classmethod
    def row(cls, id: str, words: str, **options) -> Choice:
        """A choice that fits a list row: the title cut to 24 characters, and then the words in
        full (up to 72) as the row's description, so the tap, the numbered line and typing the
        words all still name the whole option."""
        title = shortened(words, ROW_TITLE)
        return cls(id, title, shortened(words, ROW_DESCRIPTION) if title != words else "", **options)

    @property
    def label(self) -> str:
        """The option in full: its title, or its description when the title is that text cut to
        a list row's 24 characters ("Rekomendasi Bantuan Pen…"). Numbered lines have no such limit."""
        stem = self.title.removesuffix("…").rstrip()
        if stem != self.title and self.description.startswith(stem):
            return self.description
        return self.title


def numbered(choices: list[Choice] | tuple[Choice, ...]) -> str:
    """The text form: one numbered line per choice, each in full (`Choice.label`)."""
    return "\n".join(f"{n}. {c.label}" for n, c in enumerate(choices, 1) if c.numbered)


def with_choices(text: str, choices) -> str:
    """A question as text: its numbered lines under it (none for button-only choices)."""
    lines = numbered(choices)
    return f"{text}\n{lines}" if lines else text
