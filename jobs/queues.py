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
