"""The application aggregate: the file, its documents, its append-only history, its SLA alerts.

`Application.stage` is written only inside `stage_writer()` — the workflow engine's door.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from storage.applicants import Applicant
from storage.base import Base, utcnow
from storage.search_terms import SearchTerm
from storage.services import Requirement, Service

_stage_write_allowed: ContextVar[bool] = ContextVar("stage_write_allowed", default=False)


class StageWriteForbidden(RuntimeError):
    """Raised when code outside the workflow engine assigns `Application.stage`."""


@contextmanager
def stage_writer() -> Iterator[None]:
    token = _stage_write_allowed.set(True)
    try:
        yield
    finally:
        _stage_write_allowed.reset(token)


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        Index("ix_applications_stage_due", "stage", "stage_due_at"),
        Index("ix_applications_applicant", "applicant_id", "created_at"),
        Index("ix_applications_submitted_at", "submitted_at"),  # the dashboard's submissions per week
        Index("ix_applications_service_stage", "service_id", "stage"),  # the dashboard's counts per service and stage
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tracking_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"))
    stage: Mapped[str] = mapped_column(String(40))
    stage_entered_at: Mapped[datetime] = mapped_column(default=utcnow)
    stage_due_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    issued_number: Mapped[str | None] = mapped_column(String(80), unique=True)
    issued_at: Mapped[datetime | None]
    pickup_code: Mapped[str | None] = mapped_column(String(6))
    verification_code: Mapped[str | None] = mapped_column(String(40), unique=True)
    # Service-specific data gathered in the chat (e.g. the child's name, the destination school).
    details: Mapped[dict] = mapped_column(default=dict)

    service: Mapped[Service] = relationship()
    applicant: Mapped[Applicant] = relationship()
    documents: Mapped[list[Document]] = relationship(
        back_populates="application", order_by="Document.id", cascade="all, delete-orphan"
    )
    history: Mapped[list[HistoryEvent]] = relationship(
        back_populates="application", order_by="HistoryEvent.id", cascade="all, delete-orphan"
    )
    # The words of `details`, for the desk's search (storage/search_terms.py keeps them in step).
    search_terms: Mapped[list[SearchTerm]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    @validates("stage")
    def _guard_stage(self, _key, value):
        if not _stage_write_allowed.get():
            raise StageWriteForbidden("Application.stage is written only by the workflow engine")
        return value

    def current_documents(self, kind: str = "requirement") -> list[Document]:
        return [d for d in self.documents if d.kind == kind and d.status != "superseded"]

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.tracking_code or 'draft'} {self.stage}>"


class Document(Base):
    """A stored PDF: a requirement the applicant sent, or one the office made."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_application", "application_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    requirement_id: Mapped[int | None] = mapped_column(ForeignKey("requirements.id"))
    kind: Mapped[str] = mapped_column(String(20), default="requirement")
    # requirement | receipt | recommendation | issued
    filename: Mapped[str] = mapped_column(String(255), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="application/pdf")
    sha256: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    # pending (being checked) | accepted | refused | superseded
    reason: Mapped[str | None] = mapped_column(Text)  # catalogue key of a refusal, or staff note
    warnings: Mapped[list] = mapped_column(default=list)
    source_url: Mapped[str | None] = mapped_column(Text)  # Twilio media URL (no credentials)
    source_message_sid: Mapped[str | None] = mapped_column(String(64))
    # What the applicant sent: "pdf" (checked as it came), "photos" (made into this PDF by the
    # service, `parts` holds one entry per photo) or "converted" (a Word/OpenDocument file).
    source: Mapped[str] = mapped_column(String(16), default="pdf")
    # Photos: [{"url", "content_type", "sid", "page": sha256 of our JPEG page | None, "reason"}]
    parts: Mapped[list] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_at: Mapped[datetime | None]

    application: Mapped[Application] = relationship(back_populates="documents")
    requirement: Mapped[Requirement | None] = relationship()

    @property
    def photos(self) -> int:
        """How many photos this PDF was made of (0 for a PDF or a converted file)."""
        return sum(1 for part in self.parts or [] if part.get("page")) if self.source == "photos" else 0


class HistoryEvent(Base):
    """Append-only record of every step: who, when, from, to, note.

    `working_minutes`: on a row that leaves a stage, the office working minutes the file spent in
    `from_stage` (workflow/stage_minutes.py); None on the first row of a file. `service_id`: the
    file's service (the dashboard's medians per service).
    """

    __tablename__ = "history_events"
    # The dashboard's per-service medians read (service_id, from_stage, working_minutes) of the
    # last 90 days from this index alone, without touching this table or `applications`.
    __table_args__ = (Index("ix_history_events_medians", "at", "service_id", "from_stage", "working_minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_type: Mapped[str] = mapped_column(String(16))  # applicant | staff | system
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(40))
    from_stage: Mapped[str | None] = mapped_column(String(40))
    to_stage: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(default=dict)
    working_minutes: Mapped[int | None] = mapped_column(Integer)
    # The file's service, copied when the row is written (a file never changes service), so the
    # dashboard groups the window's rows by service without joining each to its application.
    # None only on rows from before 0021 until `flask history fill-minutes` fills them.
    service_id: Mapped[int | None] = mapped_column(Integer)

    application: Mapped[Application] = relationship(back_populates="history")


class SlaAlert(Base):
    """One row per alert sent for one visit of one stage: the breach is alerted once."""

    __tablename__ = "sla_alerts"
    __table_args__ = (UniqueConstraint("application_id", "stage", "stage_entered_at", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(40))
    stage_entered_at: Mapped[datetime]
    level: Mapped[str] = mapped_column(String(16))  # breach | escalation
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Counter(Base):
    """Gap-free sequences (tracking codes, letter numbers), one row per key."""

    __tablename__ = "counters"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class LetterDraft(Base):
    """The letter as it will be signed, rendered before signing so the signer reads it first.

    One row per application while it waits for a signature (workflow/paperwork/draft.py): the
    stored draft PDF's sha256, the fingerprint of what went into it (a change re-renders it),
    and the verification code its QR code carries (kept across re-renders, recorded on the
    application when the draft is signed)."""

    __tablename__ = "letter_drafts"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    inputs: Mapped[str] = mapped_column(String(64))  # sha256 of the letter's data
    verification_code: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
