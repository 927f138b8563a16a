"""The bot's periodic sweep (jobs/sweeps.PERIODIC names `jobs.conversation_sweeps.run_all`).

- documents still `pending` after a grace period (Redis was down, a worker died): re-enqueued;
- drafts: a reminder, then the cancellation, on the days the workflow file says
  (`draft_reminder_days`, `draft_cancel_days`: 6 and 7 calendar days after the draft was started);
- activation codes: the plain code is scrubbed from outbox rows once it has expired.
Each part is idempotent; state lives in the database.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

import runtime
from bot.dialogs.activation import CODE_KEY, LIFETIME
from runtime.queues import enqueue
from storage import Application, Document, OutboxMessage, utcnow
from storage.outbox import queue_message
from workflow import engine
from workflow.definition import all_workflows, workflow_for
from workflow.errors import NotAllowed

DOCUMENT_GRACE = timedelta(minutes=10)


def requeue_pending_documents(now=None) -> int:
    from jobs.documents import RETRY

    rt = runtime.current()
    now = now or utcnow()
    with rt.transaction() as session:
        ids = list(session.scalars(
            select(Document.id).where(Document.status == "pending", Document.source_url.is_not(None),
                                      Document.created_at < now - DOCUMENT_GRACE).limit(500)
        ))
    for doc_id in ids:
        enqueue(rt.redis, "documents", "jobs.documents.check_document", doc_id,
                job_id=f"check-document-{doc_id}", retry=RETRY)
    return len(ids)


def expire_drafts(now=None) -> tuple[int, int]:
    rt = runtime.current()
    now = now or utcnow()
    reminded = cancelled = 0
    with rt.transaction() as session:
        earliest = min(min(f.draft_reminder_days, f.draft_cancel_days) for f in all_workflows())
        drafts = session.scalars(select(Application).where(Application.stage == "draft",
                                                            Application.created_at < now - timedelta(days=earliest)))
        for app in drafts:
            flow = workflow_for(app.service)
            lifetime = timedelta(days=flow.draft_cancel_days)
            if app.created_at < now - lifetime:
                try:
                    engine.fire(app, "cancel", app.applicant, note=f"draft expired after {flow.draft_cancel_days} days",
                                now=now)
                    cancelled += 1
                except NotAllowed:
                    continue
            elif app.created_at < now - timedelta(days=flow.draft_reminder_days) and not app.details.get(
                    "draft_reminded_at"):
                app.details = {**app.details, "draft_reminded_at": now.isoformat()}
                queue_message(session, recipient=app.applicant.whatsapp, key="bot.apply.draft_reminder",
                              variables={"service": app.service.name,
                                         "expires": (app.created_at + lifetime).isoformat()},
                              language=app.applicant.language, applicant_id=app.applicant_id,
                              application_id=app.id)
                reminded += 1
    return reminded, cancelled


def scrub_activation_codes(now=None) -> int:
    rt = runtime.current()
    now = now or utcnow()
    scrubbed = 0
    with rt.transaction() as session:
        rows = session.scalars(select(OutboxMessage).where(
            OutboxMessage.key == CODE_KEY, OutboxMessage.created_at < now - LIFETIME,
            OutboxMessage.status.not_in(("pending", "sending"))))
        for row in rows:
            if "code" in (row.variables or {}):
                row.variables = {k: v for k, v in row.variables.items() if k != "code"}
                row.body = None
                scrubbed += 1
    return scrubbed


def run_all() -> dict:
    return {
        "documents": requeue_pending_documents(),
        "drafts": expire_drafts(),
        "activation_codes": scrub_activation_codes(),
    }
