"""`python -m jobs.worker`: an RQ worker on every queue, highest priority first."""

from __future__ import annotations

import logging
import sys

from rq import Worker

import runtime
from jobs.queues import QUEUES, queue

# A SIGKILLed worker is noticed after WORKER_TTL seconds (RQ's default is 420).
WORKER_TTL = 60


def main() -> None:  # pragma: no cover - process entry point
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(message)s")
    rt = runtime.init()
    for check, what in ((rt.check_database, "the database"), (rt.check_redis, "Redis")):
        error = check()
        if error:
            print(f"error: cannot reach {what}: {error}", file=sys.stderr)
            sys.exit(1)
    worker = Worker([queue(rt.redis, name) for name in QUEUES], connection=rt.redis, worker_ttl=WORKER_TTL)
    worker.work(with_scheduler=True)


if __name__ == "__main__":
    main()
