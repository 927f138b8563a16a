"""The register book (Buku Register Permohonan) and the monthly service report, from the database.

The SOP's *Pencatatan dan Pendataan*: every application and every step recorded, and per period
how many files the office received, finished, returned and refused, and whether it kept the
SOP's standard time. Everything is counted on office dates (`workflow.periods.Period`) and
office working time (`engine.calendar_for`), per event date:

- submitted: `submitted_at` in the period (the register lists exactly these files);
- completed / refused / cancelled: the file reached that final stage in the period (a draft the
  applicant cancelled before submitting is not the office's and is not counted);
- returned: files returned to the applicant at least once in the period;
- in progress: files submitted by the end of the period and not closed by then.

A file's working time is the office's: the working minutes of its visits to the staff stages
(`HistoryEvent.working_minutes`, written by the engine when a file leaves a stage), plus the
running visit of an open file. Time the file waits on the applicant (returned to them, ready
for pickup) stops the clock, as the SOP's standard (`dashboard.total_standard`: the staff
stages' standards, 6 working days + 75 minutes) measures only the office's steps.

Per service, never pooled: what a stage means (completed, refused, returned, the applicant's
turn) is read from the file's own workflow, each file is judged against its own workflow's
standard, and the summary of several services carries one summary per service (`services`);
its median and standard are given only when it covers one service (a median over services
with different standards would compare nothing).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Select, distinct, func, or_, select
from sqlalchemy.orm import Session, selectinload

from backoffice.dashboard import total_standard
from backoffice.service_scope import in_scope
from storage import Application, HistoryEvent, Service
from workflow.clock import WorkingCalendar
from workflow.definition import APPLICANT, Workflow, load, workflow_for
from workflow.engine import minutes_in_stage
from workflow.periods import Period

EVENT_BATCH = 500  # applications per history query (keeps the IN list small)


@dataclass(frozen=True)
class Stages:
    """Stage names by what they mean for the report, read from the workflow definitions."""

    completed: frozenset[str]
    refused: frozenset[str]
    cancelled: frozenset[str]
    returned: frozenset[str]  # returned to the applicant
    applicants: frozenset[str]  # the applicant's turn: the office's clock stops


def stages(flow: Workflow) -> Stages:
    """What `flow`'s stages mean for the report (one workflow's: a name another workflow uses
    for something else does not leak in)."""
    return _stages(flow.key)


@cache
def _stages(key: str) -> Stages:
    flow = load(key)
    returned = frozenset(a.target for a in flow.actions
                         if a.kind == "return" and not flow.stage(a.target).final and flow.stage(a.target).owner == APPLICANT)
    applicants = frozenset(s.name for s in flow.stages.values() if s.owner == APPLICANT)
    return Stages(flow.closing_stages("forward"), flow.closing_stages("reject"), flow.closing_stages("other"),
                  returned, applicants)


@dataclass(frozen=True)
class RegisterRow:
    application: Application
    working_minutes: int  # the office's, so far
    standard_minutes: int

    @property
    def within_standard(self) -> bool:
        return self.working_minutes <= self.standard_minutes

    @property
    def completed_at(self) -> datetime | None:
        app = self.application
        return app.closed_at if app.stage in stages(workflow_for(app.service)).completed else None


@dataclass(frozen=True)
class Summary:
    submitted: int
    completed: int
    refused: int
    cancelled: int
    returned: int
    in_progress: int
    median_minutes: float | None  # of the files completed in the period (one service only)
    within_standard: int  # of the files completed in the period, each against its own service's standard
    standard_minutes: int | None  # one service only
    service: str | None = None  # the service's code when the summary is one service's
    services: tuple[Summary, ...] = ()  # one per service when it covers several

    def as_dict(self) -> dict:
        out = {
            "submitted": self.submitted,
            "completed": self.completed,
            "refused": self.refused,
            "cancelled": self.cancelled,
            "returned": self.returned,
            "in_progress": self.in_progress,
            "median_working_minutes": self.median_minutes,
            "within_standard": self.within_standard,
            "within_standard_share": round(self.within_standard / self.completed, 4) if self.completed else None,
            "standard_working_minutes": self.standard_minutes,
        }
        if self.service is not None:
            out["service"] = self.service
        else:
            out["services"] = [s.as_dict() for s in self.services]
        return out


# ---- queries --------------------------------------------------------------------------------
def register_query(period: Period, tz_name: str, service: Service | None = None) -> Select:
    """The files submitted in the period, oldest first (the register's order)."""
    lo, hi = period.bounds(tz_name)
    stmt = (
        select(Application)
        .where(Application.submitted_at >= lo, Application.submitted_at < hi)
        .options(selectinload(Application.applicant), selectinload(Application.service))
        .order_by(Application.submitted_at, Application.id)
    )
    return stmt if service is None else stmt.where(Application.service_id == service.id)


def rows(session: Session, applications: list[Application], calendar: WorkingCalendar, now: datetime) -> list[RegisterRow]:
    events = _events(session, [a.id for a in applications])
    standards: dict[str, int] = {}
    out = []
    for app in applications:
        flow = workflow_for(app.service)
        if flow.key not in standards:
            standards[flow.key] = total_standard(flow, calendar)
        out.append(RegisterRow(app, office_minutes(app, events.get(app.id, []), calendar, now), standards[flow.key]))
    return out


def office_minutes(app: Application, events: list[tuple], calendar: WorkingCalendar, now: datetime) -> int:
    """Working minutes the office has spent on `app`: its visits to staff stages, from
    `(from_stage, at, working_minutes)` in order, plus the running visit of an open file. A row
    without minutes (written before the engine kept them) is worked out from the previous row."""
    applicants = stages(workflow_for(app.service)).applicants
    total, previous = 0, None
    for from_stage, at, minutes in events:
        if from_stage is not None and from_stage not in applicants:
            if minutes is not None:
                total += minutes
            elif previous is not None:
                total += minutes_in_stage(calendar, previous, at)
        previous = at
    if app.closed_at is None and app.stage not in applicants:
        total += minutes_in_stage(calendar, app.stage_entered_at, now)
    return total


def _events(session: Session, app_ids: list[int]) -> dict[int, list[tuple]]:
    out: dict[int, list[tuple]] = {}
    for i in range(0, len(app_ids), EVENT_BATCH):
        for app_id, from_stage, at, minutes in session.execute(
            select(HistoryEvent.application_id, HistoryEvent.from_stage, HistoryEvent.at, HistoryEvent.working_minutes)
            .where(HistoryEvent.application_id.in_(app_ids[i:i + EVENT_BATCH]))
            .order_by(HistoryEvent.application_id, HistoryEvent.id)
        ):
            out.setdefault(app_id, []).append((from_stage, at, minutes))
    return out


def summary(session: Session, period: Period, calendar: WorkingCalendar, now: datetime,
            service: Service | None = None) -> Summary:
    """The period's figures for one service, or for all: then the counts added up over the
    services (each file counted by its own workflow) and one summary per service beside them."""
    if service is not None:
        return service_summary(session, period, calendar, now, service)
    per_service = tuple(service_summary(session, period, calendar, now, svc) for svc in in_scope(session, None))
    single = per_service[0] if len(per_service) == 1 else None
    return Summary(
        **{name: sum(getattr(s, name) for s in per_service)
           for name in ("submitted", "completed", "refused", "cancelled", "returned", "in_progress", "within_standard")},
        median_minutes=single.median_minutes if single else None,
        standard_minutes=single.standard_minutes if single else None,
        services=per_service,
    )


def service_summary(session: Session, period: Period, calendar: WorkingCalendar, now: datetime,
                    service: Service) -> Summary:
    lo, hi = period.bounds(calendar.tz_name)
    flow = workflow_for(service)
    names = stages(flow)
    mine = Application.service_id == service.id
    count = select(func.count(Application.id)).where(mine)
    submitted = session.scalar(count.where(Application.submitted_at >= lo, Application.submitted_at < hi))
    closed = dict(session.execute(
        select(Application.stage, func.count(Application.id))
        .where(mine, Application.closed_at >= lo, Application.closed_at < hi, Application.submitted_at.is_not(None))
        .group_by(Application.stage)
    ).all())
    returned = session.scalar(
        select(func.count(distinct(HistoryEvent.application_id)))
        .join(Application, Application.id == HistoryEvent.application_id)
        .where(mine, HistoryEvent.to_stage.in_(sorted(names.returned)), HistoryEvent.at >= lo, HistoryEvent.at < hi)
    )
    in_progress = session.scalar(
        count.where(Application.submitted_at < hi, or_(Application.closed_at.is_(None), Application.closed_at >= hi))
    )
    finished = list(session.scalars(
        select(Application)
        .where(mine, Application.stage.in_(sorted(names.completed)), Application.closed_at >= lo,
               Application.closed_at < hi, Application.submitted_at.is_not(None))
        .options(selectinload(Application.service))
    ))
    timed = rows(session, finished, calendar, now)
    return Summary(
        submitted=submitted or 0,
        completed=sum(closed.get(name, 0) for name in names.completed),
        refused=sum(closed.get(name, 0) for name in names.refused),
        cancelled=sum(closed.get(name, 0) for name in names.cancelled),
        returned=returned or 0,
        in_progress=in_progress or 0,
        median_minutes=statistics.median(r.working_minutes for r in timed) if timed else None,
        within_standard=sum(r.within_standard for r in timed),
        standard_minutes=total_standard(flow, calendar),
        service=service.code,
    )
