"""DAFTAR/REGISTER: full name, NIK, address, kecamatan, consent (UU 27/2022), then activation.

Each answer is written to the applicant row as it is given (nothing sensitive waits in the
conversation's JSON); the account counts as registered once consent is recorded with its time.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.conversation import Dialog, Invalid, Step, Turn, office_today, yes_no
from bot.nik import check_nik
from bot.printable import printable
from storage import Applicant
from storage.regions import OUTSIDE, kecamatan

YES = {"ya", "y", "yes", "setuju", "iya"}
NO = {"tidak", "no", "tdk", "gak", "nggak", "enggak"}
NAME = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .,'\-]{1,99}$")


def parse_person_name(text: str):
    name = " ".join(text.split())
    if len(name) < 3 or not NAME.match(name):
        return Invalid("bot.reg.name.invalid")
    return name


def start(turn: Turn) -> None:
    if turn.applicant.consent_at:
        turn.say("bot.reg.already", nik=turn.applicant.masked_nik)
        if not turn.applicant.is_active:
            turn.begin("activation")
        else:
            turn.finish()
        return
    turn.say("bot.reg.intro")
    turn.go("name")


def _ask(key: str):
    def prompt(turn: Turn) -> None:
        turn.say(key)

    return prompt


def _accept_name(turn: Turn, name: str) -> None:
    turn.applicant.name = name
    turn.go("nik")


def _parse_nik(turn: Turn):
    nik, reason = check_nik(turn.text, office_today(turn))
    # The stored inbound message keeps no NIK, right or wrong (UU 27/2022: the applicant row is
    # its one home).
    turn.inbound.body = re.sub(r"\d(?=(?:[\s.\-]*\d){4})", "*", turn.inbound.body or "")
    if reason:
        return Invalid(reason)
    owner = turn.session.scalar(select(Applicant.id).where(Applicant.nik == nik, Applicant.id != turn.applicant.id))
    if owner is not None:
        return Invalid("bot.reg.nik.taken")
    return nik


def _accept_nik(turn: Turn, nik: str) -> None:
    turn.applicant.nik = nik
    turn.go("address")


def _parse_address(turn: Turn):
    address = printable(turn.text)  # printed on the letter: nothing its font would draw as boxes
    if address is None or not 10 <= len(address) <= 300:
        return Invalid("bot.reg.address.invalid")
    return address


def _accept_address(turn: Turn, address: str) -> None:
    turn.applicant.address = address
    turn.go("kecamatan")


def _prompt_kecamatan(turn: Turn) -> None:
    rows = kecamatan()
    lines = [f"{i}. {name}" for i, (_code, name) in enumerate(rows, 1)]
    turn.say("bot.reg.kecamatan", choices="\n".join(lines), outside=len(rows) + 1)


def _parse_kecamatan(turn: Turn):
    rows = kecamatan()
    word = turn.word
    if word.isdigit():
        n = int(word)
        if 1 <= n <= len(rows):
            return rows[n - 1][0]
        if n == len(rows) + 1:
            return OUTSIDE
    for code, name in rows:
        if word == " ".join(name.lower().split()):
            return code
    if word in ("luar", "luar rokan hilir", "outside"):
        return OUTSIDE
    return Invalid("bot.reg.kecamatan.invalid", count=len(rows) + 1)


def _accept_kecamatan(turn: Turn, code: str) -> None:
    turn.applicant.kecamatan = code
    turn.go("consent")


def _accept_consent(turn: Turn, agreed: bool) -> None:
    if not agreed:
        turn.say("bot.reg.consent.declined")
        turn.finish()
        return
    turn.applicant.consent_at = turn.now
    turn.say("bot.reg.done", name=turn.applicant.name)
    turn.begin("activation")


DIALOG = Dialog(
    name="registration",
    start=start,
    steps={
        "name": Step(_ask("bot.reg.name"), lambda t: parse_person_name(t.text), _accept_name),
        "nik": Step(_ask("bot.reg.nik"), _parse_nik, _accept_nik),
        "address": Step(_ask("bot.reg.address"), _parse_address, _accept_address),
        "kecamatan": Step(_prompt_kecamatan, _parse_kecamatan, _accept_kecamatan),
        "consent": Step(_ask("bot.reg.consent"), yes_no(YES, NO, "bot.reg.consent.invalid"), _accept_consent),
    },
    keywords=("daftar", "register"),
    menu_label="bot.menu.register",
)
