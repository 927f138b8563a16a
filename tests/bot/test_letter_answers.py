"""Chat answers printed on the letter: the child's date of birth read and checked as a date;
text the letter's font cannot draw normalised or refused where it is typed."""

from __future__ import annotations

from datetime import date

import pytest

from bot.answers import date_problem
from bot.birth_date import read_date
from bot.printable import printable
from workflow.service_spec import spec_for

TODAY = date(2026, 11, 30)
BIRTH_DATE = spec_for("APS").question("child_birth_date")  # no future, 4–21 years old


def birth_date_problem(value, today):
    return date_problem(BIRTH_DATE, value, today)


@pytest.mark.parametrize("typed, expected", [
    ("14-02-2011", date(2011, 2, 14)), ("14/2/2011", date(2011, 2, 14)), ("14.02.2011", date(2011, 2, 14)),
    ("2011-02-14", date(2011, 2, 14)), ("14 Februari 2011", date(2011, 2, 14)), ("14 feb 2011", date(2011, 2, 14)),
    (" 3  Mei   2012 ", date(2012, 5, 3)), ("3 May 2012", date(2012, 5, 3)), ("1 Agt. 2010", date(2010, 8, 1)),
    ("١٤-٠٢-٢٠١١", date(2011, 2, 14)),  # Arabic-Indic digits: the same date, stored as 2011-02-14
])
def test_dates_as_people_type_them(typed, expected):
    assert read_date(typed) == expected and birth_date_problem(expected, TODAY) is None


@pytest.mark.parametrize("typed", ["", "kemarin", "31-02-2011", "14-13-2011", "2011", "14 Brumaire 2011", "14-02-11", "14-02-2011 jam 5"])
def test_what_is_not_a_date(typed):
    assert birth_date_problem(read_date(typed), TODAY) == "invalid"


def test_a_future_date_or_an_age_outside_school_is_refused():
    assert birth_date_problem(date(2027, 1, 1), TODAY) == "future"
    assert birth_date_problem(date(2024, 1, 1), TODAY) == "range"  # 2 years old
    assert birth_date_problem(date(1990, 1, 1), TODAY) == "range"
    assert birth_date_problem(date(2005, 12, 1), TODAY) is None  # 20 years old


@pytest.mark.parametrize("typed, expected", [
    ("SMA Negeri 1 Bangko", "SMA Negeri 1 Bangko"),
    ("  SMP\u200b Negeri  2 ", "SMP Negeri 2"),  # zero-width space dropped, spaces tidied
    ("ＳＭＫ Negeri 1", "SMK Negeri 1"),  # full-width letters become plain ones (NFKC)
    ("Jl. Pelajar No. 5, Bagan Punak – RT 02", "Jl. Pelajar No. 5, Bagan Punak – RT 02"),  # en dash is drawable
    ("Pondok Pesantren Al-Ikhlas", "Pondok Pesantren Al-Ikhlas"),
])
def test_drawable_text_is_tidied(typed, expected):
    assert printable(typed) == expected


@pytest.mark.parametrize("typed", ["SMA 🏫 Bangko", "مدرسة", "学校", "SMA\u0007 1", "Sekolah \ue000"])
def test_text_the_letter_cannot_draw_is_refused(typed):
    assert printable(typed) is None


def test_invisible_only_text_is_empty():
    assert printable("\u200b\u200b\u200b") == ""


@pytest.mark.parametrize("typed", ["abc", "2,5", "2.5"])
def test_a_count_is_refused_with_a_whole_number_example(typed):
    """A whole-number question (Reklame's count) is not answered with "e.g. 12 or 2,5"."""
    from types import SimpleNamespace

    from bot.answers import read

    count = spec_for("REKLAME").question("reklame_count")
    refused = read(SimpleNamespace(text=typed, language="id"), count)
    assert refused.reason == "bot.apply.answer.number.whole"
    size = spec_for("REKLAME").question("reklame_size")
    assert read(SimpleNamespace(text="abc", language="id"), size).reason == "bot.apply.answer.number.invalid"
