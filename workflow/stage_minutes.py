"""Fill `HistoryEvent.working_minutes` on rows written before the engine recorded it (and
`HistoryEvent.service_id` on rows from before migration 0021: `fill_services`).

The engine writes the working minutes of a stage visit on the history row that leaves the stage
(`engine.minutes_in_stage`). Older rows, and rows written by a process still running older code
while a release rolls out, have none; `fill_missing` works them out from the history itself:
per application, events in order, each visit from the previous event's time to this one's, with
the office calendar the app uses (`engine.calendar_for`: settings from the session, overrides
from the database).

`flask history fill-minutes` runs it; the release step runs that right after `flask db upgrade`.
It is not in the migration: there, on PostgreSQL, the whole upgrade is one transaction holding
the ADD COLUMN's exclusive lock on `history_events` (no file page, no action) for as long as the
backfill takes, and the office hours live in the app's settings, which a bare `alembic` run
does not have. Here each batch of applications is its own short transaction, and a second run
only does what is still missing.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import bindparam, exists, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from storage import Application, HistoryEvent
from storage.db import transaction
from workflow.engine import calendar_for, minutes_in_stage

BATCH = 500  # applications per transaction

_MISSING = (HistoryEvent.from_stage.is_not(None), HistoryEvent.working_minutes.is_(None))


def missing(session: Session) -> bool:
    """Whether some row that leaves a stage has no working minutes yet."""
    return bool(session.scalar(select(exists().where(*_MISSING))))


def fill_missing(sessions: sessionmaker[Session], *, batch: int = BATCH, progress: Callable[[int], None] | None = None) -> int:
    """Fill every missing row, `batch` applications per committed transaction; the rows filled."""
    with transaction(sessions) as s:
        if not missing(s):
            return 0
        calendar = calendar_for(s)
    filled, after = 0, 0
    while True:
        with transaction(sessions) as s:
            app_ids = list(s.scalars(
                select(HistoryEvent.application_id)
                .where(*_MISSING, HistoryEvent.application_id > after)
                .group_by(HistoryEvent.application_id)
                .order_by(HistoryEvent.application_id)
                .limit(batch)
            ))
            if not app_ids:
                return filled
            rows = _missing_minutes(s, calendar, app_ids)
            if rows:
                s.connection().execute(
                    update(HistoryEvent)
                    .where(HistoryEvent.id == bindparam("event_id"))
                    .values(working_minutes=bindparam("minutes")),
                    rows,
                )
        filled += len(rows)
        after = app_ids[-1]
        if progress:
            progress(filled)


def fill_services(sessions: sessionmaker[Session], *, batch: int = BATCH,
                  progress: Callable[[int], None] | None = None) -> int:
    """Give rows written before 0021 (or by older code during a release) their file's service,
    `batch` applications (by id range, through the application_id index) per committed
    transaction; the rows filled. A second run finds none and reads one index."""
    with transaction(sessions) as s:
        if not s.scalar(select(exists().where(HistoryEvent.service_id.is_(None)))):
            return 0
        last = s.scalar(select(func.max(Application.id))) or 0
    service = select(Application.service_id).where(Application.id == HistoryEvent.application_id).scalar_subquery()
    filled = 0
    for lo in range(0, last, batch):
        with transaction(sessions) as s:
            filled += s.execute(
                update(HistoryEvent)
                .where(HistoryEvent.application_id > lo, HistoryEvent.application_id <= lo + batch,
                       HistoryEvent.service_id.is_(None))
                .values(service_id=service)
                .execution_options(synchronize_session=False)
            ).rowcount or 0
        if progress:
            progress(filled)
    return filled


def _missing_minutes(session: Session, calendar, app_ids: list[int]) -> list[dict]:
    """For these applications' rows that lack it: {event_id, minutes}, from the previous row's time."""
    events = session.execute(
        select(HistoryEvent.id, HistoryEvent.application_id, HistoryEvent.at, HistoryEvent.from_stage, HistoryEvent.working_minutes)
        .where(HistoryEvent.application_id.in_(app_ids))
        .order_by(HistoryEvent.application_id, HistoryEvent.id)
    ).all()
    rows: list[dict] = []
    previous: tuple[int, object] | None = None
    for event_id, app_id, at, from_stage, minutes in events:
        entered = previous[1] if previous and previous[0] == app_id else None
        if from_stage is not None and minutes is None and entered is not None:
            rows.append({"event_id": event_id, "minutes": minutes_in_stage(calendar, entered, at)})
        previous = (app_id, at)
    return rows
