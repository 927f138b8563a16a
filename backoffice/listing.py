"""Lists of applications a user may see: the desk, search, the API's pages."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, contains_eager

from backoffice import access
from storage import Applicant, Application

PAGE_SIZE = 25


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query(user, *, stage: str | None = None, q: str | None = None, desk: bool = False) -> Select:
    """Applications `user` may open; on the desk only those waiting for them; oldest due first."""
    stmt = (
        select(Application)
        .join(Applicant, Application.applicant_id == Applicant.id)
        .options(contains_eager(Application.applicant))  # the desk shows every row's applicant: no query per row
        .where(access.visible_filter(user))
    )
    if desk:
        stmt = stmt.where(Application.stage.in_(access.desk_stages(user)))
    if stage:
        stmt = stmt.where(Application.stage == stage)
    q = (q or "").strip()
    if q:
        pattern = _like(q)
        stmt = stmt.where(or_(Application.tracking_code.ilike(pattern, escape="\\"), Applicant.name.ilike(pattern, escape="\\")))
    return stmt.order_by(Application.stage_due_at.is_(None), Application.stage_due_at, Application.id)


def page(session: Session, stmt: Select, number: int, size: int = PAGE_SIZE) -> tuple[list[Application], int]:
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(session.scalars(stmt.limit(size).offset((max(number, 1) - 1) * size)))
    return items, total or 0
