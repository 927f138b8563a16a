"""Questions to the office ("Tanya petugas", TANYA): asked in WhatsApp without registering,
answered by any back-office staff (or a supervisor or admin) from the web, the answer sent back
through the outbox (free-form inside WhatsApp's 24-hour window, else the approved template
`dpmptsp_question_answered`, as the complaints' answer).

- The standard: answered within `question_answer_working_days` working days (office calendar) of
  receipt — the office's own standard, data in `definitions/office/identity.toml` (konfirmasi
  kantor). Past it the SLA sweep alerts the supervisors once (`overdue_unalerted`, `mark_alerted`).
- Limits: a question is `MIN_LENGTH`–`MAX_LENGTH` characters of text; a person has at most
  `MAX_OPEN` unanswered questions and asks at most `MAX_PER_DAY` in 24 hours.
- The text may hold personal data: nothing here logs it, and the staff alert carries only the
  number, the due time and a link. The retention sweep deletes questions after
  `retention_question_days` (workflow/retention.py); HAPUS DATA deletes a person's questions.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from catalogue.office import office
from storage import Applicant, Question, Service, StaffUser, utcnow
from storage.outbox import queue_message
from storage.sequences import next_value
from workflow.answers import ANSWERING_ROLES, inbox_query, record_answer
from workflow.clock import WorkingCalendar

__all__ = ["ALERTED_ROLES", "ANSWERING_ROLES", "MAX_LENGTH", "MAX_OPEN", "MAX_PER_DAY", "MIN_LENGTH", "STATUSES",
           "answer_days", "answer_due", "answer_question", "ask", "listing", "refusal"]

ALERTED_ROLES = ("supervisor",)  # like the SLA alerts of the files
STATUSES = ("open", "answered")
MIN_LENGTH = 10
MAX_LENGTH = 1000  # one WhatsApp message a clerk can read and answer; longer is refused, not cut
MAX_OPEN = 3  # unanswered questions one person may have
MAX_PER_DAY = 5  # questions one person may send in 24 hours


def answer_days() -> int:
    """The office's standard: working days to answer (identity.toml, konfirmasi kantor)."""
    return max(int(office().question_answer_working_days), 1)


def answer_due(question: Question, calendar: WorkingCalendar) -> datetime:
    return calendar.add_days(question.created_at, answer_days())


def back_office_link(base_url: str, question_id: int) -> str:
    return f"{base_url.rstrip('/')}/backoffice/questions#question-{question_id}"


def refusal(session: Session, applicant: Applicant, now: datetime | None = None) -> tuple[str, dict] | None:
    """Why this person may not ask now (catalogue key and variables), or None."""
    now = now or utcnow()
    mine = select(func.count(Question.id)).where(Question.applicant_id == applicant.id)
    if (session.scalar(mine.where(Question.status == "open")) or 0) >= MAX_OPEN:
        return "question.too_many_open", {"max": MAX_OPEN}
    if (session.scalar(mine.where(Question.created_at >= now - timedelta(hours=24))) or 0) >= MAX_PER_DAY:
        return "question.too_many_today", {"max": MAX_PER_DAY}
    return None


def ask(session: Session, applicant: Applicant, body: str, service: Service | None = None,
        now: datetime | None = None) -> Question:
    """Store a question (the caller checked `refusal` and the length). Nothing is logged."""
    now = now or utcnow()
    question = Question(
        code=f"TNY-{now.year}-{next_value(session, f'question:{now.year}'):06d}",
        applicant_id=applicant.id,
        service_id=service.id if service else None,
        body=body.strip()[:MAX_LENGTH],
        status="open",
        created_at=now,
    )
    session.add(question)
    session.flush()
    return question


def answer_question(session: Session, question: Question, staff: StaffUser, answer,
                    now: datetime | None = None) -> Question:
    """Record the answer (the complaints' rule) and queue it to the person's WhatsApp."""
    answer = record_answer(session, Question, question, staff, answer, what="question", now=now)
    person = session.get(Applicant, question.applicant_id)
    queue_message(
        session,
        recipient=person.whatsapp,
        key="question.answered",
        variables={"code": question.code, "answer": answer},
        language=person.language or "id",
        applicant_id=person.id,
    )
    session.flush()
    return question


def query(status: str = "open") -> Select:
    """Questions with this status: open ones oldest first, answered ones latest answer first."""
    return inbox_query(Question, status)


def listing(session: Session, status: str = "open", limit: int = 200) -> list[Question]:
    return list(session.scalars(query(status).limit(limit)))


def overdue_unalerted(session: Session, calendar: WorkingCalendar, now: datetime) -> list[Question]:
    """Open questions past the standard whose supervisors have not been told yet, oldest first.
    Working days are never shorter than calendar days, so only questions at least that many
    calendar days old are loaded."""
    rows = session.scalars(
        query("open").where(Question.alerted_at.is_(None), Question.created_at <= now - timedelta(days=answer_days()))
    )
    return [q for q in rows if answer_due(q, calendar) <= now]


def mark_alerted(session: Session, question: Question, now: datetime) -> bool:
    """Record the alert; False when another sweep recorded it first (it sends nothing then)."""
    return bool(session.execute(
        update(Question).where(Question.id == question.id, Question.alerted_at.is_(None)).values(alerted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount)
