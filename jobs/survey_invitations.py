"""The survey's periodic sweep (jobs/sweeps.PERIODIC names `jobs.survey_invitations.run`).

- invitation: an application that reached `completed` (document collected) in the last week and
  has no survey response yet gets one (status open) and the invitation; an idle conversation
  is put at the survey's `invite` step so that a plain YA / 1 starts it;
- reminder: a response still open a day after the invitation gets one reminder, never two.
Idempotent: the response row (unique per application) and `reminded_at` are the memory.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

import runtime
from bot.conversation import IDLE_DIALOG, IDLE_LIMIT, IDLE_STEP, place
from bot.inbound import lock_existing
from storage import Applicant, Application, SurveyResponse, utcnow
from storage.outbox import queue_message
from workflow.definition import all_workflows

INVITE_WINDOW = timedelta(days=7)  # older collections (e.g. before this feature) are not surveyed
REMIND_AFTER = timedelta(days=1)
BATCH = 200


def _completed_stages() -> list[str]:
    """The final stages that mean "completed" (the letter handed over), from the workflow files."""
    return sorted({name for flow in all_workflows() for name in flow.closing_stages("forward")})


def _invite_in_chat(session, applicant: Applicant, response: SurveyResponse, now) -> None:
    """Put an idle (or stale) conversation at the survey's invite step; a busy one is left alone."""
    conv = lock_existing(session, applicant.whatsapp)
    if conv is None:
        return
    idle = (conv.dialog, conv.step) == (IDLE_DIALOG, IDLE_STEP)
    stale = conv.updated_at is None or now - conv.updated_at > IDLE_LIMIT
    if idle or stale or conv.dialog == "survey":
        place(conv, "survey", "invite", {"response_id": response.id}, now)


def _message(session, key: str, application: Application, response: SurveyResponse, now) -> None:
    applicant = application.applicant
    queue_message(
        session,
        recipient=applicant.whatsapp,
        key=key,
        variables={"tracking_code": application.tracking_code or ""},
        language=applicant.language or "id",
        applicant_id=applicant.id,
        application_id=application.id,
    )
    _invite_in_chat(session, applicant, response, now)


def invite(session, now) -> int:
    apps = list(session.scalars(
        select(Application)
        .outerjoin(SurveyResponse, SurveyResponse.application_id == Application.id)
        .where(Application.stage.in_(_completed_stages()), Application.stage_entered_at >= now - INVITE_WINDOW,
               SurveyResponse.id.is_(None))
        .order_by(Application.id)
        .limit(BATCH)
    ))
    for app in apps:
        response = SurveyResponse(application_id=app.id, service_id=app.service_id, answers={}, profile={},
                                  suggestion="", status="open", started_at=now)
        session.add(response)
        session.flush()
        _message(session, "survey.invite", app, response, now)
    return len(apps)


def remind(session, now) -> int:
    rows = list(session.scalars(
        select(SurveyResponse)
        .where(SurveyResponse.status == "open", SurveyResponse.reminded_at.is_(None),
               SurveyResponse.started_at < now - REMIND_AFTER)
        .order_by(SurveyResponse.id)
        .limit(BATCH)
    ))
    for response in rows:
        response.reminded_at = now
        _message(session, "survey.reminder", session.get(Application, response.application_id), response, now)
    return len(rows)


def run(now=None) -> dict[str, int]:
    rt = runtime.current()
    now = now or utcnow()
    with rt.transaction() as session:
        return {"invited": invite(session, now), "reminded": remind(session, now)}
