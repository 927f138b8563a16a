"""HAPUS DATA: withdraw consent and erase (UU 27/2022 Pasal 8, 9, 40–43), after a confirmation.

Drafts are cancelled and deleted with their scans, refused documents and the conversation
history go; what the office must keep (an issued letter, its receipt and register entry; a file
still being processed) stays, and the applicant is told which and why. A file still open marks
the applicant's erasure as pending: staff see it on the file, and the retention sweep finishes
the erasure once the file closes. The files leave the store after the commit (a job), and only
those no remaining document refers to.
"""

from __future__ import annotations

from bot.conversation import Dialog, Invalid, Step, Turn, pick
from catalogue import render, text
from catalogue.choices import Choice
from workflow.retention import erase

NAME = "erasure"
CONFIRM = {"hapus", "ya hapus", "hapus data saya", "ya", "delete", "erase"}
KEEP = {"tidak", "no", "batal", "jangan"}


def start(turn: Turn) -> None:
    turn.go("confirm")


def _choices(language: str) -> list[Choice]:
    return [Choice("HAPUS", text("privacy.erase.yes", language)), Choice("TIDAK", text("privacy.erase.no", language))]


def _prompt(turn: Turn) -> None:
    turn.say("privacy.erase.confirm", choices=_choices(turn.language))


def _parse(turn: Turn):
    """A tap on a button, its number or words, or HAPUS / TIDAK typed."""
    chosen = pick(turn, _choices(turn.language), {"HAPUS": CONFIRM, "TIDAK": KEEP})
    return chosen.id == "HAPUS" if chosen else Invalid("privacy.erase.confirm.invalid")


def _accept(turn: Turn, confirmed: bool) -> None:
    if not confirmed:
        turn.say("privacy.erase.kept_all")
        turn.finish()
        return
    retention = turn.session.info.get("settings", {}).get("retention", {})
    result = erase(turn.session, turn.applicant, turn.now, keep_message_id=turn.inbound.id, retention=retention)
    lang = turn.language
    kept = [render(key, lang, **variables) for key, variables in result.kept]
    turn.say("privacy.erase.done", applications=result.removed.applications, documents=result.removed.documents,
             messages=result.removed.messages)
    if kept:
        turn.say("privacy.erase.kept", items=kept)
    if result.removed.digests:
        turn.enqueue("bulk", "jobs.retention.remove_files", sorted(result.removed.digests))
    if result.removed.media:  # files still at Twilio: the drafts' and those no document took
        turn.enqueue("bulk", "jobs.twilio_media.release", sorted(result.removed.media))
    turn.finish()


DIALOG = Dialog(
    name=NAME,
    start=start,
    steps={"confirm": Step(_prompt, _parse, _accept)},
    keywords=("hapus data", "erase my data", "delete my data", "hapus data saya"),
)
