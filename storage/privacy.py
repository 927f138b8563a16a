"""Personal data under UU 27/2022: the privacy notice's facts and the masks a screen uses.

The notice's facts (controller, DPO contact, recipients, version) are data in
`storage/data/privacy_notice.toml`, marked there for the office to confirm; the controller's
address and the hours the DPO is reached are the office's own (`catalogue.office`, identity.toml);
its wording is in `catalogue/privacy.py`. `notice_variables()` joins them with the retention
settings, each fact in the reader's language.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from catalogue.office import office
from config import Config

NOTICE_FILE = Path(__file__).with_name("data") / "privacy_notice.toml"


@cache
def notice_data() -> dict:
    return tomllib.loads(NOTICE_FILE.read_text(encoding="utf-8"))


def notice_version() -> str:
    """The version of the notice in force; an applicant whose consent names another is asked again."""
    return str(notice_data()["version"])


def notice_variables(language: str, retention: dict) -> dict:
    """What the notice's catalogue text needs: the facts in `language` and the retention periods."""
    retention = {**Config().retention, **(retention or {})}
    data, the_office = notice_data(), office()
    suffix = "_en" if language == "en" else ""
    recipients = data["recipients"]
    return {
        "version": notice_version(),
        "controller": data["controller"]["name" + suffix],
        "controller_address": the_office.address_line,
        "dpo_title": data["dpo"]["title" + suffix],
        "dpo_email": data["dpo"]["email"],
        "dpo_phone": data["dpo"]["phone"],
        "dpo_hours": the_office.hours_en if suffix else the_office.hours,
        "technical_team": recipients["technical_team" + suffix],
        "processors": recipients["processors" + suffix],
        **retention,  # draft_days, refused_days, scan_years, payload_days, question_days
    }


def mask_phone(number: str | None) -> str:
    """`+62812****7890`: the country and operator prefix and the last four digits stay."""
    value = number or ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:5] + "*" * (len(value) - 9) + value[-4:]


def mask_address(address: str | None) -> str:
    """`Jl. M******* No. 1, ...`: the first words only, enough to recognise one's own address."""
    words = (address or "").split()
    if not words:
        return ""
    shown = words[:2]
    return " ".join(shown[:1] + [w[0] + "*" * (len(w) - 1) for w in shown[1:]]) + (" …" if len(words) > 2 else "")
