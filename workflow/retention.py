"""How long personal data lives (UU 27/2022 Pasal 43–44: end processing and erase what is no
longer needed) and the applicant's erasure (Pasal 8, 9, 42–43: HAPUS DATA).

One set of rules, two callers: the daily sweep (jobs/retention.py) and HAPUS DATA
(bot/dialogs/erasure.py). Everything here works inside the caller's transaction and returns the
sha256 digests whose document rows it removed; the caller removes those files from the store
*after* the commit, and only those no remaining document refers to (`unreferenced`), since the
store is content-addressed and one scan may back several rows.

The rules (periods from `Config.retention`, defaults for the office to confirm):
- an abandoned draft (nothing added for `draft_days`) goes, with its documents;
- a refused document goes after `refused_days`;
- the requirement scans of a closed file go `scan_years` after it closed; the issued letter, the
  receipt, the technical recommendation and the file's register entry stay (archives law);
- conversation payloads (inbound messages, the rendered text of sent messages) go after
  `payload_days`;
- questions to the office ("Tanya petugas"), answered or not, go `question_days` after they
  were asked (and with HAPUS DATA at once);
- a file sent in the chat that no document took (sent from the menu before registering, during
  a question, or never filed) is deleted at Twilio `MEDIA_GRACE` after it came (it can no longer
  be filed then), and at once when its message is forgotten (HAPUS DATA); a deleted document's
  media still at Twilio goes too. These come back as `Removed.media`: URLs the caller queues for
  jobs/twilio_media.py after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, func, select, true, update
from sqlalchemy.orm import Session

from config import Config
from storage import (
    Applicant,
    Application,
    Complaint,
    Conversation,
    Document,
    HeldDeskNotice,
    InboundMessage,
    OutboxMessage,
    Question,
    SlaAlert,
    SurveyResponse,
    access_log,
)

FINAL_OUTBOX = ("sent", "delivered", "read", "failed", "undelivered")
# An unfiled file may still be filed while its conversation lives (bot.conversation.IDLE_LIMIT, a
# day): after two days nothing will take it, and it is deleted at Twilio.
MEDIA_GRACE = timedelta(days=2)
RELEASED = "media_released"  # InboundMessage.payload flag: its stray media was queued for deletion
KEPT_KINDS = ("receipt", "recommendation", "issued")  # what the archive keeps of a closed file
DEFAULTS = Config().retention  # the documented defaults live on config.Config, once


@dataclass
class Removed:
    applications: int = 0
    documents: int = 0
    messages: int = 0
    digests: set[str] = field(default_factory=set)
    media: set[str] = field(default_factory=set)  # Twilio media URLs to delete there

    def add(self, other: Removed) -> None:
        self.applications += other.applications
        self.documents += other.documents
        self.messages += other.messages
        self.digests |= other.digests
        self.media |= other.media


# ---- deleting rows -------------------------------------------------------------------------------
def delete_documents(session: Session, documents: Iterable[Document], removed: Removed) -> None:
    documents = list(documents)
    if not documents:
        return
    ids = [d.id for d in documents]
    session.execute(update(OutboxMessage).where(OutboxMessage.document_id.in_(ids)).values(document_id=None))
    for doc in documents:
        if doc.sha256:
            removed.digests.add(doc.sha256)
        if doc.source_url:  # its deletion at Twilio had not happened yet: it must not be forgotten
            removed.media.add(doc.source_url)
        if doc in doc.application.documents:
            doc.application.documents.remove(doc)  # delete-orphan: the row goes at flush
        else:
            session.delete(doc)
    removed.documents += len(documents)
    session.flush()


def delete_application(session: Session, app: Application, removed: Removed) -> None:
    """A file that has no reason to be kept (a draft): its documents, history, alerts, mentions."""
    delete_documents(session, list(app.documents), removed)
    session.execute(update(OutboxMessage).where(OutboxMessage.application_id == app.id).values(application_id=None))
    session.execute(update(Complaint).where(Complaint.application_id == app.id).values(application_id=None))
    session.execute(delete(SlaAlert).where(SlaAlert.application_id == app.id))
    session.execute(delete(HeldDeskNotice).where(HeldDeskNotice.application_id == app.id))
    session.execute(delete(SurveyResponse).where(SurveyResponse.application_id == app.id))
    session.delete(app)
    removed.applications += 1
    session.flush()


def release_media(session: Session, condition, removed: Removed) -> None:
    """The media of the inbound messages matching `condition` that no document took: queued for
    deletion at Twilio (in `removed.media`) and flagged so, once. A document's own media is its
    check's to delete (jobs/documents.py), never taken from under a file still being fetched."""
    rows = list(session.scalars(select(InboundMessage).where(InboundMessage.num_media > 0, condition)))
    rows = [row for row in rows if not (row.payload or {}).get(RELEASED)]
    filed = set(session.scalars(select(Document.source_message_sid).where(
        Document.source_message_sid.in_([row.message_sid for row in rows])))) if rows else set()
    urls = {m.get("url") for row in rows if row.message_sid not in filed
            for m in (row.payload or {}).get("media") or [] if m.get("url")}
    taken = set(session.scalars(select(Document.source_url).where(Document.source_url.in_(urls)))) if urls else set()
    removed.media |= urls - taken
    for row in rows:
        row.payload = {**(row.payload or {}), RELEASED: True}
    session.flush()


