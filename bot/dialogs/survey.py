"""SURVEI/SURVEY: the SKM (PermenPANRB 14/2017) after a document is collected.

The invitation is queued by `jobs.survey_invitations` once the application is `completed`; it puts an
idle conversation at step `invite`, where YA/1 starts. The nine elements come one at a time
with the element's own labels as choices (a tap, 1–4, the label's words in either language, or
the scale in everyday words: "sangat baik"), then the optional profile (Lewati/0 skips a
question), then an optional suggestion. Progress lives in the SurveyResponse row itself (answers by element code),
so a restart — SURVEI again, or YA after the reminder — continues where it stopped. BATAL skips.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.conversation import Dialog, Invalid, Step, Turn, normalise, pick
from catalogue import text
from catalogue.choices import Choice
from storage import Application, SurveyResponse, utcnow
from workflow.skm import BY_CODE, CODES

# Respondent profile: field → option codes (labels in catalogue/survey.py).
PROFILE: dict[str, tuple[str, ...]] = {
    "gender": ("l", "p"),
    "age": ("lt25", "25_34", "35_44", "45_54", "55plus"),
    "education": ("sd", "smp", "sma", "d", "s1", "s2"),
    "occupation": ("pns", "swasta", "wirausaha", "pelajar", "lainnya"),
}
YES = {"ya", "y", "yes", "1", "mulai", "lanjut", "survei", "survey"}
NO = {"tidak", "no", "nanti", "tidak sekarang", "lain kali"}
SKIP = {"0", "lewati", "skip", "tidak ada", "tidak", "no", "none", "-"}
# The scale in everyday words, for every element (1 = worst … 4 = best), besides each element's labels.
SCALE_WORDS = {
    1: {"buruk", "sangat buruk", "tidak baik", "jelek", "tidak puas", "sangat kurang", "bad", "very bad", "poor"},
    2: {"kurang", "kurang baik", "cukup", "kurang puas", "fair", "not good"},
    3: {"baik", "bagus", "puas", "good", "ok", "oke"},
    4: {"sangat baik", "sangat bagus", "sangat puas", "mantap", "excellent", "very good", "great"},
}


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
def _invite_choices(language: str) -> list[Choice]:
    return [Choice("YA", text("survey.invite.yes", language)), Choice("BATAL", text("survey.invite.no", language))]


def invite_prompt(turn: Turn) -> None:
    turn.say("survey.invite.prompt", choices=_invite_choices(turn.language))


def invite_parse(turn: Turn):
    chosen = pick(turn, _invite_choices(turn.language), {"YA": YES, "BATAL": NO})
    if chosen is None:
        return Invalid("survey.invite.invalid")
    return chosen.id == "YA"


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
def _element_choices(code: str, language: str) -> list[Choice]:
    return [Choice.row(f"{code}_{i}", label) for i, label in enumerate(BY_CODE[code].labels_in(language), 1)]


def element_prompt(turn: Turn) -> None:
    element = BY_CODE[turn.data["code"]]
    en = turn.language == "en"
    turn.say(
        "survey.question",
        n=CODES.index(element.code) + 1,
        element=element.name_en if en else element.name,
        question=element.question_en if en else element.question,
        choices=_element_choices(element.code, turn.language),
    )


def element_parse(turn: Turn):
    """A tap, 1–4, the option's words in either language ("Gratis", "sangat mudah"), or the scale in
    everyday words ("sangat baik")."""
    code = turn.data["code"]
    choices = _element_choices(code, turn.language)
    other = _element_choices(code, "id" if turn.language == "en" else "en")
    synonyms = {c.id: {normalise(o.title)} | SCALE_WORDS[i] for i, (c, o) in enumerate(zip(choices, other, strict=True), 1)}
    chosen = pick(turn, choices, synonyms)
    return int(chosen.id.rsplit("_", 1)[1]) if chosen else Invalid("survey.invalid_choice")


def element_accept(turn: Turn, value: int) -> None:
    response = _response(turn)
    if response is None:
        return _gone(turn)
    response.answers = {**(response.answers or {}), turn.data["code"]: value}
    _next(turn, response)


# ---- the optional profile -----------------------------------------------------------------------
def _profile_choices(name: str, language: str) -> list[Choice]:
    options = [Choice.row(code, text(f"survey.profile.{name}.{code}", language)) for code in PROFILE[name]]
    return [*options, Choice("SKIP", text("survey.profile.skip", language))]


def profile_prompt(turn: Turn) -> None:
    name = turn.data["field"]
    lang = turn.language
    turn.say("survey.profile.question", question=text(f"survey.profile.{name}", lang), choices=_profile_choices(name, lang))


def profile_parse(turn: Turn):
    if turn.word in SKIP:
        return ""
    chosen = pick(turn, _profile_choices(turn.data["field"], turn.language), {"SKIP": SKIP})
    if chosen is None:
        return Invalid("survey.profile.invalid")
    return "" if chosen.id == "SKIP" else chosen.id


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
        "invite": Step(invite_prompt, invite_parse, invite_accept),
        "element": Step(element_prompt, element_parse, element_accept),
        "profile": Step(profile_prompt, profile_parse, profile_accept),
        "suggestion": Step(suggestion_prompt, suggestion_parse, suggestion_accept),
    },
    keywords=("survei", "survey", "skm"),
    on_leave=on_leave,
)
