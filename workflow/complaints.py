"""Complaints (Penanganan Pengaduan): opened from WhatsApp, answered by staff, answer sent back.

- `open_complaint` stores the complaint and, in the same transaction, alerts the supervisors on
  WhatsApp (outbox rows, sent after the caller commits): the number, the file it is about, the
  time to answer by and the back-office link, never the complaint's text or the applicant's data.
- The handling standard: an answer within `answer_within_days()` working days of receipt (office
  calendar), read from services.toml `[routine]` (its source is cited there and in the README).
- `answer_complaint` is the one rule for answering, used by the web form and the JSON API
  (`workflow.answers.record_answer`, shared with the questions to the office).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select
from sqlalchemy.orm import Session

from storage import Applicant, Application, Complaint, StaffUser, utcnow
from storage.outbox import queue_message
from storage.sequences import next_value
from storage.staff import staff_on_whatsapp
from workflow.answers import MAX_ANSWER, inbox_query, record_answer
from workflow.clock import WorkingCalendar
from workflow.definition import routine
from workflow.engine import calendar_for

ALERTED_ROLES = ("supervisor",)  # like the SLA alerts; an admin who handles complaints holds this role too
STATUSES = ("open", "answered")
MAX_LENGTH = MAX_ANSWER


def answer_within_days() -> int:
    """The handling standard in working days (services.toml `[routine] complaint_answer_days`)."""
    return routine().complaint_answer_days


def answer_due(complaint: Complaint, calendar: WorkingCalendar) -> datetime:
    """When the answer is due under the handling standard (working days, office calendar)."""
    return calendar.add_days(complaint.created_at, answer_within_days())


def back_office_link(base_url: str, complaint_id: int) -> str:
    return f"{base_url.rstrip('/')}/backoffice/complaints#complaint-{complaint_id}"


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
    _alert_staff(session, complaint, application)
    return complaint


def _alert_staff(session: Session, complaint: Complaint, application: Application | None) -> None:
    calendar = calendar_for(session)
    variables = {
        "code": complaint.code,
        "tracking_code": application.tracking_code if application else "-",
        "service": application.service.name if application else "-",
        "due": calendar.local(answer_due(complaint, calendar)).isoformat(),
        "days": answer_within_days(),
        "link": back_office_link(session.info.get("settings", {}).get("base_url", ""), complaint.id),
    }
    for user in staff_on_whatsapp(session, ALERTED_ROLES):
        queue_message(
            session,
            recipient=user.whatsapp,
            key="staff.new_complaint",
            variables=variables,
            language=user.language,
            staff_id=user.id,
            application_id=complaint.application_id,
        )


def answer_complaint(session: Session, complaint: Complaint, staff: StaffUser, answer,
                     now: datetime | None = None) -> Complaint:
    """Record the answer (`workflow.answers.record_answer`: the roles, once, not empty, not too
    long) and queue it to the applicant's WhatsApp (sent after the caller commits)."""
    answer = record_answer(session, Complaint, complaint, staff, answer, what="complaint", now=now)
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


def query(status: str = "open") -> Select:
    """Complaints with this status: open ones oldest first, answered ones latest answer first."""
    return inbox_query(Complaint, status)


def listing(session: Session, status: str = "open", limit: int = 200) -> list[Complaint]:
    return list(session.scalars(query(status).limit(limit)))
