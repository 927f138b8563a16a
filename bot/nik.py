"""NIK (Nomor Induk Kependudukan) format rules: a value or the catalogue key of what is wrong.

16 digits; 1-2 a Kemendagri province code; 3-4 regency and 5-6 district not 00; 7-12 the
birth date DDMMYY with +40 on the day for women (day 01-31 or 41-71), a real date, the year
20YY when that is not in the future, else 19YY (python-stdnum guesses 19YY first: wrong for
children); 13-16 a serial that is not 0000. A NIK outside Rokan Hilir is fine: the prefix is
where it was first issued, not where the person lives.
"""

from __future__ import annotations

import re
from datetime import date

from storage.digits import digits_only
from storage.regions import province_codes


def birth_date(nik: str, today: date) -> date | None:
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    try:
        born = date(year, month, day)
    except ValueError:
        return None
    return born if born <= today else None


def check_nik(raw: str, today: date) -> tuple[str | None, str | None]:
    """(nik, None) when the format is valid, else (None, reason key)."""
    nik = digits_only(re.sub(r"[\s.\-]", "", raw or ""), length=16)  # any script's digits, as ASCII
    if nik is None:
        return None, "bot.reg.nik.format"
    if nik[:2] not in province_codes():
        return None, "bot.reg.nik.province"
    if nik[2:4] == "00" or nik[4:6] == "00":
        return None, "bot.reg.nik.region"
    day = int(nik[6:8])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        return None, "bot.reg.nik.day"
    if birth_date(nik, today) is None:
        return None, "bot.reg.nik.date"
    if nik[12:] == "0000":
        return None, "bot.reg.nik.serial"
    return nik, None