def forget_messages(session: Session, *, sender: str | None = None, before: datetime | None = None,
                    keep_id: int | None = None, removed: Removed | None = None) -> int:
    """Conversation history: inbound messages deleted (their stray media queued for deletion at
    Twilio in `removed`), the rendered text of finished outbound ones blanked (the row stays:
    delivery accounting holds no personal data without it)."""
    inbound = delete(InboundMessage)
    outbound = update(OutboxMessage).where(OutboxMessage.status.in_(FINAL_OUTBOX), OutboxMessage.body.is_not(None))
    if sender is not None:
        inbound = inbound.where(InboundMessage.sender == sender)
        outbound = outbound.where(OutboxMessage.recipient == sender)
    if before is not None:
        inbound = inbound.where(InboundMessage.received_at < before)
        outbound = outbound.where(OutboxMessage.created_at < before)
    if keep_id is not None:
        inbound = inbound.where(InboundMessage.id != keep_id)
    release_media(session, inbound.whereclause if inbound.whereclause is not None else true(),
                  removed if removed is not None else Removed())
    count = session.execute(inbound.returning(InboundMessage.id)).all()
    session.execute(outbound.values(body=None, variables={}))
    return len(count)


def unreferenced(session: Session, digests: Iterable[str]) -> set[str]:
    """The digests no document row refers to any more: their files may leave the store."""
    digests = set(digests)
    if not digests:
        return set()
    used = set(session.scalars(select(Document.sha256).where(Document.sha256.in_(digests))))
    return digests - used


# ---- the sweep's plan ------------------------------------------------------------------------------
@dataclass
class Plan:
    drafts: list[int] = field(default_factory=list)  # application ids
    refused: list[int] = field(default_factory=list)  # document ids
    scans: list[int] = field(default_factory=list)  # document ids (requirement scans of closed files)
    messages_before: datetime | None = None
    messages: int = 0  # inbound messages older than that
    erasures: list[int] = field(default_factory=list)  # applicants whose pending erasure can finish now
    questions_before: datetime | None = None
    questions: int = 0  # questions to the office asked before that
    media_before: datetime | None = None
    media_messages: int = 0  # inbound messages with files, received before that, not yet looked at

    def counts(self) -> dict[str, int]:
        return {"drafts": len(self.drafts), "refused_documents": len(self.refused),
                "requirement_scans": len(self.scans), "messages": self.messages, "erasures": len(self.erasures),
                "questions": self.questions, "media_messages": self.media_messages}


def _open_files(applicant_id):
    return exists().where(Application.applicant_id == applicant_id, Application.stage != "draft",
                          Application.closed_at.is_(None))


def plan(session: Session, now: datetime, retention: dict | None = None) -> Plan:
    periods = {**DEFAULTS, **(retention or {})}
    draft_cutoff = now - timedelta(days=periods["draft_days"])
    refused_cutoff = now - timedelta(days=periods["refused_days"])
    scan_cutoff = now - timedelta(days=365 * periods["scan_years"])
    payload_cutoff = now - timedelta(days=periods["payload_days"])
    recent_doc = exists().where(Document.application_id == Application.id, Document.created_at >= draft_cutoff)
    drafts = list(session.scalars(select(Application.id).where(
        Application.stage == "draft", Application.created_at < draft_cutoff, ~recent_doc).order_by(Application.id)))
    refused = list(session.scalars(select(Document.id).join(Application).where(
        Document.status == "refused", Document.created_at < refused_cutoff,
        Application.id.not_in(drafts) if drafts else true()).order_by(Document.id)))
    scans = list(session.scalars(select(Document.id).join(Application).where(
        Document.kind == "requirement", Application.closed_at < scan_cutoff,
        Document.id.not_in(refused) if refused else true()).order_by(Document.id)))
    messages = session.scalar(select(func.count()).select_from(InboundMessage)
                              .where(InboundMessage.received_at < payload_cutoff)) or 0
    erasures = list(session.scalars(select(Applicant.id).where(
        Applicant.erasure_requested_at.is_not(None), ~_open_files(Applicant.id)).order_by(Applicant.id)))
    question_cutoff = now - timedelta(days=periods["question_days"])
    questions = session.scalar(select(func.count()).select_from(Question)
                               .where(Question.created_at < question_cutoff)) or 0
    media_cutoff = now - MEDIA_GRACE
    media_messages = sum(1 for payload in session.scalars(select(InboundMessage.payload).where(
        InboundMessage.num_media > 0, InboundMessage.received_at < media_cutoff)) if not (payload or {}).get(RELEASED))
    return Plan(drafts, refused, scans, payload_cutoff, messages, erasures, question_cutoff, questions,
                media_cutoff, media_messages)


