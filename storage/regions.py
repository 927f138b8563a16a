"""Region data the bot needs, read from bot/data/*.csv (data, not code; update on pemekaran)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
OUTSIDE = "luar"  # Applicant.kecamatan for "outside Rokan Hilir"


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@cache
def kecamatan() -> tuple[tuple[str, str], ...]:
    """(code, name) of Rokan Hilir's kecamatan, in code order (14.07.01 … 14.07.18)."""
    return tuple((r["code"], r["name"]) for r in _rows("kecamatan_rokan_hilir.csv"))


@cache
def province_codes() -> frozenset[str]:
    return frozenset(r["code"] for r in _rows("provinces.csv"))


def kecamatan_name(code: str | None) -> str:
    return dict(kecamatan()).get(code or "", "")
