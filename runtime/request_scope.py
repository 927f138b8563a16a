"""One database session per request, committed once at the edge (never inside helpers)."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy.orm import Session


def db() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["runtime"].sessions()
    return g.db_session


def commit() -> None:
    if "db_session" in g:
        g.db_session.commit()


def close(_exc=None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()  # anything not committed explicitly is discarded
        session.close()
