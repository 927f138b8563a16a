"""The access log of personal data: which staff user opened which applicant's file, NIK or
document, and when (UU 27/2022 accountability; an audit asks for exactly this).

Rows are only ever added (`record`) and, past their retention period, purged (`purge`, run by
the periodic sweep with ACCESS_LOG_RETENTION_DAYS). No web route edits or deletes one. The
applicant, application and document are kept as plain ids, not foreign keys: the log must
outlive an erasure of the data it is about (the erasure itself is logged here too).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.base import Base, utcnow

# What was opened. Others (e.g. "erase") may be recorded by the code that does them.
ACTIONS = ("view_application", "view_nik", "view_document", "erase")
DETAIL_MAX = 200


class AccessLogEntry(Base):
    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # None: the applicant acting on their own data (HAPUS DATA), or the retention sweep finishing it.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    applicant_id: Mapped[int | None] = mapped_column(Integer, index=True)
    application_id: Mapped[int | None] = mapped_column(Integer)
    document_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(String(DETAIL_MAX), default="")


def record(session: Session, *, staff_id: int | None, action: str, applicant_id: int | None = None,
           application_id: int | None = None, document_id: int | None = None, detail: str = "") -> AccessLogEntry:
    """Add one row (the caller commits, with the read it records)."""
    entry = AccessLogEntry(staff_id=staff_id, action=action, applicant_id=applicant_id,
                           application_id=application_id, document_id=document_id,
                           detail=(detail or "")[:DETAIL_MAX], at=utcnow())
    session.add(entry)
    return entry


def recent(session: Session, *, page: int = 1, per_page: int = 50, staff_id: int | None = None,
           applicant_id: int | None = None, application_id: int | None = None) -> tuple[list[AccessLogEntry], int]:
    """One page of the log, newest first, optionally for one staff user, applicant or file; and
    whether there is a next page (1) or not (0)."""
    stmt = select(AccessLogEntry)
    if staff_id is not None:
        stmt = stmt.where(AccessLogEntry.staff_id == staff_id)
    if applicant_id is not None:
        stmt = stmt.where(AccessLogEntry.applicant_id == applicant_id)
    if application_id is not None:
        stmt = stmt.where(AccessLogEntry.application_id == application_id)
    rows = list(session.scalars(stmt.order_by(AccessLogEntry.id.desc()).offset((page - 1) * per_page).limit(per_page + 1)))
    return rows[:per_page], int(len(rows) > per_page)


def purge(session: Session, before: datetime) -> int:
    """Delete the rows older than `before` (the retention sweep); how many."""
    return session.execute(delete(AccessLogEntry).where(AccessLogEntry.at < before)).rowcount or 0
