"""`python -m jobs.worker`: an RQ worker on every queue, highest priority first.

- It runs RQ's scheduler too (`with_scheduler`), which retries (`Retry` intervals) and outbox
  back-offs need; any number of workers may run, RQ elects one scheduler among them.
- `WORKER_TTL` 30 s and a 30-s maintenance interval: a worker that was SIGKILLed is noticed
  (and its job retried by RQ) in about 2 minutes instead of RQ's 10+; the outbox lease is the
  real guarantee for messages anyway (the sweep re-queues an expired lease).
- The worker class is `SimpleWorker` (no fork per job) unless `RQ_FORK=1`: our jobs are short
  I/O (a database row and one HTTP call; PDF checks run in their own limited subprocess), and a
  fork per job costs more than the job and caps sending well below 80 messages/s.
"""

from __future__ import annotations

import sys

from rq import SimpleWorker, Worker

import runtime
from runtime.logs import configure as configure_logs
from runtime.queues import QUEUES, queue

WORKER_TTL = 30
MAINTENANCE_INTERVAL = 30


def make_worker(rt, queues=QUEUES, name: str | None = None):
    worker_class = Worker if rt.config.rq_fork else SimpleWorker
    return worker_class(
        [queue(rt.redis, q) for q in queues],
        connection=rt.redis,
        name=name,
        worker_ttl=WORKER_TTL,
        maintenance_interval=MAINTENANCE_INTERVAL,
    )


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - process entry point
    argv = sys.argv[1:] if argv is None else argv
    configure_logs("worker")
    from config import Config
    from runtime.hosts import prepare_or_exit

    config = Config.from_env()
    prepare_or_exit(config, "worker")
    rt = runtime.init(config)
    refusal = config.sandbox_refusal()
    if refusal:
        print(f"error: refusing sandbox mode: {refusal}", file=sys.stderr)
        sys.exit(1)
    for check, what in ((rt.check_database, "the database"), (rt.check_redis, "Redis")):
        error = check()
        if error:
            print(f"error: cannot reach {what}: {error}", file=sys.stderr)
            sys.exit(1)
    make_worker(rt).work(with_scheduler=True, burst="--burst" in argv, logging_level="INFO")


if __name__ == "__main__":
    main()
