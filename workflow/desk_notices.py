"""Every desk hears of its work: when a file reaches a stage, the staff holding the stage's owner
role (active, with a WhatsApp number) get a notice with the file's link in the back office.

Which stages announce is data: `notify` in the workflow file, on by default for every stage a
staff role owns (`Stage.notifies`). An action's own `staff_notice` (the back office's "new file"
on submit) is that desk notice for the people it reaches: nobody gets both. The member of staff
who moved the file is not told of it, even when they also hold the next stage's role: they did
it a moment ago and see it on their desk.

Quiet hours: outside office time (the SLA's own calendar: office hours, holidays, overrides) a
notice is not sent but held (`HeldDeskNotice`) until the office next opens; then the morning
sweep (jobs/desk_notices.py) sends each person one digest of what is still waiting for them.
The notice names the file, the service, the stage and the due time; never the applicant's
NIK, phone number or documents.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import Application, HeldDeskNotice, StaffUser
from storage.outbox import queue_message
from storage.staff import staff_on_whatsapp
from workflow.clock import WorkingCalendar
from workflow.definition import Action, workflow_for

DESK_NOTICE = "staff.desk_notice"
FILE_PAGE = "/backoffice/applications/{id}"
DESK_PAGE = "/backoffice/"


def file_link(base_url: str, application_id: int) -> str:
    return base_url.rstrip("/") + FILE_PAGE.format(id=application_id)


def desk_link(base_url: str) -> str:
    return base_url.rstrip("/") + DESK_PAGE


def desk_variables(app: Application, calendar: WorkingCalendar, base_url: str) -> dict:
    """What a desk notice says: the file, its service, its stage, its due time and its link."""
    return {
        "tracking_code": app.tracking_code or f"#{app.id}",
        "service": app.service.name,
        "stage": app.stage,
        "workflow": app.service.workflow,  # whose words `{stage:stage}` uses
        "due": calendar.local(app.stage_due_at).isoformat() if app.stage_due_at else "",
        "link": file_link(base_url, app.id),
    }


def announce(session: Session, app: Application, action: Action, *, actor_staff_id: int | None,
             action_variables: dict, calendar: WorkingCalendar, now: datetime) -> int:
    """Tell the people whose desk `app` has just reached (called by the engine after a
    transition, in its transaction). How many were told or will be in the morning."""
    told: set[int] = set()
    if action.staff_notice:
        for role in action.notify_roles:
            for user in staff_on_whatsapp(session, [role]):
                if user.id not in told and user.id != actor_staff_id:
                    _tell(session, app, user, role, action.staff_notice, action_variables, calendar, now)
                    told.add(user.id)
    stage = workflow_for(app.service).stage(app.stage)
    if stage.notifies:
        base_url = session.info.get("settings", {}).get("base_url", "")
        variables = desk_variables(app, calendar, base_url)
        for user in staff_on_whatsapp(session, [stage.owner]):
            if user.id not in told and user.id != actor_staff_id:
                _tell(session, app, user, stage.owner, DESK_NOTICE, variables, calendar, now)
                told.add(user.id)
    return len(told)


def _tell(session: Session, app: Application, user: StaffUser, role: str, key: str, variables: dict,
          calendar: WorkingCalendar, now: datetime) -> None:
    if calendar.is_open(now):
        queue_message(session, recipient=user.whatsapp, key=key, variables=variables, language=user.language,
                      staff_id=user.id, application_id=app.id, priority="notice")
        return
    held = session.scalar(select(HeldDeskNotice.id).where(
        HeldDeskNotice.staff_id == user.id, HeldDeskNotice.application_id == app.id,
        HeldDeskNotice.stage == app.stage, HeldDeskNotice.stage_entered_at == app.stage_entered_at))
    if held is None:
        session.add(HeldDeskNotice(staff_id=user.id, application_id=app.id, role=role, stage=app.stage,
                                   stage_entered_at=app.stage_entered_at, created_at=now,
                                   release_at=calendar.next_open(now)))
        session.flush()
