"""Outbox rows are queued after commit (never before), delivered once by a real RQ worker,
and a sweep picks up rows whose enqueue was lost."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jobs.sweeps import sweep_outbox
from runtime.queues import QUEUES, queue
from storage import OutboxMessage, utcnow
from storage.outbox import queue_message


def _queued(rt) -> int:
    return sum(queue(rt.redis, n).count for n in QUEUES)


def test_nothing_is_queued_before_commit_or_after_rollback(rt):
    s = rt.sessions()
    queue_message(s, recipient="+62811", key="stage.completed")
    assert _queued(rt) == 0
    s.rollback()
    s.close()
    assert _queued(rt) == 0
    with rt.transaction() as s:
        queue_message(s, recipient="+62811", key="stage.completed")
    assert _queued(rt) == 1


def test_savepoint_release_queues_nothing_until_the_outer_commit(rt):
    """A released SAVEPOINT is not a commit: its outbox rows are queued only when the outer
    transaction commits, never when it rolls back (found by bench/bench_database.py)."""
    s = rt.sessions()
    with s.begin_nested():
        queue_message(s, recipient="+62811", key="stage.completed")
    assert _queued(rt) == 0
    s.rollback()
    s.close()
    assert _queued(rt) == 0
    with rt.transaction() as s:
        with s.begin_nested():
            queue_message(s, recipient="+62811", key="stage.completed")
        assert _queued(rt) == 0
    assert _queued(rt) == 1


def test_worker_delivers_once(rt, run_jobs):
    with rt.transaction() as s:
        row = queue_message(s, recipient="+62811", key="stage.completed", language="en")
    # A duplicate job for the same row (e.g. the sweep raced the hook) must not send twice.
    from runtime.queues import enqueue_delivery

    enqueue_delivery(rt.redis, row.id)
    run_jobs()
    with rt.transaction() as s:
        sent = s.get(OutboxMessage, row.id)
        assert sent.status == "sent" and sent.body == "completed" and sent.attempts == 1


def test_sweep_requeues_rows_whose_enqueue_was_lost(rt, run_jobs):
    with rt.transaction() as s:
        row = queue_message(s, recipient="+62811", key="stage.completed")
        row.created_at = utcnow() - timedelta(minutes=5)
    rt.redis.flushdb()  # the job is lost (Redis restarted without persistence)
    assert sweep_outbox() == 1
    run_jobs()
    with rt.transaction() as s:
        assert s.scalar(select(OutboxMessage.status)) == "sent"
    assert sweep_outbox() == 0


def test_scheduler_tick_enqueues_each_sweep_once_per_period(rt):
    from jobs.scheduler import tick

    first = tick(rt, now=1_000_020.0)
    assert first == ["sweep-outbox-33334", "sweep-sla-16667", "sweep-desks-16667", "sweep-bot-16667", "sweep-survey-16667",
                     "sweep-access_log-277", "sweep-retention-11"]
    assert tick(rt, now=1_000_021.0) == []  # a second scheduler in the same period adds nothing
    assert tick(rt, now=1_000_050.0) == ["sweep-outbox-33335"]
