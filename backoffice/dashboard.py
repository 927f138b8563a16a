"""Figures for the supervisor dashboard, from the database (no caching; the office is small).

Per service: each service's files are counted in its own workflow's stages and its stage times
judged against its own workflow's standards. A stage name two workflows share (say
`verification`, 10 minutes in one and 2 working days in another) is two figures, one per
service; nothing pools the stages of different workflows. `service` (a `Service` or None for
all) narrows every figure; see `backoffice.service_scope`.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.service_scope import in_scope
from backoffice.sla import is_overdue
from storage import Application, HistoryEvent, OutboxMessage, Service, utcnow
from workflow.clock import WorkingCalendar, minutes_per_working_day
from workflow.definition import Stage, Workflow, workflow_for

FAILED_OUTBOX = ("failed", "undelivered")
WINDOW = timedelta(days=90)


@dataclass(frozen=True)
class StageTime:
    stage: str
    median_minutes: int
    standard_minutes: int
    samples: int
    service: str = ""  # the service's code: a stage is timed within its own service

    @property
    def over(self) -> bool:
        return bool(self.standard_minutes) and self.median_minutes > self.standard_minutes


def _of(stmt, service: Service | None):
    return stmt if service is None else stmt.where(Application.service_id == service.id)


def counts_per_stage(session: Session, service: Service | None = None) -> list[tuple[Service, list[tuple[str, int]]]]:
    """Per service (by code), its workflow's stages in order (draft left out) with how many of
    its files are in each."""
    rows = session.execute(_of(
        select(Application.service_id, Application.stage, func.count()).group_by(Application.service_id, Application.stage),
        service)).all()
    found: dict[tuple[int, str], int] = {(sid, stage): n for sid, stage, n in rows}
    return [(svc, [(name, found.get((svc.id, name), 0)) for name in workflow_for(svc).stages if name != "draft"])
            for svc in in_scope(session, service)]


def overdue_count(session: Session, now: datetime, service: Service | None = None) -> int:
    """All overdue files (the list shows the first 100; its heading links to all of them)."""
    return session.scalar(_of(select(func.count()).select_from(Application).where(is_overdue(now)), service)) or 0


def overdue(session: Session, now: datetime, limit: int = 100, service: Service | None = None) -> list[Application]:
    """Files past their stage's due time, in stages that alert in their own workflow."""
    stmt = _of(
        select(Application)
        .where(is_overdue(now))
        .order_by(Application.stage_due_at)
        .limit(limit),
        service,
    )
    return [app for app in session.scalars(stmt) if _alerts(app)]


def _alerts(app: Application) -> bool:
    stage = workflow_for(app.service).stages.get(app.stage)
    return bool(stage and stage.alerts)


def stage_standard(stage: Stage, minutes_per_day: int) -> int:
    """A stage's SOP standard in working minutes (a working day read as an ordinary Monday)."""
    return stage.sla.minutes + stage.sla.working_days * minutes_per_day


def stage_standards(flow: Workflow, calendar: WorkingCalendar) -> dict[str, int]:
    """The standards of `flow`'s staff stages, in working minutes, in the workflow's order."""
    per_day = minutes_per_working_day(calendar)
    return {s.name: stage_standard(s, per_day) for s in flow.stages.values() if s.alerts}


def total_standard(flow: Workflow, calendar: WorkingCalendar) -> int:
    """The SOP's total standard time of the office's stages of `flow`, in working minutes:
    the sum of the staff stages' standards (6 working days + 75 minutes for rekomendasi)."""
    return sum(stage_standards(flow, calendar).values())


def median_times(session: Session, calendar: WorkingCalendar, now: datetime,
                 service: Service | None = None) -> list[StageTime]:
    """Median working time spent in each staff stage of each service, over the visits that
    ended in WINDOW, against that service's workflow's standard for the stage.

    Each visit's working minutes are on the history row that ended it (`working_minutes`, filled
    by the engine with the SLA's calendar), with the file's service (`service_id`): the window is
    read from one index (`ix_history_events_medians`), no row joined to its application.
    PostgreSQL takes the median itself, SQLite here.
    """
    services = in_scope(session, service)
    standards = {svc.id: stage_standards(workflow_for(svc), calendar) for svc in services}
    names = {name for per_stage in standards.values() for name in per_stage}
    ended = select(HistoryEvent.service_id, HistoryEvent.from_stage).where(
        HistoryEvent.at >= now - WINDOW, HistoryEvent.from_stage.in_(names), HistoryEvent.working_minutes.is_not(None))
    if service is not None:
        ended = ended.where(HistoryEvent.service_id == service.id)
    if session.get_bind().dialect.name == "postgresql":
        medians = {
            (sid, stage): (median, samples)
            for sid, stage, median, samples in session.execute(
                ended.add_columns(func.percentile_cont(0.5).within_group(HistoryEvent.working_minutes), func.count())
                .group_by(HistoryEvent.service_id, HistoryEvent.from_stage)
            )
        }
    else:
        spent: dict[tuple[int, str], list[int]] = defaultdict(list)
        for sid, stage, minutes in session.execute(ended.add_columns(HistoryEvent.working_minutes)):
            spent[(sid, stage)].append(minutes)
        medians = {key: (statistics.median(values), len(values)) for key, values in spent.items()}
    return [
        StageTime(stage, int(medians[(svc.id, stage)][0]), standard, medians[(svc.id, stage)][1], svc.code)
        for svc in services
        for stage, standard in standards[svc.id].items()
        if (svc.id, stage) in medians
    ]


def per_week(session: Session, calendar: WorkingCalendar, now: datetime, weeks: int = 12,
             service: Service | None = None) -> list[tuple[str, int]]:
    """Submissions per ISO week (Monday to Sunday, office time), the last `weeks` weeks with this
    one, oldest first, empty weeks included. Counted in SQL over the submitted_at index: one
    `count(*) FILTER (…)` per week."""
    today = calendar.local(now)
    monday = (today - timedelta(days=today.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    starts = [monday - timedelta(weeks=i) for i in reversed(range(weeks))]
    bounds = [moment.astimezone(UTC) for moment in [*starts, monday + timedelta(weeks=1)]]
    counts = session.execute(_of(
        select(*(func.count().filter(Application.submitted_at >= lo, Application.submitted_at < hi)
                 for lo, hi in zip(bounds, bounds[1:], strict=False)))
        .where(Application.submitted_at >= bounds[0], Application.submitted_at < bounds[-1]),
        service,
    )).one()
    return [(_week(start), count) for start, count in zip(starts, counts, strict=True)]


def week_days(label: str) -> tuple[date, date]:
    """The Monday and the Sunday of an ISO week label (`2026-W09`): the desk's date filter behind a bar."""
    year, week = label.split("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    return monday, monday + timedelta(days=6)


def _week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def failed_messages(session: Session, limit: int = 50, since: timedelta = timedelta(days=7)) -> list[OutboxMessage]:
    """Messages that failed, and the last week's messages WhatsApp refused outside the 24-hour
    window (63016) that went again as their template, newest first."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.status.in_(FAILED_OUTBOX) | (OutboxMessage.refused_at >= utcnow() - since))
        .order_by(OutboxMessage.updated_at.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))
