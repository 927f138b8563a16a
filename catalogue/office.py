"""The office in one place (workflow/definitions/office/identity.toml): what the kop surat, the
place of signing and the signature block print, and the address, hours, phone and map link every
message that sends someone to the office shows (`catalogue.front_desk.office_contact`). Values
the office has not confirmed yet are listed in the file's `unconfirmed`.

It lives with the texts (the lowest layer) so that the catalogue and the letters read the same
file through the same loader."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from config import ROOT

IDENTITY = ROOT / "workflow" / "definitions" / "office" / "identity.toml"


@dataclass(frozen=True)
class Office:
    government: str
    name: str
    name_title: str
    short: str
    head_title: str
    regency: str
    city: str
    address: str
    postcode: str
    province: str
    phone: str
    email: str
    website: str
    emblem: Path
    visit_name: str = ""
    visit_name_en: str = ""
    hours: str = ""
    hours_en: str = ""
    map_url: str = ""
    question_answer_working_days: int = 1  # "Tanya petugas": the office's answering standard
    unconfirmed: tuple[str, ...] = ()

    @property
    def address_line(self) -> str:
        return ", ".join(p for p in (self.address, f"{self.city} {self.postcode}".strip(), self.province) if p)

    @property
    def phone_link(self) -> str:
        """The phone as a `tel:` link takes it: digits (and a leading +) only."""
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")

    @property
    def contact_line(self) -> str:
        parts = [f"Telepon {self.phone}" if self.phone else "", f"Pos-el {self.email}" if self.email else "",
                 f"Laman {self.website.removeprefix('https://').removeprefix('http://')}" if self.website else ""]
        return " · ".join(p for p in parts if p)


@cache
def office(path: Path = IDENTITY) -> Office:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    emblem = raw.pop("emblem", "")
    unconfirmed = tuple(raw.pop("unconfirmed", ()))
    return Office(**raw, emblem=path.parent / emblem if emblem else Path(), unconfirmed=unconfirmed)
