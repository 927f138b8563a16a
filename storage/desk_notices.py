"""Desk notices held over quiet hours: a file reached a stage while the office was closed, so
its owner's WhatsApp notice waits here and goes, with the others held for the same person, as
one digest when the office opens (jobs/desk_notices.py). One row per person and stage visit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, utcnow


class HeldDeskNotice(Base):
    __tablename__ = "held_desk_notices"
    __table_args__ = (
        UniqueConstraint("staff_id", "application_id", "stage", "stage_entered_at"),
        Index("ix_held_desk_notices_due", "released_at", "release_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(40))  # why this person hears of it (checked again at release)
    stage: Mapped[str] = mapped_column(String(40))
    stage_entered_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    release_at: Mapped[datetime]  # the next opening of the office after created_at
    released_at: Mapped[datetime | None]  # set in the transaction that queues the digest (or drops the row)
