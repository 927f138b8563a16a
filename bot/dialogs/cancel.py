"""BATAL/CANCEL: leave whatever dialog is running, cleanly. A draft application is kept."""

from __future__ import annotations

from bot.conversation import Dialog, Turn


def start(turn: Turn) -> None:
    turn.say("bot.cancelled")
    turn.finish()


DIALOG = Dialog(name="cancel", start=start, keywords=("batal", "cancel", "stop"))
