"""The document check (RQ job on queue "documents"): `check_document(document_id)`.

Download what the applicant sent (bot.media: Twilio API host with credentials, its CDN without)
into a temporary folder, decide what it is from its bytes (storage.filekinds), and make it a PDF
we accept:
- a PDF is checked in the limited inspector (storage.pdfcheck) and stored as it came;
- a photo (JPEG, PNG, WebP, HEIC; as a WhatsApp photo or as a document) becomes a clean A4 JPEG
  page in the limited converter (storage.conversion); the pages of one requirement's photos are
  put together into one PDF, which is then checked like any other. The originals (with their
  EXIF, GPS and camera data) are never stored, only our pages and the PDF;
- a Word/OpenDocument file is converted with LibreOffice where it is installed, else refused.
Then record sha256/size/pages/status/reason/warnings and tell the applicant in ONE message: the
verdict, naming the requirement and what was sent ("2 foto → PDF 2 halaman", or the PDF's own
name), followed — once no other file of the application is still being checked — by what comes
next (more pages, the next requirement, or the summary).

A transient download failure re-raises for RQ's Retry until the last try, which refuses the
file; a permanent one refuses it at once. The same PDF twice is recognised by its sha256.
Several jobs may work on one photo document (photos sent one after another): each converts the
photos that have no page yet; the one that finds every photo done assembles the PDF and speaks.
"""

from __future__ import annotations

import logging
import pathlib
import tempfile
from dataclasses import asdict, dataclass, field

from rq import get_current_job
from sqlalchemy import select

import catalogue
import runtime
from bot.conversation import advance
from bot.dialogs.application import DIALOG_NAME, describe, progress, requirements, said
from bot.inbound import lock_conversation
from bot.media import MediaError, download_media, refusal_variables
from catalogue.choices import with_choices
from jobs.twilio_media import queue_deletion
from runtime.queues import DOCUMENT_RETRY
from storage import Document, conversion, utcnow
from storage.contents import CHOICES
from storage.filekinds import HEAD_BYTES, IMAGE, OFFICE, PDF, sniff
from storage.files import LocalFileStore
from storage.pdfcheck import check_pdf
from storage.pdfinspect import NOT_PDF

log = logging.getLogger(__name__)

RETRY = DOCUMENT_RETRY
DUPLICATE = "bot.doc.duplicate"


def _last_try() -> bool:
    job = get_current_job()
    return job is None or not job.retries_left


@dataclass
class Outcome:
    """What one job found out, to be written under the conversation's lock."""

    reason: str | None = None
    digest: str | None = None
    size: int | None = None
    pages: int | None = None
    warnings: tuple = ()
    source: str = "pdf"
    pages_of_parts: dict = field(default_factory=dict)  # photo index → {"page": sha} or {"reason": key}


def check_document(document_id: int) -> str:
    rt = runtime.current()
    with rt.transaction() as session:
        doc = session.get(Document, document_id)
        if doc is None or doc.status != "pending":
            return "skipped"
        photos = doc.source == "photos"
        todo = [(i, dict(p)) for i, p in enumerate(doc.parts or []) if not p.get("page") and not p.get("reason")]
        single = (doc.source_url or "", doc.filename or "", doc.content_type or "")

    with tempfile.TemporaryDirectory(prefix="document-") as tmp:
        work = pathlib.Path(tmp)
        outcome = _convert_photos(todo, work) if photos else _single(*single, work)
        with rt.transaction() as session:
            doc = session.get(Document, document_id)
            if doc is None:
                return "skipped"
            # The conversation first, then the document: the order the dialog takes them in.
            conversation, _applicant = lock_conversation(session, doc.application.applicant.whatsapp, utcnow())
            session.refresh(doc, with_for_update=True)
            if doc.status != "pending":
                return "skipped"
            if photos and not _merge_photos(doc, outcome, work):
                result = "waiting"  # another job still converts a photo of this document
            else:
                result = _record(session, doc, conversation, outcome)
    # In our store (as a page or a PDF) or refused for good: nothing stays at Twilio.
    for url in [part.get("url") for _i, part in todo] if photos else [single[0]]:
        queue_deletion(rt, url)
    return result


