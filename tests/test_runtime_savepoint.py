"""A released SAVEPOINT is not a commit: outbox rows added inside it are queued only when the
outer transaction commits, and never when it rolls back (found by bench/bench_database.py)."""

from __future__ import annotations

from jobs.queues import QUEUES, queue
from storage.outbox import queue_message


def _queued(rt) -> int:
    return sum(queue(rt.redis, n).count for n in QUEUES)


def test_savepoint_release_queues_nothing_until_the_outer_commit(rt):
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
