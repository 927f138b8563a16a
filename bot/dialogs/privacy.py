"""PRIVASI: the privacy notice at any time; and, when the notice has a new version, the question
asked again at the applicant's next message (UU 27/2022 Pasal 21 ayat 2, Pasal 24).

The re-consent is this dialog's `gate`: it takes the turn over before anything else runs, keeps
where the applicant was, and puts them back there once they have answered. Exercising a right
(PRIVASI, DATA SAYA, HAPUS DATA), STATUS of a file already submitted, BAHASA and BATAL never wait
for it.
"""

from __future__ import annotations

from bot.conversation import IDLE_DIALOG, IDLE_LIMIT, IDLE_STEP, Dialog, Invalid, Step, Turn, pick
from catalogue import text
from catalogue.choices import Choice
from storage.privacy import notice_variables, notice_version

NAME = "privacy"
YES = {"ya", "y", "yes", "setuju", "iya"}
NO = {"tidak", "no", "tdk", "gak", "nggak", "enggak"}
# Dialogs a person may use without agreeing to the current notice first.
WITHOUT_CONSENT = {NAME, "my_data", "erasure", "status", "language", "cancel", "registration", "activation"}


def say_notice(turn: Turn) -> None:
    retention = turn.session.info.get("settings", {}).get("retention", {})
    turn.say("privacy.notice", **notice_variables(turn.language, retention))


def record_consent(turn: Turn) -> None:
    """Proof of consent (Pasal 24): when, to which notice version, in which message."""
    turn.applicant.consent_at = turn.now
    turn.applicant.consent_version = notice_version()
    turn.applicant.consent_message_sid = turn.inbound.message_sid


def start(turn: Turn) -> None:
    say_notice(turn)
    turn.finish()


# ---- a new version: ask again -------------------------------------------------------------------
def needs_consent_again(turn: Turn) -> bool:
    applicant = turn.applicant
    return applicant.consent_at is not None and applicant.consent_version != notice_version()


def gate(turn: Turn, target: str | None) -> bool:
    conv = turn.conversation
    if not needs_consent_again(turn) or target in WITHOUT_CONSENT:
        return False
    idle = (conv.dialog, conv.step) == (IDLE_DIALOG, IDLE_STEP)
    if target is None and not idle and conv.dialog in WITHOUT_CONSENT:
        return False  # answering this dialog's own question (or a right's confirmation)
    fresh = conv.updated_at is not None and turn.now - conv.updated_at <= IDLE_LIMIT
    resume = {"dialog": conv.dialog, "step": conv.step, "data": dict(turn.data)} if not idle and fresh else None
    turn.enter(NAME, "reconsent")
    if resume:
        turn.data["resume"] = resume
    return True


def _prompt_reconsent(turn: Turn) -> None:
    turn.say("privacy.reconsent.intro")
    say_notice(turn)
    turn.say("privacy.reconsent.ask", version=notice_version(), choices=_reconsent_choices(turn.language))


def _reconsent_choices(language: str) -> list[Choice]:
    return [Choice("YA", text("privacy.reconsent.yes", language)), Choice("TIDAK", text("privacy.reconsent.no", language))]


def _parse_reconsent(turn: Turn):
    """A tap on a button, its number or words, or the usual yes and no."""
    chosen = pick(turn, _reconsent_choices(turn.language), {"YA": YES, "TIDAK": NO})
    return chosen.id == "YA" if chosen else Invalid("privacy.reconsent.invalid")


def _accept_reconsent(turn: Turn, agreed: bool) -> None:
    resume = turn.data.get("resume")
    if not agreed:
        turn.say("privacy.reconsent.declined")
        turn.finish()
        return
    record_consent(turn)
    turn.say("privacy.reconsent.thanks")
    turn.finish()
    if resume and resume.get("dialog") in turn.dialogs:
        turn.resume(resume["dialog"], resume["step"], resume.get("data") or {})


DIALOG = Dialog(
    name=NAME,
    start=start,
    steps={"reconsent": Step(_prompt_reconsent, _parse_reconsent, _accept_reconsent)},
    keywords=("privasi", "privacy", "kebijakan privasi", "privacy policy"),
    menu_label="privacy.menu",
    gate=gate,
)
