"""BAHASA/LANGUAGE: Bahasa Indonesia or English, for the chat and every later notice."""

from __future__ import annotations

from bot.conversation import Dialog, Invalid, Step, Turn

CHOICES = {"1": "id", "id": "id", "indonesia": "id", "bahasa indonesia": "id",
           "2": "en", "en": "en", "english": "en", "inggris": "en"}


def prompt(turn: Turn) -> None:
    turn.say("bot.language.prompt")


def parse(turn: Turn):
    return CHOICES.get(turn.word) or Invalid("bot.language.invalid")


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