def apply(session: Session, todo: Plan, now: datetime) -> Removed:
    removed = Removed()
    for app_id in todo.drafts:
        app = session.get(Application, app_id)
        if app is not None and app.stage == "draft":
            delete_application(session, app, removed)
    docs = [d for d in (session.get(Document, i) for i in todo.refused + todo.scans) if d is not None]
    delete_documents(session, docs, removed)
    if todo.media_before is not None:
        release_media(session, InboundMessage.received_at < todo.media_before, removed)
    if todo.messages_before is not None:
        removed.messages += forget_messages(session, before=todo.messages_before, removed=removed)
    if todo.questions_before is not None:
        session.execute(delete(Question).where(Question.created_at < todo.questions_before))
    for applicant_id in todo.erasures:
        applicant = session.get(Applicant, applicant_id)
        if applicant is not None:
            removed.add(erase(session, applicant, now).removed)
    return removed


# ---- HAPUS DATA -------------------------------------------------------------------------------------
@dataclass
class Erasure:
    removed: Removed
    kept: list[tuple[str, dict]]  # (catalogue key, variables): what stays and why, for the applicant
    pending: bool  # an open file: the rest is erased when it closes


def erase(session: Session, applicant: Applicant, now: datetime, *, keep_message_id: int | None = None,
          retention: dict | None = None) -> Erasure:
    """Withdraw consent and erase what has no legal reason to stay; say what stays and why."""
    periods = {**DEFAULTS, **(retention or {})}
    removed, kept = Removed(), []
    apps = list(session.scalars(select(Application).where(Application.applicant_id == applicant.id)
                                .order_by(Application.id)))
    pending, remaining = False, 0
    for app in apps:
        if app.stage == "draft":
            delete_application(session, app, removed)
            continue
        remaining += 1
        delete_documents(session, [d for d in app.documents if d.status == "refused"], removed)
        code = app.tracking_code or ""
        if app.closed_at is None:
            pending = True
            kept.append(("privacy.erase.kept.open", {"code": code}))
        elif app.issued_number:
            kept.append(("privacy.erase.kept.issued", {"code": code, "years": periods["scan_years"]}))
        else:
            kept.append(("privacy.erase.kept.closed", {"code": code, "years": periods["scan_years"]}))
    for complaint in session.scalars(select(Complaint).where(Complaint.applicant_id == applicant.id)
                                     .order_by(Complaint.id)):
        kept.append(("privacy.erase.kept.complaint", {"code": complaint.code}))  # named, and why
    removed.messages += forget_messages(session, sender=applicant.whatsapp, keep_id=keep_message_id, removed=removed)
    session.execute(delete(Question).where(Question.applicant_id == applicant.id))
    if keep_message_id is not None:
        session.execute(update(InboundMessage).where(InboundMessage.id == keep_message_id)
                        .values(body="", payload={}))
    session.execute(update(Conversation).where(Conversation.applicant_id == applicant.id).values(data={}))
    applicant.consent_at = applicant.consent_version = applicant.consent_message_sid = None
    applicant.activated_at = None
    applicant.profile_name = applicant.wa_id = None
    if not remaining:  # nothing the office must keep names them: the identity goes too
        applicant.name = applicant.nik = applicant.address = applicant.kecamatan = None
    applicant.erasure_requested_at = now if pending else None
    # Logged without the data itself: counts only.
    access_log.record(session, staff_id=None, action="erase", applicant_id=applicant.id,
                      detail=f"drafts={removed.applications} documents={removed.documents} "
                             f"messages={removed.messages} kept={len(kept)} pending={int(pending)}")
    session.flush()
    return Erasure(removed, kept, pending)
