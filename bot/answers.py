"""An answer to one of a service's questions (workflow/service_spec.py), read and checked as
its type says: text (printable on the letter; a person's name when the question says so), a
date (as people type them, bot/birth_date.py), a number (a decimal comma too: "3,5"), a choice
(tapped, its number, or its words). The value kept is JSON: text, ISO date, number, choice code.

A refused answer says why in the question's own wording when the data gives one (its
`refusals`), else in the catalogue's general wording for the type (`bot.apply.answer.*`).
"""

from __future__ import annotations

import re
import string
from datetime import date, timedelta

from bot.birth_date import age_on, read_date
from bot.conversation import Invalid, Turn, office_today, pick
from bot.names import parse_person_name
from bot.printable import printable
from catalogue import format_day
from catalogue.choices import Choice
from storage.digits import ascii_digits
from workflow.service_spec import Question, number_text

NUMBER = re.compile(r"^-?\d{1,9}(?:[.,]\d{1,3})?$")
ASKED = "bot.apply.question"  # "{question}": the data's wording, in the applicant's language
REFUSED = "bot.apply.answer.refused"  # "{refusal}": the data's own refusal


def in_language(words: dict[str, str], language: str) -> str:
    return words.get(language) or words.get("id", "")


def fill(template: str, **values) -> str:
    """The data's wording with {min}/{max} (and a date's {example}) filled in (anything else stays as written)."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**{n: values.get(n, "{" + n + "}") for n in names}) if names else template


def choices(question: Question, language: str) -> list[Choice]:
    return [Choice.row(c.code, in_language(c.label, language)) for c in question.choices]


def ask(turn: Turn, question: Question) -> None:
    asked = in_language(question.ask, turn.language)
    if question.type == "date":  # "Tulis seperti *{example}*": a date this question accepts
        asked = fill(asked, **examples(question, office_today(turn), turn.language))
    if question.type == "choice":
        turn.say(ASKED, question=asked, choices=choices(question, turn.language))
    else:
        turn.say(ASKED, question=asked)


def example_date(question: Question, today: date) -> date:
    """A date `question` accepts today, for its examples: an age in the middle of its range, a day
    a month ahead where the past is refused, a month back where the future is, else today."""
    if question.min_years is not None or question.max_years is not None:
        low = question.min_years or 0
        high = question.max_years if question.max_years is not None else low + 10
        return date(today.year - (low + high) // 2, today.month, min(today.day, 28))
    if question.no_past:
        return today + timedelta(days=30)
    if question.no_future:
        return today - timedelta(days=30)
    return today


def examples(question: Question, today: date, language: str) -> dict[str, str]:
    """{example} (14-02-2027) and {example_words} (14 Februari 2027) for a date question's texts."""
    chosen = example_date(question, today)
    return {"example": f"{chosen:%d-%m-%Y}", "example_words": format_day(chosen, language)}


def _refuse(question: Question, problem: str, language: str, wording: str = "", **limits) -> Invalid:
    """The question's own refusal for `problem`, else the catalogue's (`wording` picks a variant of it)."""
    own = question.refusals.get(problem)
    if own and own.get("id"):
        return Invalid(REFUSED, refusal=fill(in_language(own, language), **limits))
    label = in_language(question.label, language)
    return Invalid(f"bot.apply.answer.{question.type}.{wording or problem}", label=label, **limits)


def read(turn: Turn, question: Question):
    """The value to keep, or Invalid with the reason."""
    reader = {"text": _text, "date": _date, "number": _number, "choice": _choice}[question.type]
    return reader(turn, question)


def _text(turn: Turn, question: Question):
    if question.format == "person_name":
        return parse_person_name(turn.text)
    value = printable(turn.text)  # printed on the letter: nothing its font would draw as boxes
    if value is None or not question.min_length <= len(value) <= question.max_length:
        return _refuse(question, "invalid", turn.language, min=question.min_length, max=question.max_length)
    return value


def _date(turn: Turn, question: Question):
    value = read_date(turn.text)
    problem = date_problem(question, value, office_today(turn))
    if problem:
        return _refuse(question, problem, turn.language, min="" if question.min_years is None else question.min_years,
                       max="" if question.max_years is None else question.max_years,
                       **examples(question, office_today(turn), turn.language))
    return value.isoformat()


def date_problem(question: Question, value: date | None, today: date) -> str | None:
    """Why `value` is not an answer to the date `question` (invalid, future, past, range), or None."""
    if value is None:
        return "invalid"
    if question.no_future and value > today:
        return "future"
    if question.no_past and value < today:
        return "past"
    years = age_on(value, today)
    if question.min_years is not None and years < question.min_years:
        return "range"
    if question.max_years is not None and years > question.max_years:
        return "range"
    return None


def _number(turn: Turn, question: Question):
    typed = ascii_digits(turn.text or "").strip()
    for unit in (question.unit_en, question.unit):  # "30 hari", "30 days": the unit may be typed
        typed = typed.removesuffix(unit).strip() if unit else typed
    typed = typed.replace(" ", "")
    whole = "" if question.decimals else "whole"  # a count is not asked with a decimal example
    if not NUMBER.match(typed):
        return _refuse(question, "invalid", turn.language, whole)
    value = float(typed.replace(",", "."))
    if not question.decimals and value != int(value):
        return _refuse(question, "invalid", turn.language, whole)
    low, high = question.min, question.max
    if (low is not None and value < low) or (high is not None and value > high):
        return _refuse(question, "range", turn.language, min=number_text(low or 0, question.decimals, turn.language),
                       max=number_text(high or 0, question.decimals, turn.language) if high is not None else "")
    return round(value, question.decimals) if question.decimals else int(value)


def _choice(turn: Turn, question: Question):
    options = choices(question, turn.language)
    synonyms = {c.code: {in_language(c.label, lang).lower() for lang in ("id", "en")} for c in question.choices}
    from bot.conversation import normalise

    chosen = pick(turn, options, {k: {normalise(w) for w in v} for k, v in synonyms.items()})
    if chosen is None:
        return _refuse(question, "invalid", turn.language, count=len(options))
    return chosen.id
