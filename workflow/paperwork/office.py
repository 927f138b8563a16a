"""The office's identity as data (definitions/office/identity.toml): what the kop surat, the
place of signing and the signature block print. Values the office has not confirmed yet are
listed in the file's `unconfirmed` and reported by `flask services check`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from workflow.definition import DEFINITIONS

IDENTITY = DEFINITIONS / "office" / "identity.toml"


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
    unconfirmed: tuple[str, ...] = ()

    @property
    def address_line(self) -> str:
        return ", ".join(p for p in (self.address, f"{self.city} {self.postcode}".strip(), self.province) if p)

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
