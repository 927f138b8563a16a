"""The idle state: greetings and MENU/BANTUAN/HELP show a short numbered menu; numbers choose."""

from __future__ import annotations

from bot.engine import Dialog, Invalid, Step, Turn, menu_entries


def show(turn: Turn) -> None:
    entries = menu_entries(turn.dialogs)
    from catalogue import text

    lines = [f"{i}. {text(d.menu_label, turn.language)}" for i, d in enumerate(entries, 1)]
    greeting = "bot.menu.registered" if turn.applicant.consent_at else "bot.menu.new"
    turn.say(greeting, name=turn.applicant.name or turn.applicant.profile_name or "")
    turn.say("bot.menu", choices="\n".join(lines))


def parse(turn: Turn):
    entries = menu_entries(turn.dialogs)
    if turn.word.isdigit() and 1 <= int(turn.word) <= len(entries) and not turn.media:
        return entries[int(turn.word) - 1].name
    if turn.media:
        return Invalid("bot.menu.media_outside_application")
    return Invalid("bot.menu.unknown")


def accept(turn: Turn, name: str) -> None:
    turn.begin(name)


DIALOG = Dialog(
    name="menu",
    start=show,
    steps={"start": Step(prompt=show, parse=parse, accept=accept)},
    keywords=("menu", "bantuan", "help", "halo", "hallo", "hai", "hi", "hello", "p",
              "assalamualaikum", "assalamualaikum wr wb", "selamat pagi", "selamat siang",
              "selamat sore", "selamat malam"),
)
