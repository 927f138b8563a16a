"""The idle state: greetings, polite openers and MENU/BANTUAN/HELP show a short menu (choices:
a tap, the number or the words); "assalamualaikum" is answered in kind first."""

from __future__ import annotations

from bot.conversation import Dialog, Invalid, Reply, Step, Turn, menu_entries, pick
from bot.phrases import is_opener, is_salam
from catalogue import text
from catalogue.choices import Choice


def choices(turn: Turn) -> list[Choice]:
    """One choice per menu dialog; a tap posts the dialog's keyword (DAFTAR, AJUKAN, …)."""
    return [Choice(d.keywords[0].upper(), text(d.menu_label, turn.language)) for d in menu_entries(turn.dialogs)]


def show(turn: Turn) -> None:
    if is_salam(turn.word) and Reply("bot.menu.salam") not in turn.replies:
        turn.replies.insert(0, Reply("bot.menu.salam"))  # the salam is answered first, before anything else
    greeting = "bot.menu.registered" if turn.applicant.consent_at else "bot.menu.new"
    turn.say(greeting, name=turn.applicant.name or turn.applicant.profile_name or "")
    turn.say("bot.menu", choices=choices(turn))


FILES, GREETING = "files", "greeting"


def parse(turn: Turn):
    if turn.media:
        return FILES
    chosen = pick(turn, choices(turn))
    if chosen is not None:
        return next(d.name for d in menu_entries(turn.dialogs) if d.keywords[0].upper() == chosen.id)
    if is_opener(turn.word):
        return GREETING
    return Invalid("bot.menu.unknown")


def accept(turn: Turn, choice: str) -> None:
    if choice == GREETING:
        show(turn)
        return
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
