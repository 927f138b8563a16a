"""BAHASA/LANGUAGE: Bahasa Indonesia or English, for the chat and every later notice."""

from __future__ import annotations

from bot.conversation import Dialog, Invalid, Step, Turn, pick
from catalogue.choices import Choice

CHOICES = (Choice("id", "Bahasa Indonesia"), Choice("en", "English"))
SYNONYMS = {"id": {"indonesia", "indo", "bahasa", "ind"}, "en": {"inggris", "bahasa inggris", "eng"}}


def prompt(turn: Turn) -> None:
    turn.say("bot.language.prompt", choices=CHOICES)


def parse(turn: Turn):
    chosen = pick(turn, CHOICES, SYNONYMS)
    return chosen.id if chosen else Invalid("bot.language.invalid")


def accept(turn: Turn, language: str) -> None:
    turn.conversation.language = language
    turn.applicant.language = language
    turn.say("bot.language.done")
    turn.finish()


def start(turn: Turn) -> None:
    turn.go("choose")


DIALOG = Dialog(
    name="language",
    start=start,
    steps={"choose": Step(prompt, parse, accept)},
    keywords=("bahasa", "language"),
    menu_label="bot.menu.language",
)