# ---- one file: a PDF, a photo sent as a document, a Word file ------------------------------------
def _fetch(url: str, work: pathlib.Path) -> tuple[pathlib.Path | None, str | None]:
    """(the downloaded file, None) or (None, refusal reason). Raises for RQ to retry when it may help."""
    config = runtime.current().config
    store = LocalFileStore(work / "incoming")
    try:
        digest, _size, _claimed = download_media(url, config=config, store=store, max_bytes=config.max_media_bytes)
    except MediaError as exc:
        if exc.transient and not _last_try():
            raise
        return None, exc.reason
    return store.path_for_reading(digest), None


def _kind(path: pathlib.Path, name: str, content_type: str) -> str:
    with path.open("rb") as fh:
        return sniff(fh.read(HEAD_BYTES), name, content_type)


def _single(url: str, name: str, content_type: str, work: pathlib.Path) -> Outcome:
    path, reason = _fetch(url, work)
    if path is None:
        return Outcome(reason=reason)
    kind = _kind(path, name, content_type)
    if kind == PDF:
        return _check_and_store(path, source="pdf")
    if kind == IMAGE:
        part = _photo_page(path, work, 0)
        if "reason" in part:
            return Outcome(reason=part["reason"], source="photos")
        outcome = Outcome(source="photos", pages_of_parts={0: part})
        return _assemble([part["page"]], work, outcome)
    if kind == OFFICE:
        out = work / "converted.pdf"
        reason = conversion.office_to_pdf(path, out)
        return Outcome(reason=reason, source="converted") if reason else _check_and_store(out, source="converted")
    return Outcome(reason=NOT_PDF)


def _check_and_store(path: pathlib.Path, *, source: str, **extra) -> Outcome:
    config = runtime.current().config
    verdict = check_pdf(path, max_pages=config.max_pdf_pages)
    if not verdict.ok:
        return Outcome(reason=verdict.reason, source=source, **extra)
    with path.open("rb") as fh:
        digest, size = runtime.current().files.put_stream(fh)
    return Outcome(digest=digest, size=size, pages=verdict.pages, warnings=verdict.warnings, source=source, **extra)


# ---- photos: one page each, then one PDF ------------------------------------------------------
def _photo_page(original: pathlib.Path, work: pathlib.Path, index: int) -> dict:
    """{"page": sha256 of our JPEG page in the file store} or {"reason": key}."""
    out = work / f"page-{index}.jpg"
    page = conversion.photo_page(original, out)
    if not page.ok:
        return {"reason": page.reason}
    return {"page": runtime.current().files.put_bytes(out.read_bytes())}


def _convert_photos(todo: list[tuple[int, dict]], work: pathlib.Path) -> Outcome:
    outcome = Outcome(source="photos")
    for index, part in todo:
        path, reason = _fetch(part.get("url", ""), work)
        if path is None:
            outcome.pages_of_parts[index] = {"reason": reason}
        elif _kind(path, "", part.get("content_type", "")) != IMAGE:
            outcome.pages_of_parts[index] = {"reason": "doc.refused.not_image"}
        else:
            outcome.pages_of_parts[index] = _photo_page(path, work, index)
    return outcome


def _merge_photos(doc: Document, outcome: Outcome, work: pathlib.Path) -> bool:
    """Write this job's pages into the document's parts; when none is left, assemble the PDF into
    `outcome` and return True."""
    parts = [dict(p) for p in doc.parts or []]
    for index, result in outcome.pages_of_parts.items():
        if index < len(parts) and not parts[index].get("page") and not parts[index].get("reason"):
            parts[index].update(result)
    doc.parts = parts
    if any(not p.get("page") and not p.get("reason") for p in parts):
        return False
    good = [p["page"] for p in parts if p.get("page")]
    if not good:
        outcome.reason = next((p["reason"] for p in parts if p.get("reason")), NOT_PDF)
        return True
    _assemble(good, work, outcome)
    return True


def _assemble(page_digests: list[str], work: pathlib.Path, outcome: Outcome) -> Outcome:
    files = runtime.current().files
    pages = [files.path_for_reading(d) for d in page_digests]
    out = work / "photos.pdf"
    reason = conversion.assemble(pages, out)
    if reason:
        outcome.reason = reason
        return outcome
    checked = _check_and_store(out, source="photos")
    outcome.reason, outcome.digest, outcome.size = checked.reason, checked.digest, checked.size
    outcome.pages, outcome.warnings = checked.pages, checked.warnings
    return outcome


