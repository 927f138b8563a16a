"""Questions to the office ("Tanya petugas"): asked in WhatsApp, open without registering,
answered by back-office staff from the web. The text may hold personal data: it is never
logged, and the retention sweep deletes the row after `retention_question_days`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, utcnow


class Question(Base):
    """status: open → answered. `service_id` is the service the person was reading about, if any."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)  # TNY-2026-000001, read aloud
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    answered_at: Mapped[datetime | None]
    alerted_at: Mapped[datetime | None]  # the supervisors were told it waits past the standard (once)
