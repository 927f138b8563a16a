"""The one engine that moves an application through its SOP.

`available(application, who)` lists the actions `who` may take now; `fire(application, name,
who, note=…, **fields)` takes one: it checks the stage, the role and the fields, runs the
action's effect, appends the history row (with the working minutes spent in the stage it
leaves), sets the stage and its due time and writes the outbox rows — all in the caller's
transaction (it flushes, never commits). Nothing else writes `Application.stage`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from catalogue import Phrase
from config import OFFICE_TZ
from storage import Application, CalendarOverride, HistoryEvent, stage_writer, utcnow
from storage.outbox import queue_message
from workflow import desk_notices, effects
from workflow.actors import Actor
from workflow.clock import DEFAULT_HOURS, WorkingCalendar
from workflow.definition import Action, workflow_for
from workflow.errors import BadFields, Forbidden, NotAllowed
from workflow.service_spec import spec_for

SECRET_TYPES = ("secret",)


def calendar_for(session: Session) -> WorkingCalendar:
    """The office calendar: settings from the session's `info`, overrides from the database."""
    settings = session.info.get("settings", {})
    overrides = {row.day: row.closed for row in session.scalars(select(CalendarOverride))}
    return WorkingCalendar(
        tz_name=settings.get("tz_name", OFFICE_TZ),
        hours_spec=settings.get("office_hours", DEFAULT_HOURS),
        overrides=overrides,
    )


def available(application: Application, who) -> list[Action]:
    """The actions `who` may take on `application` in its current stage."""
    actor = Actor.of(who)
    roles = actor.roles_for(application)
    flow = workflow_for(application.service)
    return [a for a in flow.actions_from(application.stage) if roles.intersection(a.roles)]


def start(session: Session, *, applicant, service, now: datetime | None = None, details=None) -> Application:
    """A new application in its workflow's initial stage (a draft in the chat)."""
    now = now or utcnow()
    flow = workflow_for(service)
    with stage_writer():
        app = Application(
            service=service,
            applicant=applicant,
            stage=flow.initial,
            stage_entered_at=now,
            created_at=now,
            details=dict(details or {}),
        )
    session.add(app)
    session.flush()
    app.stage_due_at = calendar_for(session).due(now, flow.stage(flow.initial).sla)
    _record(session, app, Actor.of(applicant), "start", None, flow.initial, "", {}, now)
    return app


def fire(application: Application, name: str, who, *, note: str = "", now: datetime | None = None, **fields) -> HistoryEvent:
    session = object_session(application)
    if session is None:
        raise RuntimeError("fire() needs an application attached to a session")
    now = now or utcnow()
    actor = Actor.of(who)
    flow = workflow_for(application.service)
    action = flow.action(application.stage, name)
    if action is None:
        raise NotAllowed(f"{name!r} is not open in stage {application.stage!r}")
    roles = actor.roles_for(application)
    if not roles.intersection(action.roles):
        raise Forbidden(f"{actor.kind} may not {name!r} here")
    note = (note or "").strip()
    fields = _check_fields(action, note, fields)

    calendar = calendar_for(session)
    ctx = effects.EffectContext(
        session=session,
        application=application,
        action=action,
        actor=actor,
        fields=fields,
        note=note,
        now=now,
        calendar=calendar,
        settings=session.info.get("settings", {}),
    )
    extra = effects.get(action.effect)(ctx) if action.effect else {}

    source = application.stage
    spent = minutes_in_stage(calendar, application.stage_entered_at, now)
    target = flow.stage(action.target)
    with stage_writer():
        application.stage = target.name
    application.stage_entered_at = now
    application.stage_due_at = calendar.due(now, target.sla)
    if target.final:
        application.closed_at = now

    # Secrets (a signing passphrase) never reach the history or the outbox.
    public_fields = {k: v for k, v in fields.items() if action.field(k) and action.field(k).type not in SECRET_TYPES and action.field(k).type != "file"}
    role = next(iter(sorted(roles.intersection(action.roles))), "")
    event = _record(session, application, actor, action.name, source, target.name, note, public_fields, now, role, spent)
    variables = {**notice_variables(application, calendar), "note": note, **public_fields, **extra}
    document_id = variables.pop("document_id", None)
    _notify(session, application, action, variables, document_id)
    desk_notices.announce(session, application, action, actor_staff_id=actor.staff_id, action_variables=variables,
                          calendar=calendar, now=now)
    return event


def _check_fields(action: Action, note: str, given: dict) -> dict:
    errors: dict[str, str] = {}
    clean: dict = {}
    for f in action.fields:
        value = given.get(f.name)
        if f.type == "list":
            if isinstance(value, str):
                value = [value]
            value = [str(v).strip() for v in (value or []) if str(v).strip()]
        elif f.type == "text" and value is not None:
            value = str(value).strip()
        elif f.type == "secret" and value is not None:
            value = str(value)  # a passphrase is taken exactly as typed
        if f.required and not value:
            errors[f.name] = Phrase("field_error.required")
        elif value:
            clean[f.name] = value
    unknown = set(given) - {f.name for f in action.fields}
    for name in sorted(unknown):
        errors[name] = Phrase("field_error.unknown_field")
    if action.note_required and not note:
        errors["note"] = Phrase("field_error.required")
    if errors:
        raise BadFields(errors)
    return clean


def minutes_in_stage(calendar: WorkingCalendar, entered: datetime, left: datetime) -> int:
    """Working minutes a file spent in a stage it entered at `entered` and left at `left`: the
    SLA's own calendar (office hours, holidays, overrides). The history row that leaves the stage
    keeps it (`HistoryEvent.working_minutes`), for the dashboard's medians."""
    return calendar.minutes_between(entered, left)


def _record(session, app, actor: Actor, action, source, target, note, data, now, role="", spent=None) -> HistoryEvent:
    event = HistoryEvent(
        application=app,
        at=now,
        actor_type=actor.kind,
        staff_id=actor.staff_id,
        actor_name=actor.name,
        role=role or (next(iter(actor.roles)) if actor.roles else ""),
        action=action,
        from_stage=source,
        to_stage=target,
        note=note,
        data=data,
        working_minutes=spent,
        service_id=app.service_id,
    )
    session.add(event)
    session.flush()
    return event


def notice_variables(app: Application, calendar: WorkingCalendar) -> dict:
    """What every notice about an application may say (formatted in office time)."""
    due = app.stage_due_at
    flow = workflow_for(app.service)
    letter = spec_for(app.service).letter
    expected = calendar.add_days(app.submitted_at, flow.legal_days) if app.submitted_at else None
    return {
        "tracking_code": app.tracking_code or "",
        "service": app.service.name,
        "stage": app.stage,
        "workflow": flow.key,  # whose words `{stage:stage}` uses
        "document": dict(letter.document),  # the signed letter's name, both languages ({document:words})
        "due": calendar.local(due).isoformat() if due else "",
        "expected": calendar.local(expected).isoformat() if expected else "",
        "name": app.applicant.name or "",
    }


def _notify(session, app: Application, action: Action, variables: dict, document_id) -> None:
    """The applicant's notice of this action, if it has one (the staff's: workflow/desk_notices.py)."""
    if action.notice:
        queue_message(
            session,
            recipient=app.applicant.whatsapp,
            key=action.notice,
            variables=variables,
            language=app.applicant.language,
            applicant_id=app.applicant_id,
            application_id=app.id,
            document_id=document_id,
        )
