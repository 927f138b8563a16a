"""The SLA badge of a file in its current stage, or of an open complaint or question to the
office, counted in office working time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import catalogue
from storage import Application, Complaint, Question
from workflow import complaints, questions
from workflow.clock import WorkingCalendar
from workflow.definition import all_workflows

SOON_SHARE = 0.25  # "due soon" once less than a quarter of the stage's working time is left


@dataclass(frozen=True)
class Badge:
    state: str  # on_time | due_soon | overdue | none
    minutes_left: int | None = None  # working minutes; negative when overdue


def badge(application: Application, calendar: WorkingCalendar, now: datetime) -> Badge:
    due = application.stage_due_at
    if due is None or application.closed_at is not None:
        return Badge("none")
    return clock_badge(application.stage_entered_at, due, calendar, now)


@dataclass(frozen=True)
class AnswerClock:
    """A message waiting for the office's answer against its standard (a complaint:
    `workflow.complaints.answer_within_days()`; a question: `workflow.questions.answer_days`)."""

    due_at: datetime
    minutes: int  # working minutes from receipt to the answer, or to now while it is open
    badge: Badge  # none once answered
    answered_late: bool


def answer_clock(received: datetime, answered: datetime | None, due: datetime, calendar: WorkingCalendar,
                 now: datetime) -> AnswerClock:
    return AnswerClock(
        due_at=due,
        minutes=calendar.minutes_between(received, answered or now),
        badge=clock_badge(received, due, calendar, now) if answered is None else Badge("none"),
        answered_late=answered is not None and answered > due,
    )


def complaint_clock(complaint: Complaint, calendar: WorkingCalendar, now: datetime) -> AnswerClock:
    return answer_clock(complaint.created_at, complaint.answered_at, complaints.answer_due(complaint, calendar),
                        calendar, now)


def question_clock(question: Question, calendar: WorkingCalendar, now: datetime) -> AnswerClock:
    return answer_clock(question.created_at, question.answered_at, questions.answer_due(question, calendar),
                        calendar, now)


def clock_badge(started: datetime, due: datetime, calendar: WorkingCalendar, now: datetime) -> Badge:
    left = calendar.minutes_between(now, due)
    if now >= due:
        return Badge("overdue", min(left, 0))
    total = max(calendar.minutes_between(started, due), 1)
    return Badge("due_soon" if left <= total * SOON_SHARE else "on_time", left)


def describe_minutes(minutes: int, minutes_per_day: int, lang: str = "id") -> str:
    """Working minutes in words a clerk reads at a glance: `2 hari 3 jam`, `45 mnt`."""
    minutes = abs(int(minutes))
    days, rest = divmod(minutes, minutes_per_day) if minutes_per_day else (0, minutes)
    hours, mins = divmod(rest, 60)
    words = [catalogue.text(f"bo.duration.{unit}", lang) for unit in ("days", "hours", "minutes")]
    parts = []
    if days:
        parts.append(f"{days} {words[0]}")
    if hours:
        parts.append(f"{hours} {words[1]}")
    if mins or not parts:
        parts.append(f"{mins} {words[2]}")
    return " ".join(parts[:2])



def overdue_stages() -> tuple[str, ...]:
    """The stages whose files can be overdue (the staff stages, with an SLA that alerts)."""
    return tuple(dict.fromkeys(s.name for flow in all_workflows() for s in flow.stages.values() if s.alerts))


def is_overdue(now: datetime):
    """The SQL condition on Application: past its stage's due time at `now` (the dashboard, the desk)."""
    return Application.stage.in_(overdue_stages()) & (Application.stage_due_at < now)
