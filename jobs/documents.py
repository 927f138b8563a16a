"""The document check (RQ job on queue "documents"): `check_document(document_id)`.

Download the media (bot.media: Twilio API host with credentials, its CDN without), check the
PDF in the limited inspector (storage.pdfcheck), record sha256/size/pages/status/reason/
warnings, and tell the applicant: the verdict, then — once no other file of the application
is still being checked — the next prompt (the next missing requirement, or the summary).
A transient download failure re-raises for RQ's Retry until the last try, which refuses the
file; a permanent one refuses it at once. The same file twice is recognised by its sha256.
"""

from __future__ import annotations

import logging

from rq import get_current_job
from sqlalchemy import select

import runtime
from bot.dialogs.application import DIALOG_NAME, progress, requirements
from bot.inbound import lock_conversation
from bot.media import MediaError, download_media
from jobs.twilio_media import queue_deletion
from runtime.queues import DOCUMENT_RETRY
from storage import Document, utcnow
from storage.outbox import queue_message
from storage.pdfcheck import check_pdf

log = logging.getLogger(__name__)

RETRY = DOCUMENT_RETRY
DUPLICATE = "bot.doc.duplicate"


def _last_try() -> bool:
    job = get_current_job()
    return job is None or not job.retries_left


def check_document(document_id: int) -> str:
    rt = runtime.current()
    config = rt.config
    with rt.transaction() as session:
        doc = session.get(Document, document_id)
        if doc is None or doc.status != "pending":
            return "skipped"
        url = doc.source_url or ""

    digest = size = None
    pages, warnings = None, ()
    try:
        digest, size, _claimed = download_media(url, config=config, store=rt.files, max_bytes=config.max_media_bytes)
    except MediaError as exc:
        if exc.transient and not _last_try():
            raise
        reason = exc.reason
    else:
        verdict = check_pdf(rt.files.path_for_reading(digest), max_pages=config.max_pdf_pages)
        reason, pages, warnings = (None if verdict.ok else verdict.reason), verdict.pages, verdict.warnings

    with rt.transaction() as session:
        doc = session.get(Document, document_id)
        if doc is None or doc.status != "pending":
            return "skipped"
        app = doc.application
        conversation, _applicant = lock_conversation(session, app.applicant.whatsapp, utcnow())
        doc.sha256, doc.size, doc.pages, doc.warnings = digest, size, pages, list(warnings)
        doc.checked_at = utcnow()
        twin = _same_file(session, doc) if digest and reason is None else None
        if twin is not None and twin.requirement_id != doc.requirement_id:
            reason = DUPLICATE
        if reason is None:
            doc.status, doc.reason = "accepted", None
            for old in app.current_documents():
                if old.id != doc.id and old.requirement_id == doc.requirement_id and old.status in ("accepted", "refused"):
                    old.status = "superseded"
        else:
            doc.status, doc.reason = "refused", reason
        session.flush()
        _tell(session, doc, conversation, twin)
    queue_deletion(rt, url)  # in our store or refused for good: nothing stays at Twilio
    log.info("document %s checked: %s", document_id, doc.status)
    return doc.status


def _same_file(session, doc: Document) -> Document | None:
    return session.scalar(
        select(Document).where(
            Document.application_id == doc.application_id, Document.sha256 == doc.sha256,
            Document.id != doc.id, Document.status == "accepted",
        )
    )


def _tell(session, doc: Document, conversation, twin: Document | None) -> None:
    app = doc.application
    applicant = app.applicant
    lang = conversation.language or applicant.language
    req = doc.requirement
    label = req.label_for(lang) if req else doc.filename
    variables = {
        "requirement": label, "filename": doc.filename, "pages": doc.pages or 0,
        "max_pages": runtime.current().config.max_pdf_pages,
        "max_mb": runtime.current().config.max_media_bytes // (1024 * 1024),
    }
    if doc.status == "accepted":
        key = "bot.doc.same_again" if twin is not None else "doc.accepted"
    else:
        key = doc.reason or "doc.refused.corrupt"
        if key == DUPLICATE and twin is not None and twin.requirement:
            variables["other"] = twin.requirement.label_for(lang)
    send = dict(recipient=applicant.whatsapp, language=lang, applicant_id=applicant.id,
                application_id=app.id, priority="reply")
    queue_message(session, key=key, variables=variables, **send)

    data = dict(conversation.data or {})
    in_dialog = conversation.dialog == DIALOG_NAME and data.get("application_id") == app.id
    if not in_dialog or any(d.status == "pending" for d in app.current_documents()):
        return
    if doc.status == "refused" and req is not None and req in requirements(app):
        data["target"] = req.id  # ask for the same requirement again
    replies, step = progress(app, data, lang)
    conversation.step = step
    conversation.data = data
    for reply in replies:
        queue_message(session, key=reply.key, variables=reply.variables, **send)
