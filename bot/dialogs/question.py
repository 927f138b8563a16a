"""TANYA / "Tanya petugas": a question to the office, open without registering (from the menu,
or from INFO when the list of services does not answer it). One text message of
`MIN_LENGTH`–`MAX_LENGTH` characters; it lands in the back office's inbox (/backoffice/questions)
and the answer comes back on WhatsApp (workflow.questions). The question's text is never logged.
"""

from __future__ import annotations

from bot.conversation import Dialog, Invalid, Step, Turn
from workflow import questions
from workflow.engine import calendar_for


def start(turn: Turn) -> None:
    refused = questions.refusal(turn.session, turn.applicant, turn.now)
    if refused is not None:
        key, variables = refused
        turn.say(key, **variables)
        turn.finish()
        return
    turn.go("write")


def write_prompt(turn: Turn) -> None:
    turn.say("question.ask", min=questions.MIN_LENGTH, max=questions.MAX_LENGTH, days=questions.answer_days())


def write_parse(turn: Turn):
    if turn.media:
        return Invalid("question.text_only")
    body = turn.text.strip()
    if len(body) < questions.MIN_LENGTH:
        return Invalid("question.too_short", min=questions.MIN_LENGTH)
    if len(body) > questions.MAX_LENGTH:
        return Invalid("question.too_long", length=len(body), max=questions.MAX_LENGTH)
    return body


def write_accept(turn: Turn, body: str) -> None:
    refused = questions.refusal(turn.session, turn.applicant, turn.now)  # asked twice at once: still the limit
    if refused is not None:
        key, variables = refused
        turn.say(key, **variables)
        turn.finish()
        return
    question = questions.ask(turn.session, turn.applicant, body, now=turn.now)
    due = questions.answer_due(question, calendar_for(turn.session))
    turn.say("question.received", code=question.code, due=due.isoformat())
    turn.finish()


DIALOG = Dialog(
    name="question",
    start=start,
    steps={"write": Step(write_prompt, write_parse, write_accept)},
    keywords=("tanya", "tanya petugas", "pertanyaan", "ask", "question", "ask the office"),
    menu_label="bot.menu.question",
)
