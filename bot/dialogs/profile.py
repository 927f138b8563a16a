"""UBAH DATA: a registered applicant corrects their name, address or kecamatan. The NIK is the
key of the account and of every file: it changes only at the office, with the KTP (we say so).

The menu shows the data as it is now; after each change it shows it again, until SELESAI.
"""

from __future__ import annotations

from bot.conversation import Dialog, Invalid, Step, Turn, pick
from bot.dialogs.registration import (
    kecamatan_label,
    parse_address,
    parse_kecamatan,
    parse_person_name,
    prompt_kecamatan,
    turned_page,
)
from catalogue import text
from catalogue.choices import Choice

FIELDS = ("name", "address", "kecamatan", "nik")
DONE = "SELESAI"
WORDS = {"UBAH_NAME": {"nama", "name"}, "UBAH_ADDRESS": {"alamat", "address"},
         "UBAH_KECAMATAN": {"kecamatan", "district"}, "UBAH_NIK": {"nik"},
         DONE: {"selesai", "done", "sudah", "tidak", "tidak ada", "cukup", "ok", "oke"}}


def start(turn: Turn) -> None:
    if not turn.applicant.consent_at:
        turn.say("bot.profile.need_registration")
        turn.begin("registration")
        return
    turn.go("choose")


def _choices(language: str) -> list[Choice]:
    return [*(Choice(f"UBAH_{f.upper()}", text(f"bot.reg.fix.{f}", language)) for f in FIELDS),
            Choice(DONE, text("bot.profile.done_choice", language))]


def _prompt_choose(turn: Turn) -> None:
    a = turn.applicant
    turn.say("bot.profile.choose", name=a.name or "", nik=a.masked_nik, address=a.address or "",
             kecamatan=kecamatan_label(a.kecamatan, turn.language), choices=_choices(turn.language))


def _parse_choose(turn: Turn):
    chosen = pick(turn, _choices(turn.language), WORDS)
    return chosen.id if chosen else Invalid("bot.profile.invalid")


def _accept_choose(turn: Turn, choice: str) -> None:
    if choice == DONE:
        turn.say("bot.profile.finished")
        turn.finish()
        return
    if choice == "UBAH_NIK":
        turn.say("bot.profile.nik_at_office")
        turn.go("choose")
        return
    turn.go(choice.removeprefix("UBAH_").lower())


def _saved(turn: Turn) -> None:
    turn.say("bot.profile.saved")
    turn.go("choose")


def _accept_name(turn: Turn, name: str) -> None:
    turn.applicant.name = name
    _saved(turn)


def _accept_address(turn: Turn, address: str) -> None:
    turn.applicant.address = address
    _saved(turn)


def _accept_kecamatan(turn: Turn, code: str) -> None:
    if not turned_page(turn, code):
        turn.applicant.kecamatan = code
        _saved(turn)


DIALOG = Dialog(
    name="profile",
    start=start,
    steps={
        "choose": Step(_prompt_choose, _parse_choose, _accept_choose),
        "name": Step(lambda t: t.say("bot.reg.name"), lambda t: parse_person_name(t.text), _accept_name),
        "address": Step(lambda t: t.say("bot.reg.address"), parse_address, _accept_address),
        "kecamatan": Step(prompt_kecamatan, parse_kecamatan, _accept_kecamatan),
    },
    keywords=("ubah data", "update data", "edit data", "ganti data", "change data", "update my data"),
)
