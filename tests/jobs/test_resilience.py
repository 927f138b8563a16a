"""Nothing lost, nothing sent twice: Redis crashes and comes back, a worker is SIGKILLed in the
middle of a send, two worker processes share one send rate. Real redis-server, real
`python -m jobs.worker` processes, the Twilio stand-in over HTTP."""

from __future__ import annotations

import os
import signal
import time

import pytest
from rq.registry import FinishedJobRegistry
from sqlalchemy import func, select

from jobs.sweeps import sweep_outbox
from runtime.queues import QUEUES, queue
from storage import OutboxMessage
from storage.outbox import queue_message
from tests.jobs.conftest import drain, make_runtime, start_worker, wait_until, worker_log
from tests.twilio_fake import ACCOUNT_SID, AUTH_TOKEN


def _twilio(config, fake, **changes):
    return config.with_(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN,
                        twilio_api_base_url=fake.api_url, **changes)


def _queue_many(rt, n: int, start: int = 0) -> None:
    with rt.transaction() as s:
        for i in range(start, start + n):
            queue_message(s, recipient=f"+62812000{i:05d}", key="notice.completed",
                          variables={"tracking_code": f"APS-2026-{i:06d}"})


def _statuses(rt) -> dict[str, int]:
    with rt.transaction() as s:
        return dict(s.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def _codes_sent(fake) -> list[str]:
    return sorted(m["Body"].split("*")[1] for m in fake.messages)


def test_redis_crash_and_restart_mid_flow_loses_nothing(app, config, fake_twilio, redis_server):
    rt = make_runtime(_twilio(config, fake_twilio, redis_url=redis_server.url))
    _queue_many(rt, 5)  # committed and queued in Redis
    assert sum(queue(rt.redis, q).count for q in QUEUES) == 5
    time.sleep(1.2)  # appendfsync everysec
    redis_server.crash()
    _queue_many(rt, 3, start=5)  # Redis is down: the rows are committed, their jobs are not
    assert _statuses(rt) == {"pending": 8}
    redis_server.start()
    assert sum(queue(rt.redis, q).count for q in QUEUES) == 5  # the append-only file kept them
    drain(rt)
    assert _statuses(rt) == {"sent": 5, "pending": 3}
    assert sweep_outbox() == 3
    drain(rt)
    assert _statuses(rt) == {"sent": 8}
    assert _codes_sent(fake_twilio) == [f"APS-2026-{i:06d}" for i in range(8)]
    assert sweep_outbox() == 0


def _kill_a_worker_mid_send(rt, fake_twilio) -> None:
    """Start a worker, wait until Twilio holds its request, and SIGKILL it there."""
    first = start_worker(rt, burst=False, OUTBOX_LEASE_SECONDS=2)
    try:
        wait_until(lambda: fake_twilio.in_flight == 1, timeout=60)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)


def test_a_worker_killed_mid_send_loses_nothing_and_duplicates_nothing(app, config, fake_twilio):
    rt = make_runtime(_twilio(config, fake_twilio), outbox_lease_seconds=2)
    fake_twilio.slow_next(30)  # Twilio answers slowly: the worker dies while it waits
    _queue_many(rt, 1)
    _kill_a_worker_mid_send(rt, fake_twilio)
    assert _statuses(rt) == {"sending": 1}
    assert sweep_outbox() == 0  # its lease is still running
    wait_until(lambda: sweep_outbox() == 1, timeout=10)  # the lease expired: queued again
    second = start_worker(rt, burst=True, OUTBOX_LEASE_SECONDS=2)
    assert second.wait(timeout=120) == 0, worker_log(second)
    assert _statuses(rt) == {"sent": 1}, worker_log(second)
    assert len(fake_twilio.messages) == 1
    with rt.transaction() as s:
        assert s.scalar(select(OutboxMessage.attempts)) == 2


@pytest.mark.parametrize("queued", [False, True], ids=["sent", "still-queued-at-twilio"])
def test_a_worker_killed_after_twilio_took_the_message_sends_it_once(app, config, fake_twilio, queued):
    """Issue 16: Twilio accepted the message and the worker died before hearing so. After the
    lease the row is looked up at Twilio and adopted: 0 duplicates (there used to be one). Also
    while Twilio still holds it queued, unsent: it has no date_sent yet, so the look-up cannot
    filter on DateSent."""
    rt = make_runtime(_twilio(config, fake_twilio), outbox_lease_seconds=2)
    fake_twilio.holds_in_queue = queued
    fake_twilio.slow_next(30, accepted=True)
    _queue_many(rt, 1)
    _kill_a_worker_mid_send(rt, fake_twilio)
    assert _statuses(rt) == {"sending": 1} and len(fake_twilio.messages) == 1
    wait_until(lambda: sweep_outbox() == 1, timeout=10)  # the lease expired: queued again
    second = start_worker(rt, burst=True, OUTBOX_LEASE_SECONDS=2)
    assert second.wait(timeout=120) == 0, worker_log(second)
    assert _statuses(rt) == {"sent": 1}, worker_log(second)
    assert len(fake_twilio.messages) == 1  # found at Twilio, not sent again
    with rt.transaction() as s:
        row = s.scalar(select(OutboxMessage))
        assert (row.twilio_sid, row.attempts, row.error_code) == (fake_twilio.messages[0]["sid"], 2, None)


def test_the_rate_limit_holds_across_two_worker_processes(app, config, fake_twilio):
    rt = make_runtime(_twilio(config, fake_twilio, messages_per_second=10))
    _queue_many(rt, 30)
    workers = [start_worker(rt, burst=True) for _ in range(2)]
    for w in workers:
        assert w.wait(timeout=120) == 0, worker_log(w)
    assert _statuses(rt) == {"sent": 30}
    arrivals = sorted(m["received_at"] for m in fake_twilio.messages)
    assert len(arrivals) == 30
    # 10 messages/s shared by both processes: 30 sends take about 3 s (two unthrottled workers
    # take well under one), and no second holds more than 10 (+2 for a send the busy machine
    # delayed between its turn and its arrival here).
    assert arrivals[-1] - arrivals[0] >= 2.5
    assert max(sum(1 for t in arrivals if a <= t < a + 1.0) for a in arrivals) <= 12
    registry = FinishedJobRegistry(queue=queue(rt.redis, "notices"))
    names = {job.worker_name for job in (queue(rt.redis, "notices").fetch_job(i) for i in registry.get_job_ids()) if job}
    assert len(names) == 2  # both processes sent


def test_a_stale_sweep_job_adds_nothing(twilio_rt, fake_twilio):
    _queue_many(twilio_rt, 2)
    assert sweep_outbox() == 0  # jobs exist already for both rows (attempt 0)
    drain(twilio_rt)
    assert len(fake_twilio.messages) == 2
