"""DATA SAYA: what the office holds about the applicant (UU 27/2022 Pasal 7 and 32: access and a
copy), in the chat with NIK, address and number masked (a screenshot exposes nothing), and on
request a PDF of everything unmasked with the list of their documents, sent as an outbox message
whose attachment is rendered when Twilio fetches its expiring signed link (jobs/media_links.py).
"""

from __future__ import annotations

from sqlalchemy import func, select

from bot.conversation import IDLE_DIALOG, Dialog, Invalid, Step, Turn, pick
from catalogue import render, text
from catalogue.choices import Choice
from storage import Application, Complaint, InboundMessage, Question
from storage.outbox import queue_message
from storage.privacy import mask_address, mask_phone
from storage.regions import OUTSIDE, kecamatan_name

NAME = "my_data"
EXPORT = "data_export"  # OutboxMessage.attachment
WANTS_PDF = {"pdf", "ya", "y", "yes", "1", "kirim", "kirim pdf", "salinan"}
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


def _applications(turn: Turn) -> list[str]:
    lang = turn.language
    apps = turn.session.scalars(
        select(Application).where(Application.applicant_id == turn.applicant.id).order_by(Application.id))
    lines = []
    for app in apps:
        service = app.service.name_en if lang == "en" and app.service.name_en else app.service.name
        documents = sum(1 for d in app.documents if d.kind == "requirement" and d.status != "superseded")
        lines.append(render("privacy.mydata.application", lang, code=app.tracking_code or text("privacy.mydata.draft", lang),
                            service=service, stage=app.stage, workflow=app.service.workflow,
                            documents=documents))
    return lines


def _district(code: str | None, language: str) -> str:
    if code == OUTSIDE:
        return "Luar Kabupaten Rokan Hilir" if language == "id" else "Outside Rokan Hilir"
    return kecamatan_name(code)


def start(turn: Turn) -> None:
    a, lang = turn.applicant, turn.language
    none = text("privacy.mydata.none", lang)
    consent = (render("privacy.mydata.consent_given", lang, at=a.consent_at.isoformat(),
                      version=a.consent_version or "-")
               if a.consent_at else text("privacy.mydata.consent_none", lang))
    messages = turn.session.scalar(select(func.count()).select_from(InboundMessage)
                                   .where(InboundMessage.sender == a.whatsapp)) or 0
    applications = _applications(turn)
    complaints, questions = (turn.session.scalar(select(func.count()).select_from(model)
                                                 .where(model.applicant_id == a.id)) or 0
                             for model in (Complaint, Question))
    turn.say("privacy.mydata.summary", name=a.name or none, nik=a.masked_nik or none,
             address=mask_address(a.address) or none, kecamatan=_district(a.kecamatan, lang) or none,
             phone=mask_phone(a.whatsapp), language_name=LANGUAGES.get(lang, lang), consent=consent,
             count=len(applications), applications=applications or [none], messages=messages,
             complaints=complaints, questions=questions)
    turn.go("offer")


def _offer_choices(language: str) -> list[Choice]:
    """Two buttons; a tap on the second posts MENU, the keyword that shows the menu."""
    return [Choice("PDF", text("privacy.mydata.offer.pdf", language)), Choice("MENU", text("privacy.mydata.offer.menu", language))]


def _prompt_offer(turn: Turn) -> None:
    turn.say("privacy.mydata.offer", choices=_offer_choices(turn.language))


def _parse_offer(turn: Turn):
    chosen = pick(turn, _offer_choices(turn.language), {"PDF": WANTS_PDF})
    return chosen.id == "PDF" if chosen else Invalid("privacy.mydata.offer.invalid")


def _accept_offer(turn: Turn, wants: bool) -> None:
    if not wants:  # "2" or "kembali ke menu" typed
        turn.begin(IDLE_DIALOG)
        return
    turn.say("privacy.mydata.export_queued")
    queue_message(turn.session, recipient=turn.applicant.whatsapp, key="privacy.mydata.export",
                  language=turn.language, applicant_id=turn.applicant.id, attachment=EXPORT, priority="reply")
    turn.finish()


DIALOG = Dialog(
    name=NAME,
    start=start,
    steps={"offer": Step(_prompt_offer, _parse_offer, _accept_offer)},
    keywords=("data saya", "my data", "datasaya"),
)
