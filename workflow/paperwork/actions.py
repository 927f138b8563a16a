"""What the document-making actions do (the engine runs them as the effects "issue_receipt",
"attach_recommendation" and "sign"; see workflow/effects.py). Each runs inside the caller's
transaction, flushes, and returns the notice variables — `document_id` makes the applicant's
WhatsApp notice carry that PDF."""

from __future__ import annotations

import secrets

from catalogue import Phrase
from config import Config
from storage import Application, StaffUser
from workflow.errors import BadFields, PreviewChanged
from workflow.paperwork import draft, tte
from workflow.paperwork.layout import SEAT
from workflow.paperwork.receipt import receipt_data, render_receipt
from workflow.paperwork.store import add_document, supersede
from workflow.paperwork.upload import checked_pdf, read_upload
from workflow.service_spec import spec_for


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
    settings = ctx.session.info.get("settings", {})
    data, filename = read_upload(ctx.fields.get("recommendation"), "recommendation", settings.get("max_media_bytes"))
    pages, warnings = checked_pdf(data, "recommendation", settings.get("max_pdf_pages") or Config.max_pdf_pages)
    app = ctx.application
    supersede(app, "recommendation")  # sent back and recommended again: the new one counts
    doc = add_document(ctx.session, app, kind="recommendation", data=data, pages=pages, now=ctx.now,
                       filename=filename or f"rekomendasi-teknis-{_slug(app)}.pdf")
    doc.warnings = list(warnings)  # e.g. "javascript": shown to staff beside the document
    return {}


def sign(ctx) -> dict:
    """Sign exactly the draft the signer previewed (`preview_sha256`), or refuse (409)."""
    app = ctx.application
    if not app.issued_number:
        raise BadFields({"number": Phrase("field_error.no_number")})
    signer_account = draft.signer_for(ctx.session, _staff(ctx))
    missing = draft.missing_for_signature(app, signer_account)
    if missing:
        raise BadFields(missing)
    # Open the key first: a wrong passphrase must leave nothing generated, stored or changed.
    signer = tte.load_signer(ctx.settings, ctx.fields.get("passphrase", ""))
    current = draft.current(ctx.session, app, signer_account, ctx.now)
    if not secrets.compare_digest(str(ctx.fields.get("preview_sha256", "")).strip().lower(), current.sha256):
        raise PreviewChanged(current.sha256)
    previewed = draft.draft_pdf(ctx.session, current)
    # With TTE_TSA_URL the TSA stamps it; no usable timestamp → TimestampUnavailable, nothing changes.
    letter = spec_for(app.service).letter
    signed = tte.sign_pdf(previewed, signer, reason=f"{letter.title.title()} {app.issued_number}", location=SEAT,
                          settings=ctx.settings)
    if not signed.startswith(previewed):  # the signature is an update appended to the previewed bytes
        raise RuntimeError("the signed letter does not start with the previewed draft")
    supersede(app, "issued")
    doc = add_document(ctx.session, app, kind="issued", data=signed, now=ctx.now,
                       filename=f"{letter.filename}-{_slug(app)}.pdf")
    app.verification_code = current.verification_code
    app.issued_at = ctx.now
    ctx.session.delete(current)
    return {"document_id": doc.id}
