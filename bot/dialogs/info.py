"""INFO / SYARAT: the front desk in the chat, open without registering.

The services offered (from the database, as `flask services sync` loaded them), each with its
requirements, the blank forms the applicant fills in (`definitions/services/<code>.forms.toml`, listed and
then sent as PDF documents through the outbox), the standard time (the workflow's `legal_days`), its cost (the service's `cost`
in services.toml; free when unset) and how to apply, followed by the office's address, hours,
phone and map link. With one service its details come at once; with several, a numbered list
to choose from (a tap, a number, the service's code or words of its name).
"""

from __future__ import annotations

from sqlalchemy import select

import catalogue
from bot.conversation import Dialog, Invalid, Step, Turn, normalise, pick
from catalogue import text
from catalogue.choices import ROW_DESCRIPTION, ROW_TITLE, Choice, shortened
from storage import Service
from storage.messaging import FORM_ATTACHMENT
from storage.outbox import queue_message
from workflow.definition import service_definitions, workflow_for
from workflow.paperwork import forms


def _services(turn: Turn) -> list[Service]:
    return list(turn.session.scalars(select(Service).where(Service.active.is_(True)).order_by(Service.id)))


def _name(service: Service, language: str) -> str:
    return service.name_en if language == "en" and service.name_en else service.name


def _cost(service: Service, language: str) -> str:
    spec = next((s for s in service_definitions() if s.get("code") == service.code), {})
    cost = spec.get("cost_en" if language == "en" else "cost") or spec.get("cost")
    return cost or text("bot.info.cost.free", language)


def _label(requirement, language: str) -> str:
    return requirement.label_en if language == "en" and requirement.label_en else requirement.label


def _describe(turn: Turn, service: Service) -> None:
    lang = turn.language
    labels = [_label(r, lang) for r in service.requirements if r.active]
    requirements = "\n".join(f"{n}. {label}" for n, label in enumerate(labels, 1))
    how = "bot.info.how.registered" if turn.applicant.is_active else "bot.info.how.new"
    blanks = forms.forms_for(service.code)
    listed = "\n".join(f"• {f.title_in(lang)}" for f in blanks)
    turn.say("bot.info.service", name=_name(service, lang), requirements=requirements,
             days=workflow_for(service).legal_days, cost=_cost(service, lang), how=text(how, lang),
             ask=text("bot.info.ask", lang),
             forms=catalogue.render("bot.info.forms", lang, forms=listed) if blanks else "")
    _send_forms(turn, service, blanks)


def _send_forms(turn: Turn, service: Service, blanks: list[forms.Form]) -> None:
    """Each blank form as a PDF document, after the text (the outbox; rendered when fetched)."""
    requirements = {r.code: r for r in service.requirements}
    for form in blanks:
        needed = requirements.get(form.requirement)
        queue_message(turn.session, recipient=turn.applicant.whatsapp, key="bot.info.form_document",
                      language=turn.language, applicant_id=turn.applicant.id, attachment=FORM_ATTACHMENT,
                      priority="reply",
                      variables={"service": service.code, "form": form.code, "filename": form.filename,
                                 "title": form.title_in(turn.language),
                                 "requirement": _label(needed, turn.language) if needed else form.title_in(turn.language)})


def start(turn: Turn) -> None:
    services = _services(turn)
    if not services:
        turn.say("bot.info.none")
        turn.finish()
    elif len(services) == 1:
        _describe(turn, services[0])
        turn.finish()
    else:
        turn.go("pick")


def _choices(turn: Turn, services: list[Service]) -> list[Choice]:
    """A list row per service (a tap posts the service's code); the full name is the row's description."""
    return [Choice(s.code, shortened(_name(s, turn.language), ROW_TITLE), shortened(_name(s, turn.language), ROW_DESCRIPTION))
            for s in services]


def _ask(turn: Turn) -> None:
    turn.say("bot.info.pick", choices=_choices(turn, _services(turn)))


def _parse(turn: Turn):
    services = _services(turn)
    chosen = pick(turn, _choices(turn, services))
    if chosen is not None:
        return next(s for s in services if s.code == chosen.id)
    word = turn.word
    for service in services:
        names = {normalise(service.code), normalise(service.name), normalise(service.name_en or "")}
        if word and (word in names or any(word in n.split() or (len(word) > 4 and word in n) for n in names if n)):
            return service
    return Invalid("bot.info.pick.invalid", count=len(services))


def _accept(turn: Turn, service: Service) -> None:
    _describe(turn, service)
    turn.finish()


DIALOG = Dialog(
    name="info",
    start=start,
    steps={"pick": Step(_ask, _parse, _accept)},
    keywords=("info", "syarat", "informasi", "persyaratan", "requirements"),
    menu_label="bot.menu.info",
)
