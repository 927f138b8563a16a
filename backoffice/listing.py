"""Lists of applications a user may see: the desk, search, the API's pages."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, contains_eager, selectinload

from backoffice import access
from storage import Applicant, Application

PAGE_SIZE = 25


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query(user, *, stage: str | None = None, q: str | None = None, desk: bool = False) -> Select:
    """Applications `user` may open; on the desk only those waiting for them; oldest due first.
    Every row's applicant is loaded with the rows (no query per row): by one extra `IN` query,
    or, when searching by name, from the join the search needs. (Joining applicants on every
    list made SQLite scan all applicants at 1,000,000 applications: 300 ms instead of 2.)"""
    stmt = select(Application).where(access.desk_filter(user) if desk else access.visible_filter(user))
    if stage:
        stmt = stmt.where(Application.stage == stage)
    q = (q or "").strip()
    if q:
        pattern = _like(q)
        stmt = (
            stmt.join(Applicant, Application.applicant_id == Applicant.id)
            .options(contains_eager(Application.applicant))
            .where(or_(Application.tracking_code.ilike(pattern, escape="\\"), Applicant.name.ilike(pattern, escape="\\")))
        )
    else:
        stmt = stmt.options(selectinload(Application.applicant))
    return stmt.order_by(Application.stage_due_at.is_(None), Application.stage_due_at, Application.id)


def page(session: Session, stmt: Select, number: int, size: int = PAGE_SIZE) -> tuple[list[Application], int]:
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(session.scalars(stmt.limit(size).offset((max(number, 1) - 1) * size)))
    return items, total or 0
