"""Complaints (Penanganan Pengaduan): opened from WhatsApp, answered by staff, answer sent back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import Applicant, Application, Complaint, StaffUser, utcnow
from storage.outbox import queue_message
from storage.sequences import next_value
from workflow.errors import BadFields, Forbidden, NotAllowed

ANSWERING_ROLES = ("back_office", "supervisor", "admin")
MAX_LENGTH = 2000


def open_complaint(session: Session, applicant: Applicant, body: str, application: Application | None = None,
                   now: datetime | None = None) -> Complaint:
    now = now or utcnow()
    year = now.year
    complaint = Complaint(
        code=f"ADU-{year}-{next_value(session, f'complaint:{year}'):06d}",
        applicant_id=applicant.id,
        application_id=application.id if application else None,
        body=body.strip()[:MAX_LENGTH],
        status="open",
        created_at=now,
    )
    session.add(complaint)
    session.flush()
    return complaint


def answer_complaint(session: Session, complaint: Complaint, staff: StaffUser, answer: str,
                     now: datetime | None = None) -> Complaint:
    """Record the answer and queue it to the applicant's WhatsApp (sent after the caller commits)."""
    if not staff.has_role(*ANSWERING_ROLES):
        raise Forbidden("only back office, supervisors and admins answer complaints")
    if complaint.status != "open":
        raise NotAllowed("this complaint has already been answered")
    answer = (answer or "").strip()
    if not answer:
        raise BadFields({"answer": "write the answer"})
    if len(answer) > MAX_LENGTH:
        raise BadFields({"answer": f"at most {MAX_LENGTH} characters"})
    complaint.answer, complaint.answered_by, complaint.answered_at = answer, staff.id, now or utcnow()
    complaint.status = "answered"
    applicant = session.get(Applicant, complaint.applicant_id)
    application = session.get(Application, complaint.application_id) if complaint.application_id else None
    queue_message(
        session,
        recipient=applicant.whatsapp,
        key="complaint.answered",
        variables={"code": complaint.code, "answer": answer,
                   "tracking_code": application.tracking_code if application else ""},
        language=applicant.language or "id",
        applicant_id=applicant.id,
        application_id=complaint.application_id,
    )
    session.flush()
    return complaint


def listing(session: Session, status: str = "open", limit: int = 200) -> list[Complaint]:
    stmt = select(Complaint).where(Complaint.status == status)
    stmt = stmt.order_by(Complaint.created_at if status == "open" else Complaint.answered_at.desc())
    return list(session.scalars(stmt.limit(limit)))
