"""ADUAN/COMPLAINT: a complaint about one of the applicant's files (chosen by number) or a
general one, typed in one message; staff answer it in the back office and the answer comes
back over WhatsApp (workflow.complaints)."""

from __future__ import annotations

from sqlalchemy import select

from bot.conversation import Dialog, Invalid, Step, Turn, pick
from catalogue import text
from catalogue.choices import Choice
from storage import Application
from workflow.complaints import open_complaint

GENERAL = 0
MIN_LENGTH = 10


def _applications(turn: Turn) -> list[Application]:
    return list(turn.session.scalars(
        select(Application)
        .where(Application.applicant_id == turn.applicant.id, Application.tracking_code.is_not(None))
        .order_by(Application.id)
    ))


def start(turn: Turn) -> None:
    if _applications(turn):
        turn.go("choose")
    else:
        turn.data["application_id"] = None
        turn.go("write")


LIST_ROWS = 10


def _choices(turn: Turn) -> list[Choice]:
    """The newest files (a list picker holds ten rows), then "general"; a tap posts the file's id."""
    apps = _applications(turn)[-(LIST_ROWS - 1):]
    return [*(Choice(f"APP{a.id}", a.tracking_code, _service_name(a, turn.language)) for a in apps),
            Choice("UMUM", text("complaint.general", turn.language))]


def _service_name(app: Application, language: str) -> str:
    name = app.service.name_en if language == "en" and app.service.name_en else app.service.name
    return name[:72]


def choose_prompt(turn: Turn) -> None:
    turn.say("complaint.choose", choices=_choices(turn))


def choose_parse(turn: Turn):
    if turn.word == "0":  # the general complaint's old number
        return GENERAL
    chosen = pick(turn, _choices(turn), {"UMUM": {"umum", "general", "pengaduan umum", "lainnya"}})
    if chosen is None:
        return Invalid("complaint.invalid_choice")
    return GENERAL if chosen.id == "UMUM" else int(chosen.id.removeprefix("APP"))


def choose_accept(turn: Turn, application_id: int) -> None:
    turn.data["application_id"] = application_id or None
    turn.go("write")


def write_prompt(turn: Turn) -> None:
    turn.say("complaint.ask")


def write_parse(turn: Turn):
    body = turn.text
    return body if len(body) >= MIN_LENGTH and not turn.media else Invalid("complaint.too_short")


def write_accept(turn: Turn, body: str) -> None:
    application_id = turn.data.get("application_id")
    application = turn.session.get(Application, application_id) if application_id else None
    if application is not None and application.applicant_id != turn.applicant.id:
        application = None
    complaint = open_complaint(turn.session, turn.applicant, body, application, now=turn.now)
    turn.say("complaint.received", code=complaint.code)
    turn.finish()


DIALOG = Dialog(
    name="complaint",
    start=start,
    steps={
        "choose": Step(choose_prompt, choose_parse, choose_accept),
        "write": Step(write_prompt, write_parse, write_accept),
    },
    keywords=("aduan", "pengaduan", "complaint", "komplain"),
    menu_label="complaint.menu",
)
