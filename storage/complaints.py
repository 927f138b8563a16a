"""Complaints (SOP "Penanganan Pengaduan"): typed in WhatsApp after ADUAN, answered by staff."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, utcnow


class Complaint(Base):
    """status: open → answered. `application_id` is empty for a general complaint."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)  # ADU-2026-000001, read aloud
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    answered_at: Mapped[datetime | None]
