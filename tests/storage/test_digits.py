"""Digits of any script are read as ASCII digits before anything compares or stores them, and
nothing else passes for a number (issue 16, item 2)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation import normalise
from bot.inbound import identity
from bot.nik import check_nik
from storage.digits import ascii_digits, digits_only, is_number
from storage.phones import normalise_msisdn

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
EXTENDED_ARABIC = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")  # Persian/Urdu keyboards
NIK = "1407014107050001"


@pytest.mark.parametrize("table", [ARABIC_INDIC, FULL_WIDTH, EXTENDED_ARABIC])
def test_a_nik_in_any_digits_is_the_ascii_nik(table):
    assert check_nik(NIK.translate(table), date(2026, 11, 29)) == (NIK, None)
    assert check_nik("14٠٧٠١٤١٠٧٠٥٠٠٠١", date(2026, 11, 29)) == (NIK, None)  # mixed, as in the audit


@pytest.mark.parametrize("raw", ["14070141070500¹1", "140701410705000²", "1407014107050001\u200b", "Ⅰ407014107050001"])
def test_what_only_looks_like_a_digit_is_refused(raw):
    assert check_nik(raw, date(2026, 11, 29)) == (None, "bot.reg.nik.format")


def test_the_helpers():
    assert ascii_digits("No. ١٢ RT ０３") == "No. 12 RT 03"
    assert digits_only("٠٨١٢", length=4) == "0812" and digits_only("0812", length=5) is None
    assert digits_only("²") is None and digits_only("") is None and digits_only("12a") is None
    assert is_number("123") and not is_number("²") and not is_number("١٢") and not is_number("")


def test_phone_numbers_in_any_digits_are_one_number():
    assert normalise_msisdn("٠٨١٢٣٤٥٦٧٨٩٠") == "+62812345678 90".replace(" ", "")
    assert normalise_msisdn("+６２８１２３４５６７８９０") == "+6281234567890"
    for lookalike in ("+62812345678²0", "＋６２８１２３４５６７８９０"):
        with pytest.raises(ValueError):
            normalise_msisdn(lookalike)
    assert identity("whatsapp:+٦٢٨١٢٣٤٥٦٧٨٩٠") == "+6281234567890"


def test_menu_words_carry_ascii_digits_only():
    assert normalise("٢") == "2" and normalise("３") == "3"
    assert normalise("Ⅱ") in ("", "ii")  # a Roman numeral is no menu number
