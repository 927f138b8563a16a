"""The clock: one process per deployment that enqueues the periodic sweeps.

Job ids are deterministic per period (`sweep-outbox-<period>`), so a second scheduler started
by mistake enqueues nothing new, and the sweeps themselves are idempotent anyway.
"""

from __future__ import annotations

import logging
import signal
import time

from rq import Retry

import runtime
from jobs.sweeps import PERIODIC
from runtime.logs import configure as configure_logs
from runtime.queues import enqueue

# A sweep that fails (the database restarting) is tried again soon; the next period runs anyway.
SWEEP_RETRY = Retry(max=2, interval=[5, 15])
# Sweeps take milliseconds and recover lost messages: they must not wait behind a bulk backlog.
SWEEP_QUEUE = "replies"

log = logging.getLogger("scheduler")


def tick(rt, now: float | None = None) -> list[str]:
    now = now or time.time()
    enqueued = []
    for name, (func, every) in PERIODIC.items():
        period = int(now // every)
        job_id = f"sweep-{name}-{period}"
        conn = rt.redis
        try:
            if conn.set(f"scheduler:{job_id}", "1", nx=True, ex=every * 2):
                if enqueue(conn, SWEEP_QUEUE, func, job_id=job_id, retry=SWEEP_RETRY) is not None:
                    enqueued.append(job_id)
        except OSError as exc:  # Redis away: next tick tries again
            log.warning("scheduler tick failed: %s", exc)
    return enqueued


def main() -> None:  # pragma: no cover - a loop; tick() is tested
    configure_logs("scheduler")
    from config import Config
    from runtime.hosts import prepare_or_exit

    config = Config.from_env()
    prepare_or_exit(config, "scheduler")
    rt = runtime.init(config)
    refusal = config.sandbox_refusal()
    if refusal:
        raise SystemExit(f"error: refusing sandbox mode: {refusal}")
    stop = False

    def _stop(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    log.info("scheduler started")
    while not stop:
        try:
            tick(rt)
        except Exception as exc:  # noqa: BLE001 - the clock must keep ticking; logged
            log.warning("tick failed: %s", exc)
        for _ in range(10):
            if stop:
                break
            time.sleep(1)


if __name__ == "__main__":
    main()
