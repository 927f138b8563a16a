"""The SLA monitor: alerts when a stage runs past its SOP time, escalations, the morning digest
and the applicant reminders. The scheduler runs `sweep()` every minute; `flask sla check --at`
runs `check()` by hand. Both are safe to run twice: every alert is a unique `SlaAlert` row
(application + stage visit + level) written with its outbox rows in one transaction.

- breach: the stage's due time has passed → the supervisors (role `supervisor` with a WhatsApp
  number) and the stage's owners, once per visit of that stage;
- escalation: the workflow's `escalation_factor` times the SLA (twice) has passed → the same people, once. A file found past both in one
  scan gets the escalation only (both are recorded): one message per file and person;
- digest: on working days from `[routine] digest_at` (07:30) office time, one list of everything overdue to the
  supervisors, once per day, without the files alerted in the last hour (they just heard);
Every alert names the file and links it: PUBLIC_BASE_URL + the back office's file page.
- reminder: a stage with `reminder_days` (returned files, uncollected documents) that long
  → the applicant, once per visit;
- question: a question to the office ("Tanya petugas") still unanswered past the office's
  answering standard (`workflow.questions`) → the supervisors, once per question, with its
  number, due time and the inbox link (never the question's text).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import catalogue
import runtime
from storage import Application, Counter, SlaAlert, utcnow
from storage.outbox import queue_message
from storage.staff import staff_on_whatsapp
from workflow import questions
from workflow.clock import WorkingCalendar, minutes_per_working_day
from workflow.definition import Sla, Stage, all_workflows, routine, workflow_for
from workflow.desk_notices import file_link
from workflow.engine import calendar_for

JUST_ALERTED = timedelta(hours=1)  # the digest leaves out files alerted this recently
SUPERVISOR = "supervisor"


@dataclass
class Report:
    breaches: int = 0
    escalations: int = 0
    reminders: int = 0
    digests: int = 0
    questions: int = 0
    overdue: list[str] | None = None  # listed only when asked (the CLI)

    def summary(self) -> str:
        listed = f"{len(self.overdue)} overdue; " if self.overdue is not None else ""
        return (f"{listed}alerts sent: {self.breaches} breach, "
                f"{self.escalations} escalation, {self.digests} digest, {self.reminders} reminder, "
                f"{self.questions} question")


def sweep() -> str:
    """The scheduler's entry point (enqueued by dotted path)."""
    return check().summary()


def check(now: datetime | None = None, rt=None, *, list_overdue: bool = False) -> Report:
    """One scan. The minute-by-minute sweep loads only files that may still need an alert
    (not yet escalated for this stage visit); the full overdue list is loaded only for the
    daily digest or when asked (`flask sla check` prints it)."""
    rt = rt or runtime.current()
    now = now or utcnow()
    report = Report()
    with rt.transaction() as session:
        calendar = calendar_for(session)
        pending = _overdue(session, now, unescalated_only=True)
        if list_overdue:
            report.overdue = [app.tracking_code or f"#{app.id}" for app, _ in _overdue(session, now)]
        done = _alerted(session, [app.id for app, _ in pending])
        base_url = rt.config.base_url
        for app, stage in pending:
            due = [level for level in _levels(calendar, app, stage, now)
                   if (app.id, app.stage, app.stage_entered_at, level) not in done and _once(session, app, level, now)]
            if not due:
                continue
            level = due[-1]  # past both: the escalation says it all; the breach is recorded as sent
            _alert(session, calendar, app, stage, level, now, base_url)
            if level == "breach":
                report.breaches += 1
            else:
                report.escalations += 1
        report.reminders = _reminders(session, calendar, now)
        report.questions = _question_alerts(session, calendar, now, base_url)
        report.digests = _digest(session, calendar, lambda: _overdue(session, now), now)
    return report


# ---- what is overdue ---------------------------------------------------------------------------
def _alerting_stages() -> set[str]:
    return {s.name for flow in all_workflows() for s in flow.stages.values() if s.alerts}


