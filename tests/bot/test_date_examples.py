"""A date question's examples (the ask's "Tulis seperti …" and the refusals' "misalnya …") are
dates the question accepts on the day it is asked — never a past date where the past is refused."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import catalogue
from bot.answers import date_problem, example_date, examples
from bot.birth_date import read_date
from config import OFFICE_TZ
from tests.bot.conftest import apply_for, register_and_activate
from workflow.definition import service_definitions
from workflow.service_spec import spec_for

DATE_QUESTIONS = [(s["code"], q.name) for s in service_definitions() for q in spec_for(s["code"]).questions
                  if q.type == "date"]
DAYS = [date(2026, 12, 1), date(2026, 12, 31), date(2028, 2, 29), date(2031, 1, 1)]


@pytest.mark.parametrize(("code", "name"), DATE_QUESTIONS)
@pytest.mark.parametrize("today", DAYS)
def test_every_example_is_a_date_the_question_accepts(code, name, today):
    question = spec_for(code).question(name)
    assert date_problem(question, example_date(question, today), today) is None
    for language in catalogue.LANGUAGES:  # and both ways of writing it read back as that date
        texts = examples(question, today, language)
        assert read_date(texts["example"]) == read_date(texts["example_words"]) == example_date(question, today)


@pytest.mark.parametrize(("code", "name"), DATE_QUESTIONS)
@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_no_wording_carries_a_fixed_date(code, name, language):
    """The data's asks and refusals name the example as {example}: a date written into them goes stale."""
    question = spec_for(code).question(name)
    for words in (question.ask, *question.refusals.values()):
        assert not re.search(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,2} [A-Z][a-z]+ \d{4}", words[language]), words


@pytest.mark.parametrize(("problem", "language"), [(p, lang) for p in ("invalid", "past", "future")
                                                   for lang in catalogue.LANGUAGES])
def test_the_general_refusals_give_the_example(problem, language):
    text = catalogue.text(f"bot.apply.answer.date.{problem}", language)
    assert "{example}" in text and not re.search(r"\d{4}", text)


def _dates_in(text: str) -> list[date]:
    return [read_date(m) for m in re.findall(r"\*(\d{2}-\d{2}-\d{4})\*", text)]


def test_reklame_asks_and_refuses_with_a_future_start(chat):
    """Reklame's start date refuses the past: its ask and its refusals show a day ahead (office time)."""
    register_and_activate(chat)
    reply = apply_for(chat, "REKLAME")
    for answer in ("1", "Toko Sinar Jaya", "4", "1", "Jalan Merdeka 12, Bagan Kota, Bangko"):
        reply = chat.send(answer)
    today = datetime.now(ZoneInfo(OFFICE_TZ)).date()
    asked = _dates_in(reply)
    refused = _dates_in(chat.send("besok lusa"))
    past = _dates_in(chat.send((today - timedelta(days=3)).strftime("%d-%m-%Y")))
    assert asked and refused and past, (reply, refused, past)
    assert all(d >= today for d in asked + refused + past)
