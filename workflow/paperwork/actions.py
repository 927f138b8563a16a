"""What the document-making actions do (the engine runs them as the effects "issue_receipt",
"attach_recommendation" and "sign"; see workflow/effects.py). Each runs inside the caller's
transaction, flushes, and returns the notice variables — `document_id` makes the applicant's
WhatsApp notice carry that PDF."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from catalogue import Phrase
from storage import Application, StaffUser
from workflow.errors import BadFields
from workflow.paperwork import tte
from workflow.paperwork.layout import SEAT
from workflow.paperwork.letter import letter_data, render_letter
from workflow.paperwork.receipt import receipt_data, render_receipt
from workflow.paperwork.store import add_document, supersede
from workflow.paperwork.upload import checked_pdf, read_upload


def _staff(ctx) -> StaffUser | None:
    return ctx.session.get(StaffUser, ctx.actor.staff_id) if ctx.actor.staff_id else None


def _slug(app: Application) -> str:
    return (app.tracking_code or f"berkas-{app.id}").lower()


def issue_receipt(ctx) -> dict:
    app = ctx.application
    data = receipt_data(app, _staff(ctx), ctx.actor.name, ctx.now, ctx.calendar)
    supersede(app, "receipt")
    doc = add_document(ctx.session, app, kind="receipt", data=render_receipt(data),
                       filename=f"tanda-terima-{_slug(app)}.pdf", now=ctx.now)
    return {"document_id": doc.id}


def attach_recommendation(ctx) -> dict:
    data, filename = read_upload(ctx.fields.get("recommendation"), "recommendation")
    pages, warnings = checked_pdf(data, "recommendation")
    app = ctx.application
    supersede(app, "recommendation")  # sent back and recommended again: the new one counts
    doc = add_document(ctx.session, app, kind="recommendation", data=data, pages=pages, now=ctx.now,
                       filename=filename or f"rekomendasi-teknis-{_slug(app)}.pdf")
    doc.warnings = list(warnings)  # e.g. "javascript": shown to staff beside the document
    return {}


def new_verification_code(session) -> str:
    """Unguessable (128 bits), URL-safe, unique."""
    while True:
        code = secrets.token_urlsafe(16)
        if session.scalar(select(Application.id).where(Application.verification_code == code)) is None:
            return code


def sign(ctx) -> dict:
    app = ctx.application
    if not app.issued_number:
        raise BadFields({"number": Phrase("field_error.no_number")})
    # Open the key first: a wrong passphrase must leave nothing generated, stored or changed.
    signer = tte.load_signer(ctx.settings, ctx.fields.get("passphrase", ""))
    code = new_verification_code(ctx.session)
    letter = render_letter(letter_data(
        app, _staff(ctx), ctx.actor.name, code=code, now=ctx.now,
        base_url=ctx.settings.get("base_url", ""), tz_name=ctx.calendar.tz_name,
    ))
    # With TTE_TSA_URL the TSA stamps it; no usable timestamp → TimestampUnavailable, nothing changes.
    signed = tte.sign_pdf(letter, signer, reason=f"Rekomendasi {app.issued_number}", location=SEAT,
                          settings=ctx.settings)
    supersede(app, "issued")
    doc = add_document(ctx.session, app, kind="issued", data=signed, now=ctx.now,
                       filename=f"rekomendasi-{_slug(app)}.pdf")
    app.verification_code = code
    app.issued_at = ctx.now
    return {"document_id": doc.id}
