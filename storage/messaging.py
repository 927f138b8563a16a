"""WhatsApp traffic: inbound message ids (idempotency), conversation state, the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, utcnow


class InboundMessage(Base):
    """Every validly signed inbound message, stored before we answer Twilio."""

    __tablename__ = "inbound_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64), unique=True)
    sender: Mapped[str] = mapped_column(String(64), index=True)  # `From` without `whatsapp:`
    body: Mapped[str] = mapped_column(Text, default="")
    num_media: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict] = mapped_column(default=dict)  # media URLs/types, WaId, ProfileName
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]


class Conversation(Base):
    """Where a WhatsApp number is in its dialog: a step name and a small JSON dict."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    whatsapp: Mapped[str] = mapped_column(String(64), unique=True)
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicants.id"))
    dialog: Mapped[str] = mapped_column(String(40), default="menu")
    step: Mapped[str] = mapped_column(String(40), default="start")
    data: Mapped[dict] = mapped_column(default=dict)
    language: Mapped[str] = mapped_column(String(2), default="id")
    failures: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


FORM_ATTACHMENT = "form"  # OutboxMessage.attachment: a blank form (workflow/paperwork/forms.py)


class OutboxMessage(Base):
    """A message to a person: written with the event that causes it, sent by a job.

    status: pending → sending (leased) → sent → delivered → read; or failed / undelivered.

    WhatsApp's verdict on the 24-hour window wins over our clock: a free-form send it refuses
    (63016, at creation or later in the status callback) is recorded in `refused_at` /
    `refused_sid` and the row goes again as its template, once (jobs/outbox.py, jobs/status.py).
    `document_held`: the row's document could not travel with it (a template without a media
    header); it goes out on the applicant's next message (jobs/documents_owed.py).
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(64), index=True)  # E.164 or user id, no prefix
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicants.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    key: Mapped[str] = mapped_column(String(80))  # message catalogue key
    variables: Mapped[dict] = mapped_column(default=dict)
    language: Mapped[str] = mapped_column(String(2), default="id")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # sent as media
    # A generated attachment instead of a stored document: "data_export" (DATA SAYA's PDF of
    # the applicant's own data, rendered when Twilio fetches the signed link) or FORM_ATTACHMENT
    # (a service's blank form; `variables` name the service, the form and its file name).
    attachment: Mapped[str | None] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(10), default="reply")  # reply | notice | bulk
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    body: Mapped[str | None] = mapped_column(Text)  # what was actually sent (rendered)
    content_sid: Mapped[str | None] = mapped_column(String(64))  # template used, if any
    twilio_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    error_code: Mapped[str | None] = mapped_column(String(16))
    error_message: Mapped[str | None] = mapped_column(Text)
    refused_at: Mapped[datetime | None]  # WhatsApp refused the free-form send (63016)
    refused_sid: Mapped[str | None] = mapped_column(String(64), index=True)  # the refused send's SID
    document_held: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
