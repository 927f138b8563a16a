"""Periodic sweeps. Each is safe to run twice at once: state lives in the database.

PERIODIC is data: name → ("dotted.path.to.function", every N seconds). The scheduler enqueues
each by its dotted path with a deterministic job id per period, so jobs/ never imports bot/.
"""

from __future__ import annotations

from datetime import timedelta

from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import and_, or_, select

import runtime
from runtime.queues import enqueue_delivery, job_id_for
from storage import OutboxMessage, access_log, utcnow


def sweep_outbox(now=None) -> int:
    """Re-queue rows left pending (an enqueue was lost, a back-off job went missing) or whose
    lease expired (the worker died mid-send). One job per row and attempt, so overlapping
    sweeps add nothing."""
    rt = runtime.current()
    now = now or utcnow()
    cutoff = now - timedelta(seconds=rt.config.outbox_sweep_grace_seconds)
    with rt.transaction() as session:
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.priority, OutboxMessage.attempts).where(
                or_(
                    and_(
                        OutboxMessage.status == "pending",
                        or_(
                            and_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.created_at < cutoff),
                            OutboxMessage.next_attempt_at < cutoff,
                        ),
                    ),
                    and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now),
                )
            ).order_by(OutboxMessage.id).limit(1000)
        ).all()
    queued = 0
    for message_id, priority, attempts in rows:
        if _job_alive(rt.redis, job_id_for(message_id, attempts)):
            continue
        if enqueue_delivery(rt.redis, message_id, priority, attempts) is not None:
            queued += 1
    return queued


def _job_alive(connection, job_id: str) -> bool:
    """A job that will still run (queued, scheduled, retrying, running on a live worker)."""
    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return False
    return job.get_status(refresh=False) in (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED, JobStatus.STARTED)


def purge_access_log(now=None) -> int:
    """Delete access-log rows older than ACCESS_LOG_RETENTION_DAYS (its own retention setting)."""
    rt = runtime.current()
    before = (now or utcnow()) - timedelta(days=rt.config.access_log_retention_days)
    with rt.transaction() as session:
        return access_log.purge(session, before)


# name → ("dotted.path", every N seconds).
PERIODIC: dict[str, tuple[str, int]] = {
    "outbox": ("jobs.sweeps.sweep_outbox", 30),
    "sla": ("jobs.sla.sweep", 60),
    "desks": ("jobs.desk_notices.sweep", 60),  # the desk notices held over quiet hours
    "bot": ("jobs.conversation_sweeps.run_all", 60),
    "survey": ("jobs.survey_invitations.run", 60),
    "access_log": ("jobs.sweeps.purge_access_log", 3600),
    "retention": ("jobs.retention.sweep", 24 * 3600),  # UU 27/2022: workflow/retention.py
}
