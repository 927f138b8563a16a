"""`python -m bench.bench_outbound [--quick] [--notices N]`: outbound notices per second through the outbox.

N notices are written as outbox rows (queued after commit like any notice), then 1 and then 2
real worker processes (`python -m jobs.worker --burst`) send them to the local Twilio stand-in
over HTTP, under the per-sender rate limit (80 messages/s unless MESSAGES_PER_SECOND says
otherwise). The rate is measured at the stand-in, from the first message to the last (process
start-up excluded; wall time shown beside it). Target: ≥ 95 % of the limit with 2 workers;
duplicates must be 0 and every row must end `sent`.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections import Counter as Tally

from sqlalchemy import delete, func, select

from bench.common import bench_instance, print_table, timer
from config import ROOT, Config

FULL, QUICK = 2000, 150
HEADROOM_LIMIT = 1000
LAST_ROWS: list = []  # the figures of the last run (the smoke test reads them)


def _config(instance, fake) -> Config:
    from tests.twilio_fake import ACCOUNT_SID, AUTH_TOKEN

    return Config(
        instance_path=instance,
        database_url=os.environ.get("DATABASE_URL", ""),  # a scratch database: the run empties the outbox
        redis_url=os.environ.get("REDIS_URL", ""),  # and flushes this Redis database
        secret_key="bench-secret-key-0123456789abcdef",
        public_base_url="http://bench.invalid",
        twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token=AUTH_TOKEN,
        twilio_api_base_url=fake.api_url,
        messages_per_second=int(os.environ.get("MESSAGES_PER_SECOND", "80")),
    )


def _env(config: Config, redis_url: str, limit: int | None = None) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": config.sqlalchemy_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": config.secret_key,
        "PUBLIC_BASE_URL": config.public_base_url,
        "INSTANCE_PATH": str(config.instance_path),
        "TWILIO_ACCOUNT_SID": config.twilio_account_sid,
        "TWILIO_AUTH_TOKEN": config.twilio_auth_token,
        "TWILIO_API_BASE_URL": config.twilio_api_base_url,
        "MESSAGES_PER_SECOND": str(limit or config.messages_per_second),
        "SINGLE_HOST": "1",  # the workers share this machine's file store (a shared DATABASE_URL would ask)
    }


def run_once(rt, fake, n: int, workers: int, redis_url: str, startup_cpu: float = 0.0, limit: int | None = None) -> list:
    from storage import OutboxMessage
    from storage.outbox import queue_message

    fake.messages.clear()
    with rt.transaction() as s:
        s.execute(delete(OutboxMessage))
    rt.redis.flushdb()
    with rt.transaction() as s:
        for i in range(n):
            queue_message(s, recipient=f"+6281{i:09d}", key="notice.completed", priority="notice",
                          variables={"tracking_code": f"APS-2026-{i:06d}"})
    env = _env(rt.config, redis_url, limit)
    before = _children_cpu()
    with timer() as wall:
        _run_workers(env, workers)
    cpu = _children_cpu() - before - workers * startup_cpu
    arrivals = sorted(m["received_at"] for m in fake.messages)
    span = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else 0.0
    rate = (len(arrivals) - 1) / span if span else 0.0
    codes = Tally(m["Body"].split("*")[1] for m in fake.messages)
    duplicates = sum(c - 1 for c in codes.values())
    with rt.transaction() as s:
        sent = s.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "sent"))
    limit = limit or rt.config.messages_per_second
    cpu_ms = 1000 * cpu / max(sent, 1)
    return [workers, n, round(wall["seconds"], 2), round(rate, 1), limit, f"{100 * rate / limit:.0f} %",
            round(cpu_ms, 1), duplicates, n - sent]


def _run_workers(env: dict, workers: int) -> None:
    procs = [subprocess.Popen([sys.executable, "-m", "jobs.worker", "--burst"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
    for p in procs:
        p.wait()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def startup_cost(rt, redis_url: str) -> float:
    """CPU seconds a worker spends starting and stopping with nothing to do."""
    before = _children_cpu()
    _run_workers(_env(rt.config, redis_url), 1)
    return _children_cpu() - before


def main(argv: list[str]) -> int:
    import runtime
    from cli import upgrade_database
    from runtime.connection import embedded_url
    from tests.twilio_fake import FakeTwilio

    n = QUICK if "--quick" in argv else FULL
    if "--notices" in argv:
        n = int(argv[argv.index("--notices") + 1])
    fake = FakeTwilio().start()
    try:
        config = _config(bench_instance(), fake)
        upgrade_database(config.sqlalchemy_url)
        rt = runtime.init(config)
        redis_url = config.redis_url or embedded_url(config.instance_path)
        rt.redis.flushdb()
        startup = startup_cost(rt, redis_url)
        rows = [run_once(rt, fake, n, workers, redis_url, startup) for workers in (1, 2)]
        # Headroom: the same 2 workers with the limit lifted (what more senders could use).
        rows.append(run_once(rt, fake, n, 2, redis_url, startup, limit=HEADROOM_LIMIT))
        backend = "PostgreSQL" if rt.config.sqlalchemy_url.startswith("postgresql") else "SQLite"
        redis = "Redis at REDIS_URL" if config.redis_url else "embedded Redis"
    finally:
        fake.stop()
    global LAST_ROWS
    LAST_ROWS = rows
    print_table(
        f"Outbound notices through the outbox (local Twilio stand-in; {backend} + {redis})",
        ["workers", "notices", "wall s", "msg/s", "limit/s", "of limit", "worker CPU ms/msg", "duplicates", "not sent"],
        rows,
        note="msg/s is measured at the stand-in from the first message to the last; wall s includes "
             "worker start-up. Worker CPU ms/msg is the workers' own CPU time per message (start-up "
             "excluded): 1000 / it is what one worker could send on an idle core. Target: ≥ 95 % of "
             f"the limit with 2 workers, 0 duplicates, 0 not sent. The last row lifts the limit to {HEADROOM_LIMIT}/s: "
             "the headroom the workers have above one sender's limit.",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
