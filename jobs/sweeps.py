"""Periodic sweeps. Each is safe to run twice at once: state lives in the database."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

import runtime
from jobs.outbox import enqueue_delivery
from storage import OutboxMessage, utcnow

GRACE = timedelta(seconds=60)


def sweep_outbox(now=None) -> int:
    """Re-queue rows left pending (Redis was down, enqueue lost) or whose lease expired."""
    rt = runtime.current()
    now = now or utcnow()
    with rt.transaction() as session:
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.priority).where(
                ((OutboxMessage.status == "pending") & (OutboxMessage.created_at < now - GRACE))
                | ((OutboxMessage.status == "sending") & (OutboxMessage.lease_until < now))
            ).limit(1000)
        ).all()
    for message_id, priority in rows:
        enqueue_delivery(rt.redis, message_id, priority)
    return len(rows)


# name → (function, every N seconds). The scheduler enqueues each with a deterministic id.
PERIODIC = {
    "outbox": (sweep_outbox, 60),
    "bot": ("bot.sweeps.run_all", 60),
}
