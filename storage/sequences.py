"""Atomic, gap-free counters: the next value is taken inside the caller's transaction.

`UPDATE … RETURNING` holds the row lock until the caller commits, so two transactions never
get the same value, and a rolled-back one gives its value back (no gaps).
"""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from storage.applications import Counter


def next_value(session: Session, key: str) -> int:
    stmt = update(Counter).where(Counter.key == key).values(value=Counter.value + 1).returning(Counter.value)
    value = session.execute(stmt).scalar_one_or_none()
    if value is not None:
        return value
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(Counter).values(key=key, value=0).on_conflict_do_nothing())
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(Counter).values(key=key, value=0).on_conflict_do_nothing())
    else:  # pragma: no cover - other backends are not supported targets
        session.execute(insert(Counter).values(key=key, value=0))
    return session.execute(stmt).scalar_one()
