"""NIK format rules (the webhook transcript covers the same reasons end to end)."""

from datetime import date

import pytest

from bot.nik import birth_date, check_nik

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(("nik", "born"), [
    ("1407014107050001", date(2005, 7, 1)),   # a woman: day + 40
    ("1407010107050001", date(2005, 7, 1)),
    ("1407012912260001", None),               # 29-12-2026 is after today: not 1926 either
    ("1407012911260001", date(2026, 11, 29)),
    ("1407011503800001", date(1980, 3, 15)),  # 2080 would be in the future → 1980
    ("1407012902040001", date(2004, 2, 29)),
    ("1407012902050001", None),               # no 29 February in 2005
])
def test_birth_date_uses_the_century_rule(nik, born):
    assert birth_date(nik, TODAY) == born


@pytest.mark.parametrize(("raw", "reason"), [
    ("", "bot.reg.nik.format"),
    ("140701410705000", "bot.reg.nik.format"),
    ("14070141070500011", "bot.reg.nik.format"),
    ("0007014107050001", "bot.reg.nik.province"),
    ("1007014107050001", "bot.reg.nik.province"),
    ("1400014107050001", "bot.reg.nik.region"),
    ("1407004107050001", "bot.reg.nik.region"),
    ("1407010007050001", "bot.reg.nik.day"),
    ("1407017207050001", "bot.reg.nik.day"),
    ("1407013113050001", "bot.reg.nik.date"),
    ("1407014107050000", "bot.reg.nik.serial"),
])
def test_each_kind_of_wrong_nik(raw, reason):
    assert check_nik(raw, TODAY) == (None, reason)


def test_a_nik_from_outside_rokan_hilir_and_with_separators_is_accepted():
    assert check_nik("3201.0150.0990.0001", TODAY) == ("3201015009900001", None)
    assert check_nik("9601015009900001", TODAY) == ("9601015009900001", None)  # Papua Barat Daya
