"""The idle state: greetings and MENU/BANTUAN/HELP show a short numbered menu; numbers choose."""

from __future__ import annotations

from bot.conversation import Dialog, Invalid, Step, Turn, menu_entries


def show(turn: Turn) -> None:
    entries = menu_entries(turn.dialogs)
    from catalogue import text

    lines = [f"{i}. {text(d.menu_label, turn.language)}" for i, d in enumerate(entries, 1)]
    greeting = "bot.menu.registered" if turn.applicant.consent_at else "bot.menu.new"
    turn.say(greeting, name=turn.applicant.name or turn.applicant.profile_name or "")
    turn.say("bot.menu", choices="\n".join(lines))


FILES = "files"


def parse(turn: Turn):
    entries = menu_entries(turn.dialogs)
    if turn.media:
        return FILES
    if turn.word.isdigit() and 1 <= int(turn.word) <= len(entries):
        return entries[int(turn.word) - 1].name
    return Invalid("bot.menu.unknown")


def accept(turn: Turn, choice: str) -> None:
    if choice != FILES:
        turn.begin(choice)
        return
    # Files sent outside a dialog (e.g. answering the "file returned" notice) go to the
    # applicant's draft or returned application, as if AJUKAN had been typed first.
    from bot.dialogs.application import open_application, receive_unprompted

    conv, before = turn.conversation, len(turn.replies)
    if turn.applicant.is_active and open_application(turn) is not None:
        turn.begin("application")
    if (conv.dialog, conv.step) != ("application", "documents"):
        turn.finish()
        turn.say("bot.menu.media_outside_application")
        return
    del turn.replies[before + 1:]  # keep the heading (resumed / returned), not the prompt
    receive_unprompted(turn)


DIALOG = Dialog(
    name="menu",
    start=show,
    steps={"start": Step(prompt=show, parse=parse, accept=accept)},
    keywords=("menu", "bantuan", "help", "halo", "hallo", "hai", "hi", "hello", "p",
              "assalamualaikum", "assalamualaikum wr wb", "selamat pagi", "selamat siang",
              "selamat sore", "selamat malam"),
)
