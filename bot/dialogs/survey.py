"""SURVEI/SURVEY: the SKM (PermenPANRB 14/2017) after a document is collected.

The invitation is queued by `jobs.survey_invitations` once the application is `completed`; it puts an
idle conversation at step `invite`, where YA/1 starts. The nine elements come one at a time
with the element's own labels 1–4, then the optional profile (0 skips a question), then an
optional suggestion. Progress lives in the SurveyResponse row itself (answers by element code),
so a restart — SURVEI again, or YA after the reminder — continues where it stopped. BATAL skips.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.conversation import Dialog, Invalid, Step, Turn, yes_no
from catalogue import text
from storage import Application, SurveyResponse, utcnow
from storage.digits import is_number
from workflow.skm import BY_CODE, CODES

# Respondent profile: field → option codes (labels in catalogue/survey.py).
PROFILE: dict[str, tuple[str, ...]] = {
    "gender": ("l", "p"),
    "age": ("lt25", "25_34", "35_44", "45_54", "55plus"),
    "education": ("sd", "smp", "sma", "d", "s1", "s2"),
    "occupation": ("pns", "swasta", "wirausaha", "pelajar", "lainnya"),
}
YES = {"ya", "y", "yes", "1", "mulai", "lanjut", "survei", "survey"}
NO = {"tidak", "no", "nanti"}  # not "2": after a reminder it could be meant as an answer
SKIP = {"0", "lewati", "skip", "tidak ada", "tidak", "no", "none", "-"}


# ---- the response this conversation is about ----------------------------------------------------
def pending_response(session, applicant_id: int) -> SurveyResponse | None:
    """The applicant's open response (newest first)."""
    return session.scalar(
        select(SurveyResponse)
        .join(Application, Application.id == SurveyResponse.application_id)
        .where(Application.applicant_id == applicant_id, SurveyResponse.status == "open")
        .order_by(SurveyResponse.id.desc())
    )


def _response(turn: Turn) -> SurveyResponse | None:
    response = turn.session.get(SurveyResponse, turn.data.get("response_id") or 0)
    return response if response is not None and response.status == "open" else None


def _tracking_code(turn: Turn, response: SurveyResponse) -> str:
    return turn.session.get(Application, response.application_id).tracking_code or ""


def _next(turn: Turn, response: SurveyResponse) -> None:
    """Ask whatever is still unanswered: an element, a profile question, the suggestion."""
    missing = [code for code in CODES if code not in (response.answers or {})]
    if missing:
        turn.data["code"] = missing[0]
        turn.go("element")
        return
    unanswered = [name for name in PROFILE if name not in (response.profile or {})]
    if unanswered:
        if len(unanswered) == len(PROFILE) and turn.conversation.step != "profile":
            turn.say("survey.profile.intro")
        turn.data["field"] = unanswered[0]
        turn.go("profile")
        return
    turn.go("suggestion")


def start(turn: Turn) -> None:
    response = pending_response(turn.session, turn.applicant.id)
    if response is None:
        turn.say("survey.none")
        turn.finish()
        return
    turn.data["response_id"] = response.id
    if response.answers:
        turn.say("survey.resumed", tracking_code=_tracking_code(turn, response))
    _next(turn, response)


def _gone(turn: Turn) -> None:
    turn.say("survey.none")
    turn.finish()


# ---- invite: YA starts (or continues), TIDAK/2 skips -----------------------------------------------
def invite_prompt(turn: Turn) -> None:
    turn.say("survey.invite.prompt")


def invite_accept(turn: Turn, yes: bool) -> None:
    response = _response(turn)
    if response is None:
        return _gone(turn)
    if not yes:
        return skip(turn, response)
    if response.answers:
        turn.say("survey.resumed", tracking_code=_tracking_code(turn, response))
    _next(turn, response)


# ---- the nine elements -------------------------------------------------------------------------
def element_prompt(turn: Turn) -> None:
    element = BY_CODE[turn.data["code"]]
    en = turn.language == "en"
    labels = element.labels_en if en else element.labels
    turn.say(
        "survey.question",
        n=CODES.index(element.code) + 1,
        element=element.name_en if en else element.name,
        question=element.question_en if en else element.question,
        choices="\n".join(f"{i}. {label}" for i, label in enumerate(labels, 1)),
    )


def element_parse(turn: Turn):
    return int(turn.word) if turn.word in ("1", "2", "3", "4") else Invalid("survey.invalid_choice")


def element_accept(turn: Turn, value: int) -> None:
    response = _response(turn)
    if response is None:
        return _gone(turn)
    response.answers = {**(response.answers or {}), turn.data["code"]: value}
    _next(turn, response)


# ---- the optional profile -----------------------------------------------------------------------
def profile_prompt(turn: Turn) -> None:
    name = turn.data["field"]
    lang = turn.language
    choices = "\n".join(f"{i}. {text(f'survey.profile.{name}.{code}', lang)}" for i, code in enumerate(PROFILE[name], 1))
    turn.say("survey.profile.question", question=text(f"survey.profile.{name}", lang), choices=choices)


def profile_parse(turn: Turn):
    options = PROFILE[turn.data["field"]]
    if turn.word in SKIP:
        return ""
    if is_number(turn.word) and 1 <= int(turn.word) <= len(options):
        return options[int(turn.word) - 1]
    return Invalid("survey.profile.invalid")


def profile_accept(turn: Turn, value: str) -> None:
    response = _response(turn)
    if response is None:
        return _gone(turn)
    response.profile = {**(response.profile or {}), turn.data["field"]: value}  # "" = skipped
    _next(turn, response)


# ---- the optional suggestion, then thanks ------------------------------------------------------
def suggestion_prompt(turn: Turn) -> None:
    turn.say("survey.suggestion")


def suggestion_parse(turn: Turn):
    return "" if turn.word in SKIP else turn.text[:2000]


def suggestion_accept(turn: Turn, value: str) -> None:
    response = _response(turn)
    if response is None:
        return _gone(turn)
    response.suggestion = value
    response.status = "completed"
    response.completed_at = turn.now or utcnow()
    turn.say("survey.thanks")
    turn.finish()


# ---- BATAL -------------------------------------------------------------------------------------
def skip(turn: Turn, response: SurveyResponse) -> None:
    response.status = "skipped"
    turn.say("survey.skipped")
    turn.finish()


def on_leave(turn: Turn, target: str) -> None:
    """BATAL/CANCEL inside the survey skips it; any other keyword leaves it resumable."""
    response = _response(turn)
    if target == "cancel" and response is not None:
        response.status = "skipped"
        turn.say("survey.skipped")


DIALOG = Dialog(
    name="survey",
    start=start,
    steps={
        "invite": Step(invite_prompt, yes_no(YES, NO, "survey.invite.prompt"), invite_accept),
        "element": Step(element_prompt, element_parse, element_accept),
        "profile": Step(profile_prompt, profile_parse, profile_accept),
        "suggestion": Step(suggestion_prompt, suggestion_parse, suggestion_accept),
    },
    keywords=("survei", "survey", "skm"),
    on_leave=on_leave,
)
