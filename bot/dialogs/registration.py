"""DAFTAR/REGISTER: full name, NIK, address, kecamatan, then ONE question that shows the data and
asks consent (UU 27/2022): `YA` confirms the data and consents; a choice corrects one field first.

Each answer is written to the applicant row as it is given (nothing sensitive waits in the
conversation's JSON); the account counts as registered once consent is recorded with its time.
The kecamatan (18 + "outside") are offered in two list pages of ≤ 10 rows, the first ending in
"Lainnya"; a tap, the number on the page shown or the kecamatan's name answer.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.conversation import Dialog, Invalid, Step, Turn, normalise, office_today, pick
from bot.dialogs.privacy import record_consent, say_notice
from bot.names import parse_person_name
from bot.nik import check_nik
from bot.printable import printable
from catalogue import text
from catalogue.choices import Choice
from storage import Applicant
from storage.regions import OUTSIDE, kecamatan, kecamatan_name

YES = {"ya", "y", "yes", "setuju", "iya", "ok", "oke", "benar", "betul", "sudah benar", "ya setuju", "ya benar"}
NO = {"tidak", "no", "tdk", "gak", "nggak", "enggak", "tidak setuju"}
__all__ = ["YES", "NO", "parse_person_name"]  # application.py reuses them

MORE = "MORE"
LIST_ROWS = 10  # WhatsApp's list picker
FIELDS = ("name", "nik", "address", "kecamatan")


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


def _then(turn: Turn, step: str) -> None:
    """The next question, or back to the summary when a field was being corrected."""
    turn.go("confirm" if turn.data.get("correcting") else step)


def _accept_name(turn: Turn, name: str) -> None:
    turn.applicant.name = name
    _then(turn, "nik")


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
    _then(turn, "address")


def parse_address(turn: Turn):
    address = printable(turn.text)  # printed on the letter: nothing its font would draw as boxes
    if address is None or not 10 <= len(address) <= 300:
        return Invalid("bot.reg.address.invalid")
    return address


def _accept_address(turn: Turn, address: str) -> None:
    turn.applicant.address = address
    _then(turn, "kecamatan")


# ---- kecamatan: a list in pages ---------------------------------------------------------------
def _row_title(name: str) -> str:
    return name if len(name) <= 24 else name.replace("Tanjung", "Tj.")[:24]


def kecamatan_choices(language: str) -> list[Choice]:
    rows = [Choice(code, _row_title(name), name if _row_title(name) != name else "") for code, name in kecamatan()]
    return [*rows, Choice(OUTSIDE, text("bot.reg.kecamatan.outside", language))]


def page_of(items: list[Choice], page: int, more: Choice) -> list[Choice]:
    """Page `page` of a list longer than a list picker holds: each page but the last ends in `more`."""
    if len(items) <= LIST_ROWS:
        return items
    size = LIST_ROWS - 1
    start = page * size
    if len(items) - start <= LIST_ROWS:
        return items[start:]
    return [*items[start:start + size], more]


def _kecamatan_page(turn: Turn) -> list[Choice]:
    more = Choice(MORE, text("bot.choices.more", turn.language))
    return page_of(kecamatan_choices(turn.language), turn.data.get("kecamatan_page", 0), more)


def prompt_kecamatan(turn: Turn) -> None:
    key = "bot.reg.kecamatan" if not turn.data.get("kecamatan_page") else "bot.reg.kecamatan.more"
    turn.say(key, choices=_kecamatan_page(turn))


def parse_kecamatan(turn: Turn):
    items = kecamatan_choices(turn.language)
    chosen = pick(turn, _kecamatan_page(turn))
    if chosen is None:  # a tap from another page, a number from the whole list, or the name
        squeezed = turn.word.replace(" ", "")
        chosen = pick(turn, items, {OUTSIDE: {"luar", "luar rokan hilir", "luar kabupaten", "outside"}}) or next(
            (c for c in items if squeezed and normalise(c.description or c.title).replace(" ", "") == squeezed), None)
    if chosen is None:
        return Invalid("bot.reg.kecamatan.invalid")
    return chosen.id


def turned_page(turn: Turn, code: str) -> bool:
    """True when the answer was "Lainnya" (the next page is shown); else the paging is over."""
    if code != MORE:
        turn.data.pop("kecamatan_page", None)
        return False
    turn.data["kecamatan_page"] = turn.data.get("kecamatan_page", 0) + 1
    turn.go("kecamatan")
    return True


def _accept_kecamatan(turn: Turn, code: str) -> None:
    if not turned_page(turn, code):
        turn.applicant.kecamatan = code
        turn.go("confirm")


def kecamatan_label(code: str | None, language: str) -> str:
    if code == OUTSIDE:
        return text("bot.reg.kecamatan.outside", language)
    return kecamatan_name(code) or "-"


# ---- the summary, which is also the consent question -------------------------------------------
def _confirm_choices(language: str) -> list[Choice]:
    return [Choice("YA", text("bot.reg.confirm.yes", language)),
            *(Choice(f"UBAH_{f.upper()}", text(f"bot.reg.fix.{f}", language)) for f in FIELDS),
            Choice("TIDAK", text("bot.reg.confirm.no", language))]


def _prompt_confirm(turn: Turn) -> None:
    """The complete privacy notice (UU 27/2022 Pasal 21), then the summary that asks consent."""
    say_notice(turn)
    a = turn.applicant
    turn.say("bot.reg.confirm", name=a.name or "", nik=a.masked_nik, address=a.address or "",
             kecamatan=kecamatan_label(a.kecamatan, turn.language), choices=_confirm_choices(turn.language))


def _parse_confirm(turn: Turn):
    synonyms = {"YA": YES, "TIDAK": NO, **{f"UBAH_{f.upper()}": _field_words(f) for f in FIELDS}}
    chosen = pick(turn, _confirm_choices(turn.language), synonyms)
    return chosen.id if chosen else Invalid("bot.reg.consent.invalid")


def _field_words(field: str) -> set[str]:
    words = {"name": {"nama", "name", "ubah nama", "ganti nama"}, "nik": {"nik", "ubah nik", "ganti nik"},
             "address": {"alamat", "address", "ubah alamat", "ganti alamat"},
             "kecamatan": {"kecamatan", "ubah kecamatan", "ganti kecamatan", "district"}}
    return words[field]


def _accept_confirm(turn: Turn, choice: str) -> None:
    if choice == "TIDAK":
        turn.say("bot.reg.consent.declined")
        turn.finish()
        return
    if choice.startswith("UBAH_"):
        turn.data["correcting"] = True
        turn.go(choice.removeprefix("UBAH_").lower())
        return
    record_consent(turn)
    turn.say("bot.reg.done", name=turn.applicant.name)
    turn.begin("activation")


DIALOG = Dialog(
    name="registration",
    start=start,
    steps={
        "name": Step(_ask("bot.reg.name"), lambda t: parse_person_name(t.text), _accept_name),
        "nik": Step(_ask("bot.reg.nik"), _parse_nik, _accept_nik),
        "address": Step(_ask("bot.reg.address"), parse_address, _accept_address),
        "kecamatan": Step(prompt_kecamatan, parse_kecamatan, _accept_kecamatan),
        "confirm": Step(_prompt_confirm, _parse_confirm, _accept_confirm),
        # Conversations parked at the old consent step (before an upgrade) get the summary.
        "consent": Step(_prompt_confirm, _parse_confirm, _accept_confirm),
    },
    keywords=("daftar", "register"),
    menu_label="bot.menu.register",
)
