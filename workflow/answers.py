"""Answering a person's message from the back office: one rule for complaints (ADUAN) and
questions to the office (TANYA). The caller queues the answer to the person's WhatsApp.

`record_answer` refuses a role that may not answer (Forbidden), a row already answered
(NotAllowed, also when a colleague answered it a moment ago: only the first of two answers at
the same moment wins, the row changes only while open) and an empty or over-long answer
(BadFields). It returns the answer as stored (trimmed).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from catalogue import Phrase
from storage import StaffUser, utcnow
from workflow.errors import BadFields, Forbidden, NotAllowed

ANSWERING_ROLES = ("back_office", "supervisor", "admin")
MAX_ANSWER = 2000


def record_answer(session: Session, model, row, staff: StaffUser, answer, *, what: str,
                  now: datetime | None = None) -> str:
    """Mark `row` (a `model` with status/answer/answered_by/answered_at) answered by `staff`."""
    if not staff.has_role(*ANSWERING_ROLES):
        raise Forbidden(f"only back office, supervisors and admins answer {what}s")
    if row.status != "open":
        raise NotAllowed(f"this {what} has already been answered")
    if not isinstance(answer, str) or not answer.strip():
        raise BadFields({"answer": Phrase("field_error.answer_empty")})
    answer = answer.strip()
    if len(answer) > MAX_ANSWER:
        raise BadFields({"answer": Phrase("field_error.answer_too_long", max=MAX_ANSWER)})
    claimed = session.execute(
        update(model)
        .where(model.id == row.id, model.status == "open")
        .values(status="answered", answer=answer, answered_by=staff.id, answered_at=now or utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    session.refresh(row)
    if not claimed:
        raise NotAllowed(f"this {what} has already been answered")
    return answer


def inbox_query(model, status: str = "open") -> Select:
    """Rows of `model` with this status: open ones oldest first (the inbox), answered ones latest
    answer first."""
    stmt = select(model).where(model.status == status)
    return stmt.order_by(model.created_at, model.id) if status == "open" else stmt.order_by(
        model.answered_at.desc(), model.id.desc())
