"""Figures for the supervisor dashboard, from the database (no caching; the office is small)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backoffice.sla import minutes_per_working_day
from storage import Application, HistoryEvent, OutboxMessage, utcnow
from workflow.clock import WorkingCalendar
from workflow.definition import Stage, Workflow, all_workflows

FAILED_OUTBOX = ("failed", "undelivered")
WINDOW = timedelta(days=90)


@dataclass(frozen=True)
class StageTime:
    stage: str
    median_minutes: int
    standard_minutes: int
    samples: int

    @property
    def over(self) -> bool:
        return bool(self.standard_minutes) and self.median_minutes > self.standard_minutes


def counts_per_stage(session: Session) -> list[tuple[str, int]]:
    rows = dict(session.execute(select(Application.stage, func.count()).group_by(Application.stage)).all())
    order = [name for flow in all_workflows() for name in flow.stages]
    return [(name, rows.get(name, 0)) for name in dict.fromkeys(order) if name != "draft"]


def overdue_stages() -> tuple[str, ...]:
    """The stages whose files can be overdue (the staff stages, with an SLA that alerts)."""
    return tuple(dict.fromkeys(s.name for flow in all_workflows() for s in flow.stages.values() if s.alerts))


def is_overdue(now: datetime):
    """The SQL condition on Application: past its stage's due time at `now` (the dashboard, the desk)."""
    return Application.stage.in_(overdue_stages()) & (Application.stage_due_at < now)


def overdue_count(session: Session, now: datetime) -> int:
    """All overdue files (the list shows the first 100; its heading links to all of them)."""
    return session.scalar(select(func.count()).select_from(Application).where(is_overdue(now))) or 0


def overdue(session: Session, now: datetime, limit: int = 100) -> list[Application]:
    stmt = (
        select(Application)
        .where(is_overdue(now))
        .order_by(Application.stage_due_at)
        .limit(limit)
    )
    return list(session.scalars(stmt))


def stage_standard(stage: Stage, minutes_per_day: int) -> int:
    """A stage's SOP standard in working minutes (a working day read as an ordinary Monday)."""
    return stage.sla.minutes + stage.sla.working_days * minutes_per_day


def stage_standards(calendar: WorkingCalendar) -> dict[str, int]:
    per_day = minutes_per_working_day(calendar)
    out: dict[str, int] = {}
    for flow in all_workflows():
        for s in flow.stages.values():
            if s.alerts:
                out.setdefault(s.name, stage_standard(s, per_day))
    return out


def total_standard(flow: Workflow, calendar: WorkingCalendar) -> int:
    """The SOP's total standard time of the office's stages of `flow`, in working minutes:
    the sum of the staff stages' standards (6 working days + 75 minutes for rekomendasi)."""
    per_day = minutes_per_working_day(calendar)
    return sum(stage_standard(s, per_day) for s in flow.stages.values() if s.alerts)


def median_times(session: Session, calendar: WorkingCalendar, now: datetime) -> list[StageTime]:
    """Median working time spent in each staff stage, over the visits that ended in WINDOW.

    Each visit's working minutes are on the history row that ended it (`working_minutes`, filled
    by the engine with the SLA's calendar); PostgreSQL takes the median itself, SQLite here.
    """
    standards = stage_standards(calendar)
    ended = (
        HistoryEvent.at >= now - WINDOW,
        HistoryEvent.from_stage.in_(standards),
        HistoryEvent.working_minutes.is_not(None),
    )
    if session.get_bind().dialect.name == "postgresql":
        medians = {
            stage: (median, samples)
            for stage, median, samples in session.execute(
                select(HistoryEvent.from_stage, func.percentile_cont(0.5).within_group(HistoryEvent.working_minutes), func.count())
                .where(*ended)
                .group_by(HistoryEvent.from_stage)
            )
        }
    else:
        spent: dict[str, list[int]] = defaultdict(list)
        for stage, minutes in session.execute(select(HistoryEvent.from_stage, HistoryEvent.working_minutes).where(*ended)):
            spent[stage].append(minutes)
        medians = {stage: (statistics.median(values), len(values)) for stage, values in spent.items()}
    return [
        StageTime(stage, int(medians[stage][0]), standard, medians[stage][1])
        for stage, standard in standards.items()
        if stage in medians
    ]


def per_week(session: Session, calendar: WorkingCalendar, now: datetime, weeks: int = 12) -> list[tuple[str, int]]:
    """Submissions per ISO week (Monday to Sunday, office time), the last `weeks` weeks with this
    one, oldest first, empty weeks included. Counted in SQL over the submitted_at index: one
    `count(*) FILTER (…)` per week."""
    today = calendar.local(now)
    monday = (today - timedelta(days=today.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    starts = [monday - timedelta(weeks=i) for i in reversed(range(weeks))]
    bounds = [moment.astimezone(UTC) for moment in [*starts, monday + timedelta(weeks=1)]]
    counts = session.execute(
        select(*(func.count().filter(Application.submitted_at >= lo, Application.submitted_at < hi)
                 for lo, hi in zip(bounds, bounds[1:], strict=False)))
        .where(Application.submitted_at >= bounds[0], Application.submitted_at < bounds[-1])
    ).one()
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