# ---- the verdict --------------------------------------------------------------------------------
def _record(session, doc: Document, conversation, outcome: Outcome) -> str:
    app = doc.application
    reason = outcome.reason
    doc.source = outcome.source
    if outcome.pages_of_parts and not doc.parts:  # a photo sent as a WhatsApp document
        doc.parts = [{"url": doc.source_url, "content_type": doc.content_type, **outcome.pages_of_parts[0]}]
    doc.sha256, doc.size, doc.pages, doc.warnings = outcome.digest, outcome.size, outcome.pages, list(outcome.warnings)
    doc.checked_at = utcnow()
    twin = _same_file(session, doc) if outcome.digest and reason is None else None
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
    log.info("document %s checked: %s", doc.id, doc.status)
    return doc.status


def _same_file(session, doc: Document) -> Document | None:
    return session.scalar(
        select(Document).where(
            Document.application_id == doc.application_id, Document.sha256 == doc.sha256,
            Document.id != doc.id, Document.status == "accepted",
        )
    )


def _tell(session, doc: Document, conversation, twin: Document | None) -> None:
    """One message: the verdict on this document and, when nothing else is being checked, what next."""
    from storage.outbox import queue_message

    app = doc.application
    applicant = app.applicant
    lang = conversation.language or applicant.language
    req = doc.requirement
    config = runtime.current().config
    variables = {
        "requirement": req.label_for(lang) if req else doc.filename, "filename": doc.filename,
        "pages": doc.pages or 0, "photos": doc.photos, "what": describe(doc, lang),
        **refusal_variables(config), "skipped": _skipped_photos(doc, lang),
    }
    if doc.status == "accepted":
        key = "bot.doc.same_again" if twin is not None else "doc.accepted"
    else:
        key = doc.reason or "doc.refused.corrupt"
        if key == DUPLICATE and twin is not None and twin.requirement:
            variables["other"] = twin.requirement.label_for(lang)
    variables["next"], choices = _next(doc, conversation, lang)
    if choices:  # the next prompt's buttons travel with this one bubble (jobs/outbox.py draws them)
        variables[CHOICES] = [asdict(c) for c in choices]
    queue_message(session, key=key, variables=variables, recipient=applicant.whatsapp, language=lang,
                  applicant_id=applicant.id, application_id=app.id, priority="reply")


def _skipped_photos(doc: Document, lang: str) -> str:
    """A note on photos of an accepted document that could not be used, e.g. one truncated upload."""
    bad = [i for i, p in enumerate(doc.parts or [], 1) if p.get("reason")]
    if not bad or doc.status != "accepted":
        return ""
    return catalogue.render("doc.photos_skipped", lang, numbers=", ".join(map(str, bad)), count=len(bad))


def _next(doc: Document, conversation, lang: str) -> tuple[str, tuple]:
    """The next prompt, rendered, to go under the verdict ("" while another file is being checked,
    or when the applicant is no longer in this application's document step), and its choices."""
    app = doc.application
    data = dict(conversation.data or {})
    in_dialog = conversation.dialog == DIALOG_NAME and data.get("application_id") == app.id
    if not in_dialog or any(d.status == "pending" for d in app.current_documents()):
        return "", ()
    req = doc.requirement
    if doc.status == "refused" and req is not None and req in requirements(app):
        data["target"] = req.id  # ask for the same requirement again
        if data.get("collecting") == doc.id:
            data.pop("collecting")
    replies, step = progress(app, data, lang)
    again = said(data, replies)
    advance(conversation, step, data)
    if again:  # the dialog asked exactly this already (e.g. SELESAI before this check ended)
        return "", ()
    config = runtime.current().config
    texts = [catalogue.render(r.key, lang, config.tz_name, **r.variables) for r in replies]
    choices = replies[-1].choices if replies else ()
    if choices:
        texts[-1] = with_choices(texts[-1], choices)
        choices = tuple(c for c in choices if not c.numbered)  # numbered lines are in the text already
    return "\n\n" + "\n\n".join(texts), choices
