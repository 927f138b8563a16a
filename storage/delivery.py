"""Documents reaching the applicant whatever WhatsApp's 24-hour window.

Outside the window a notice goes as its template; when no approved media template can carry its
document, the outbox marks the row `document_held` and the applicant `documents_held`. The
applicant's next message (any message opens the window) releases them: each held document goes
out on its own, as free-form media. `DOKUMEN` and the STATUS answer send the latest documents of
the applicant's files again (`latest_documents`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import catalogue
from storage.applicants import Applicant
from storage.applications import Application, Document
from storage.messaging import OutboxMessage
from storage.outbox import queue_message

DELIVERED_KINDS = ("receipt", "issued")  # what the office gives the applicant: the Tanda Terima, the signed letter
DOCUMENT_KEY = "delivery.document"


def latest_documents(session: Session, applicant_id: int) -> list[Document]:
    """The newest receipt and signed letter of each of the applicant's files, oldest file first."""
    rows = session.scalars(
        select(Document).join(Application, Document.application_id == Application.id)
        .where(Application.applicant_id == applicant_id, Document.kind.in_(DELIVERED_KINDS),
               Document.status == "accepted")
        .order_by(Application.id, Document.kind, Document.id.desc())
    )
    latest: dict[tuple[int, str], Document] = {}
    for doc in rows:
        latest.setdefault((doc.application_id, doc.kind), doc)
    return list(latest.values())


def title_of(doc: Document, language: str, letter_name=None) -> str:
    """The caption's name of a document: "Tanda Terima", or the signed letter by the service's own
    name (`letter_name(doc)`: {"id": …, "en": …} from the service's letter file, which the
    workflow layer reads) — "Surat Izin Praktik (SIP), ditandatangani secara elektronik"."""
    name = letter_name(doc) if letter_name is not None and doc.kind == "issued" else None
    if name:
        return catalogue.render("delivery.kind.issued.named", language, document=name)
    return catalogue.text(f"delivery.kind.{doc.kind}", language)


def send_documents(session: Session, applicant: Applicant, documents: list[Document], language: str,
                   letter_name=None) -> int:
    """Queue each document as its own message (free-form media: the caller is inside the window),
    unless it is already waiting to go (STATUS and a held document in the same turn: once)."""
    waiting = set(session.scalars(select(OutboxMessage.document_id).where(
        OutboxMessage.applicant_id == applicant.id, OutboxMessage.key == DOCUMENT_KEY, OutboxMessage.status == "pending")))
    documents = [d for d in documents if d.id not in waiting]
    for doc in documents:
        queue_message(
            session, recipient=applicant.whatsapp, key=DOCUMENT_KEY, language=language, applicant_id=applicant.id,
            application_id=doc.application_id, document_id=doc.id, priority="reply",
            variables={"title": title_of(doc, language, letter_name),
                       "tracking_code": doc.application.tracking_code or ""},
        )
    return len(documents)


def release_held(session: Session, applicant: Applicant, language: str, letter_name=None) -> list[int]:
    """The applicant wrote: send the documents their templates could not carry. The ids sent."""
    if not applicant.documents_held:
        return []
    held = list(session.scalars(
        select(OutboxMessage).where(OutboxMessage.applicant_id == applicant.id, OutboxMessage.document_held.is_(True))
        .with_for_update()
    ))
    documents = []
    for row in held:
        row.document_held = False
        doc = session.get(Document, row.document_id) if row.document_id else None
        if doc is not None and doc.id not in {d.id for d in documents}:
            documents.append(doc)
    applicant.documents_held = False
    send_documents(session, applicant, documents, language, letter_name)
    return [d.id for d in documents]
