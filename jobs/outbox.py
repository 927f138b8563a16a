"""Sending outbox rows (foundation version: sandbox delivery; Twilio sender in bot/jobs later).

`deliver(message_id)` claims the row with a lease, renders it from the catalogue, hands it to
the sender and records the result. A row already sent is left alone, so a job that runs twice
sends once.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

import catalogue
import runtime
from jobs.queues import enqueue
from storage import OutboxMessage, utcnow

LEASE = timedelta(seconds=90)


def enqueue_delivery(connection, message_id: int, priority: str = "notice"):
    from runtime import PRIORITY_QUEUE

    return enqueue(connection, PRIORITY_QUEUE.get(priority, "notices"), deliver, message_id)


def claim(session, message_id: int, now=None) -> OutboxMessage | None:
    """Take the row for sending unless it is done or leased by a live worker."""
    now = now or utcnow()
    claimed = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            (OutboxMessage.status == "pending")
            | ((OutboxMessage.status == "sending") & (OutboxMessage.lease_until < now)),
        )
        .values(status="sending", lease_until=now + LEASE, attempts=OutboxMessage.attempts + 1)
    ).rowcount
    if not claimed:
        return None
    return session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id))


def deliver(message_id: int) -> str:
    rt = runtime.current()
    with rt.transaction() as session:
        message = claim(session, message_id)
        if message is None:
            return "skipped"
        message.body = catalogue.render(message.key, message.language, rt.config.tz_name, **message.variables)
        message.status = "sent"
        message.sent_at = utcnow()
        message.lease_until = None
    return "sent"