def _already(level: str):
    """SQL: this stage visit of the application already has an alert of `level`."""
    return (
        select(SlaAlert.id)
        .where(
            SlaAlert.application_id == Application.id,
            SlaAlert.stage == Application.stage,
            SlaAlert.stage_entered_at == Application.stage_entered_at,
            SlaAlert.level == level,
        )
        .exists()
    )


def _overdue(session, now, *, unescalated_only: bool = False) -> list[tuple[Application, Stage]]:
    query = select(Application).where(Application.stage.in_(_alerting_stages()), Application.stage_due_at <= now)
    if unescalated_only:
        query = query.where(~_already("escalation"))
    rows = session.scalars(query.order_by(Application.stage_due_at)).all()
    out = []
    for app in rows:
        stage = workflow_for(app.service).stage(app.stage)
        if stage.alerts:
            out.append((app, stage))
    return out


def _levels(calendar: WorkingCalendar, app: Application, stage: Stage, now) -> list[str]:
    levels = ["breach"]
    factor = workflow_for(app.service).escalation_factor
    escalated = Sla(minutes=stage.sla.minutes * factor, working_days=stage.sla.working_days * factor)
    if calendar.due(app.stage_entered_at, escalated) <= now:
        levels.append("escalation")
    return levels


def _alerted(session, application_ids: list[int]) -> set[tuple]:
    """The alerts already recorded for these applications (so a scan does not even try them)."""
    if not application_ids:
        return set()
    rows = session.execute(
        select(SlaAlert.application_id, SlaAlert.stage, SlaAlert.stage_entered_at, SlaAlert.level)
        .where(SlaAlert.application_id.in_(application_ids))
    ).all()
    return {tuple(row) for row in rows}


def _once(session, app: Application, level: str, now: datetime) -> bool:
    """Record that this alert is sent; False when another run recorded it first."""
    try:
        with session.begin_nested():
            session.add(SlaAlert(application_id=app.id, stage=app.stage, stage_entered_at=app.stage_entered_at,
                                 level=level, created_at=now))
            session.flush()
    except IntegrityError:
        return False
    return True


