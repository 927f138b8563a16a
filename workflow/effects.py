"""Named side effects of actions, run by the engine inside the caller's transaction.

An effect takes an `EffectContext` and returns extra variables for the applicant's notice
(e.g. the receipt's document id). It may raise `BadFields`. Implementations that need more
than storage (PDFs, signatures) register themselves here with `@effect("name")`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from catalogue import Phrase
from storage import Application
from storage.digits import ascii_digits
from storage.sequences import next_value
from workflow.actors import Actor
from workflow.clock import WorkingCalendar
from workflow.definition import Action
from workflow.errors import BadFields


@dataclass
class EffectContext:
    session: Session
    application: Application
    action: Action
    actor: Actor
    fields: dict
    note: str
    now: datetime
    calendar: WorkingCalendar
    settings: dict = field(default_factory=dict)


Effect = Callable[[EffectContext], dict]
_EFFECTS: dict[str, Effect] = {}


def effect(name: str) -> Callable[[Effect], Effect]:
    def register(fn: Effect) -> Effect:
        _EFFECTS[name] = fn
        return fn

    return register


def get(name: str) -> Effect:
    return _EFFECTS[name]


def registered() -> frozenset[str]:
    return frozenset(_EFFECTS)


# Pickup codes are read aloud at the counter: capitals and digits without look-alikes.
PICKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_pickup_code() -> str:
    return "".join(secrets.choice(PICKUP_ALPHABET) for _ in range(6))


def tracking_code(session: Session, service_code: str, year: int) -> str:
    seq = next_value(session, f"tracking:{service_code}:{year}")
    return f"{service_code}-{year}-{seq:06d}"


@effect("submit")
def _submit(ctx: EffectContext) -> dict:
    app = ctx.application
    required = {r.id for r in app.service.requirements if r.required and r.active}
    accepted = {d.requirement_id for d in app.current_documents() if d.status == "accepted"}
    missing = required - accepted
    if missing:
        raise BadFields({"documents": Phrase("field_error.documents_missing", count=len(missing))})
    if app.tracking_code is None:
        year = ctx.calendar.local(ctx.now).year
        app.tracking_code = tracking_code(ctx.session, app.service.code, year)
    app.submitted_at = ctx.now
    return {}


@effect("assign_number")
def _assign_number(ctx: EffectContext) -> dict:
    app = ctx.application
    if app.issued_number:  # sent back after numbering: keep the number it already has
        return {"number": app.issued_number}
    year = ctx.calendar.local(ctx.now).year
    seq = next_value(ctx.session, f"number:{app.service.code}:{year}")
    app.issued_number = app.service.number_format.format(seq=seq, year=year)
    return {"number": app.issued_number}


@effect("pickup_code")
def _pickup_code(ctx: EffectContext) -> dict:
    ctx.application.pickup_code = new_pickup_code()
    return {"pickup_code": ctx.application.pickup_code}


@effect("check_pickup_code")
def _check_pickup_code(ctx: EffectContext) -> dict:
    given = ascii_digits(str(ctx.fields.get("pickup_code", ""))).strip().replace(" ", "")
    # compare_digest takes ASCII only; no code holds anything else (a non-ASCII code was a 500)
    if not given.isascii() or not ctx.application.pickup_code \
            or not secrets.compare_digest(given.upper(), ctx.application.pickup_code):
        raise BadFields({"pickup_code": Phrase("field_error.wrong_pickup_code")})
    return {}


@effect("return_reasons")
def _return_reasons(ctx: EffectContext) -> dict:
    """A return says what is wrong: ticked reasons (`reason_codes`, checked against the service's
    list) and/or free lines (`reasons`). The applicant's notice gets both in their language."""
    from workflow import return_reasons

    codes, free = ctx.fields.get("reason_codes") or [], ctx.fields.get("reasons") or []
    if not codes and not free:
        raise BadFields({"reasons": Phrase("field_error.return_reason_required")})
    app = ctx.application
    return {"reasons": return_reasons.lines(app.service, codes, free, app.applicant.language)}


# The document-making effects live in workflow/paperwork (PDFs, TTE); imported when first
# used so that loading the engine does not load reportlab and pyHanko.
@effect("issue_receipt")
def _issue_receipt(ctx: EffectContext) -> dict:
    from workflow.paperwork.actions import issue_receipt

    return issue_receipt(ctx)


@effect("attach_recommendation")
def _attach_recommendation(ctx: EffectContext) -> dict:
    from workflow.paperwork.actions import attach_recommendation

    return attach_recommendation(ctx)


@effect("sign")
def _sign(ctx: EffectContext) -> dict:
    from workflow.paperwork.actions import sign

    return sign(ctx)
