"""Queues by purpose, job defaults in one place, and the enqueue helper.

Jobs take ids, never ORM objects. Every job gets a `Retry`, so a job whose worker died is
retried too (the outbox lease is the real guarantee for messages).
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from rq import Queue, Retry

log = logging.getLogger(__name__)

# Highest priority first: a worker drains `replies` before `documents`, `notices` and `bulk`.
QUEUES = ("replies", "documents", "notices", "bulk")
DEFAULT_TIMEOUT = 120
DEFAULT_RETRY = Retry(max=5, interval=[5, 15, 45, 120, 300])
# A document download retries sooner: Twilio's media can 404 for a moment right after the webhook.
DOCUMENT_RETRY = Retry(max=4, interval=[3, 10, 30, 90])


def retry_for(queue_name: str) -> Retry | None:
    """The retry policy a job enqueued from a request gets (documents only; replies are not retried)."""
    return DOCUMENT_RETRY if queue_name == "documents" else None


def queue(connection, name: str) -> Queue:
    if name not in QUEUES:
        raise ValueError(f"unknown queue {name!r}")
    return Queue(name, connection=connection, default_timeout=DEFAULT_TIMEOUT)


def enqueue(connection, queue_name: str, func, *args, job_id: str | None = None, retry: Retry | None = DEFAULT_RETRY, **kwargs):
    """Enqueue `func(*args)`; returns the job, or None when Redis is down (logged).

    Callers only enqueue work whose truth is in the database, so a missed enqueue is made up
    by a sweep.
    """
    try:
        return queue(connection, queue_name).enqueue(
            func, *args, job_id=job_id, retry=retry, **kwargs
        )
    except (RedisError, OSError) as exc:
        log.warning("could not enqueue %s on %s: %s", getattr(func, "__name__", func), queue_name, exc)
        return None


# ---- the outbox's delivery jobs ---------------------------------------------------------------
# Named by path, so the session hook in `runtime` queues them without importing `jobs`.
DELIVER = "jobs.outbox.deliver"
PRIORITY_QUEUE = {"reply": "replies", "notice": "notices", "bulk": "bulk"}


def queue_for(priority: str) -> str:
    return PRIORITY_QUEUE.get(priority, "notices")


def job_id_for(message_id: int, attempts: int = 0) -> str:
    """One job per row and attempt: the sweep can tell whether a row's job is still around."""
    return f"outbox-{message_id}-{attempts}"


def enqueue_delivery(connection, message_id: int, priority: str = "notice", attempts: int = 0):
    return enqueue(connection, queue_for(priority), DELIVER, message_id, job_id=job_id_for(message_id, attempts))