# ---- words --------------------------------------------------------------------------------------
def describe(minutes: int, language: str, calendar: WorkingCalendar) -> str:
    minutes = abs(int(minutes))
    day = minutes_per_working_day(calendar)  # 450 with the default hours: 7.5 office hours
    if day and minutes >= day:
        return catalogue.render("duration.days", language, days=minutes // day, hours=(minutes % day) // 60)
    if minutes >= 60:
        return catalogue.render("duration.hours", language, hours=minutes // 60, minutes=minutes % 60)
    return catalogue.render("duration.minutes", language, minutes=minutes)


def legal_sentence(calendar: WorkingCalendar, app: Application, now, language: str) -> str:
    flow = workflow_for(app.service)
    if not app.submitted_at or not flow.legal_days:
        return catalogue.render("alert.legal_unknown", language)
    deadline = calendar.add_days(app.submitted_at, flow.legal_days)
    left = calendar.minutes_between(now, deadline)
    key = "alert.legal_remaining" if left >= 0 else "alert.legal_passed"
    return catalogue.render(key, language, legal_days=flow.legal_days, remaining=describe(left, language, calendar))


# ---- sending ------------------------------------------------------------------------------------
def _alert(session, calendar, app: Application, stage: Stage, level: str, now, base_url: str) -> None:
    late = calendar.minutes_between(app.stage_due_at, now)
    key = "alert.sla_breach" if level == "breach" else "alert.sla_escalation"
    for user in staff_on_whatsapp(session, [SUPERVISOR, stage.owner]):
        lang = user.language
        queue_message(
            session,
            recipient=user.whatsapp,
            key=key,
            language=lang,
            staff_id=user.id,
            application_id=app.id,
            priority="notice",
            variables={
                "tracking_code": app.tracking_code or f"#{app.id}",
                "service": app.service.name,
                "stage": app.stage,
                "workflow": app.service.workflow,
                "sla": stage.sla.describe(),
                "due": calendar.local(app.stage_due_at).isoformat(),
                "overdue": describe(late, lang, calendar),
                "legal": legal_sentence(calendar, app, now, lang),
                "owner": catalogue.role_name(stage.owner, lang, app.service.workflow) if stage.owner else "-",
                "link": file_link(base_url, app.id),
            },
        )


def _digest(session, calendar: WorkingCalendar, load_overdue, now) -> int:
    local = calendar.local(now)
    if not calendar.is_working_day(local.date()) or local.time() < routine().digest_at:
        return 0
    marker = f"sla-digest:{local.date().isoformat()}"
    if session.get(Counter, marker) is not None:
        return 0
    overdue = load_overdue()
    if not overdue:
        return 0
    try:
        with session.begin_nested():  # one digest a day, however many scans run
            session.add(Counter(key=marker, value=1))
            session.flush()
    except IntegrityError:
        return 0
    recent = _recently_alerted(session, now)
    overdue = [(app, stage) for app, stage in overdue if app.id not in recent]
    if not overdue:  # everything overdue was alerted just now: today's digest would only repeat it
        return 0
    sent = 0
    for user in staff_on_whatsapp(session, [SUPERVISOR]):
        lang = user.language
        items = [
            catalogue.render("alert.digest_item", lang, tracking_code=app.tracking_code or f"#{app.id}", stage=app.stage,
                             workflow=app.service.workflow,
                             overdue=describe(calendar.minutes_between(app.stage_due_at, now), lang, calendar))
            for app, _ in overdue
        ]
        queue_message(session, recipient=user.whatsapp, key="alert.sla_digest", language=lang, staff_id=user.id,
                      priority="bulk", variables={"date": local.date().isoformat(), "count": len(items), "items": items})
        sent += 1
    return sent


def _recently_alerted(session, now) -> set[int]:
    """Files that had a breach or an escalation alert within JUST_ALERTED (this scan included)."""
    return set(session.scalars(
        select(SlaAlert.application_id).where(SlaAlert.level.in_(("breach", "escalation")),
                                              SlaAlert.created_at >= now - JUST_ALERTED)
    ))


def _reminders(session, calendar: WorkingCalendar, now) -> int:
    stages = {s.name: s for flow in all_workflows() for s in flow.stages.values() if s.reminder_days}
    if not stages:
        return 0
    # Working days are never shorter than calendar days, so this only narrows the scan.
    earliest = now - timedelta(days=min(s.reminder_days for s in stages.values()))
    sent = 0
    rows = session.scalars(
        select(Application).where(
            Application.stage.in_(stages), Application.stage_entered_at <= earliest, ~_already("reminder")
        )
    ).all()
    done = _alerted(session, [app.id for app in rows])
    for app in rows:
        stage = workflow_for(app.service).stage(app.stage)
        if not stage.reminder_days or calendar.add_days(app.stage_entered_at, stage.reminder_days) > now:
            continue
        if (app.id, app.stage, app.stage_entered_at, "reminder") in done or not _once(session, app, "reminder", now):
            continue
        applicant = app.applicant
        queue_message(
            session,
            recipient=applicant.whatsapp,
            key=f"reminder.{app.stage}",
            language=applicant.language,
            applicant_id=applicant.id,
            application_id=app.id,
            priority="bulk",
            variables={"tracking_code": app.tracking_code or "", "days": stage.reminder_days,
                       "pickup_code": app.pickup_code or "", "name": applicant.name or ""},
        )
        sent += 1
    return sent


def _question_alerts(session, calendar: WorkingCalendar, now, base_url: str) -> int:
    """Questions past the answering standard: the supervisors hear of each once."""
    sent = 0
    for question in questions.overdue_unalerted(session, calendar, now):
        if not questions.mark_alerted(session, question, now):
            continue
        due = questions.answer_due(question, calendar)
        for user in staff_on_whatsapp(session, questions.ALERTED_ROLES):
            queue_message(
                session,
                recipient=user.whatsapp,
                key="alert.question_overdue",
                language=user.language,
                staff_id=user.id,
                priority="notice",
                variables={"code": question.code, "due": calendar.local(due).isoformat(),
                           "overdue": describe(calendar.minutes_between(due, now), user.language, calendar),
                           "days": questions.answer_days(),
                           "link": questions.back_office_link(base_url, question.id)},
            )
        sent += 1
    return sent
