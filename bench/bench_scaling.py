"""`python -m bench.bench_scaling [--quick] [--documents N] [--notices N]`: does throughput grow with workers?

Documents checked per second and messages sent per second with 1, 2 and 4 worker processes
(`python -m jobs.worker --burst`, as the Procfile runs them) against one database and one Redis,
with the sender's rate limit lifted (so the workers, not the limit, set the pace).

- Database: DATABASE_URL if set; otherwise a scratch database created on the PostgreSQL server at
  BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres) and dropped at the end;
  otherwise the embedded SQLite file (said in the title: SQLite serialises writers, so it is not the
  deployment this measures).
- Redis: REDIS_URL if set; otherwise a Redis server at BENCH_REDIS_URL (default 127.0.0.1:6379,
  database 13, flushed) if one answers; otherwise the embedded Redis.
- Documents: N pending documents (distinct 2-page PDFs held as media at the local Twilio stand-in),
  one check job each on the documents queue; a job downloads the media over HTTP, checks it in the
  inspector process, stores it, records the verdict and queues the verdict message, which the same
  workers then send. docs/s = N / (last document's checked_at − the moment the workers were started).
- Messages: bench_outbound's run (N notice rows, the limit lifted to 1,000/s), measured at the stand-in;
  then N/5 more with the stand-in answering each request after LATENCY (Twilio's round trip).

Speed-up is against the 1-worker row of the same run. Figures are for this machine, now: the load
average before each row is printed, because other processes share its cores.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, func, select, text

from bench.bench_outbound import HEADROOM_LIMIT, _config, _env, _run_workers, run_once
from bench.common import bench_instance, print_table

WORKERS = (1, 2, 4)
FULL_DOCS, QUICK_DOCS = 200, 24
FULL_NOTICES, QUICK_NOTICES = 1500, 120
# Twilio's API is in the US: from an office in Riau a request takes a round trip of about a quarter
# of a second [I: typical Jakarta–US-east RTT plus TLS reuse; measure on the office's line]. The
# stand-in waits this long per request in the second message run of each row.
LATENCY = 0.25
LAST_ROWS: list = []  # the figures of the last run (the smoke test reads them)


@contextmanager
def scratch_database():
    """(url, label): DATABASE_URL, or a fresh PostgreSQL database dropped afterwards, or SQLite ("")."""
    given = os.environ.get("DATABASE_URL", "")
    if given:
        yield given, "PostgreSQL at DATABASE_URL" if given.startswith("postgresql") else "DATABASE_URL"
        return
    server = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"bench_scaling_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # noqa: BLE001 - no server: the embedded default, said in the title
        admin.dispose()
        yield "", "SQLite (no PostgreSQL server answered)"
        return
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}", "PostgreSQL (scratch database)"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def redis_url() -> tuple[str, str]:
    given = os.environ.get("REDIS_URL", "")
    if given:
        return given, "Redis at REDIS_URL"
    import redis

    candidate = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    try:
        redis.Redis.from_url(candidate, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return "", "embedded Redis"
    return candidate, "Redis server (db 13)"


def pending_documents(rt, fake, n: int, run: int) -> list[int]:
    """n applicants, each with one application holding one pending document at the stand-in."""
    from storage import Applicant, Document, Service
    from tests.factories import pdf_bytes
    from workflow import engine

    ids = []
    with rt.transaction() as s:
        service = s.scalar(select(Service).where(Service.code == "APS"))
        requirement = service.requirements[0]
        for i in range(n):
            who = Applicant(whatsapp=f"+628{run}{i:09d}", name="Pemohon Uji", nik=f"14070{run}{i:010d}"[:16],
                            address="Jl. Merdeka 1", kecamatan="14.07.02", language="id")
            s.add(who)
            s.flush()
            app = engine.start(s, applicant=who, service=service, details={})
            url = fake.add_media(pdf_bytes(f"Dokumen {run}-{i}", pages=2))
            doc = Document(requirement=requirement, filename=f"dokumen-{i}.pdf", content_type="application/pdf",
                           status="pending", source_url=url, source="pdf")
            app.documents.append(doc)
            s.flush()
            ids.append(doc.id)
    return ids


def documents_run(rt, fake, n: int, workers: int, redis: str, run: int) -> dict:
    from runtime.queues import enqueue
    from storage import Document, OutboxMessage, utcnow

    rt.redis.flushdb()
    ids = pending_documents(rt, fake, n, run)
    for doc_id in ids:
        enqueue(rt.redis, "documents", "jobs.documents.check_document", doc_id)
    env = _env(rt.config, redis, HEADROOM_LIMIT)
    started = utcnow()
    wall = time.perf_counter()
    _run_workers(env, workers)
    wall = time.perf_counter() - wall
    with rt.sessions() as s:
        first, last = s.execute(select(func.min(Document.checked_at), func.max(Document.checked_at))
                                .where(Document.id.in_(ids))).one()
        checked = s.scalar(select(func.count()).select_from(Document)
                           .where(Document.id.in_(ids), Document.status != "pending"))
        unsent = s.scalar(select(func.count()).select_from(OutboxMessage)
                          .where(OutboxMessage.status.in_(("pending", "sending"))))
    span = (last - first).total_seconds() if last else 0.0
    start_up = (first - started).total_seconds() if first else 0.0
    return {"wall": wall, "rate": (checked - 1) / span if span > 0 else 0.0, "checked": checked, "unsent": unsent,
            "start_up": start_up}


def main(argv: list[str]) -> int:
    import runtime
    from cli import upgrade_database
    from runtime.connection import embedded_url
    from tests.twilio_fake import FakeTwilio
    from workflow.service_data import sync_services

    quick = "--quick" in argv
    docs = int(argv[argv.index("--documents") + 1]) if "--documents" in argv else (QUICK_DOCS if quick else FULL_DOCS)
    notices = int(argv[argv.index("--notices") + 1]) if "--notices" in argv else (QUICK_NOTICES if quick else FULL_NOTICES)
    redis, redis_label = redis_url()
    fake = FakeTwilio().start()
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "REDIS_URL")}
    try:
        with scratch_database() as (database, db_label):
            os.environ["DATABASE_URL"], os.environ["REDIS_URL"] = database, redis  # read by _config
            config = _config(bench_instance(), fake)
            upgrade_database(config.sqlalchemy_url)
            rt = runtime.init(config)
            with rt.transaction() as s:
                sync_services(s)
            worker_redis = config.redis_url or embedded_url(config.instance_path)
            rows = []
            for run, workers in enumerate(WORKERS, start=1):
                load = os.getloadavg()[0]
                d = documents_run(rt, fake, docs, workers, worker_redis, run)
                m = run_once(rt, fake, notices, workers, worker_redis, limit=HEADROOM_LIMIT)
                fake.latency = LATENCY
                slow = run_once(rt, fake, max(4, notices // 5), workers, worker_redis, limit=HEADROOM_LIMIT)
                fake.latency = 0.0
                rows.append({"workers": workers, "load": load, **d, "msg_rate": m[3], "slow_rate": slow[3],
                             "dupes": m[7] + slow[7], "not_sent": m[8] + slow[8]})
            rt.engine.dispose()
    finally:
        fake.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    base_docs, base_msgs, base_slow = rows[0]["rate"] or 1.0, rows[0]["msg_rate"] or 1.0, rows[0]["slow_rate"] or 1.0
    table = [[r["workers"], round(r["load"], 1), docs, round(r["wall"], 1), round(r["start_up"], 1), round(r["rate"], 1),
              f"{r['rate'] / base_docs:.2f}×", notices, r["msg_rate"], f"{r['msg_rate'] / base_msgs:.2f}×",
              r["slow_rate"], f"{r['slow_rate'] / base_slow:.2f}×",
              r["dupes"], docs - r["checked"] + r["not_sent"]] for r in rows]
    global LAST_ROWS
    LAST_ROWS = table
    print_table(
        f"Throughput with 1, 2 and 4 workers ({db_label} + {redis_label}; {os.cpu_count()} cores)",
        ["workers", "load before", "documents", "docs wall s", "start-up s", "docs/s", "speed-up", "messages", "msg/s",
         "speed-up", f"msg/s at {int(LATENCY * 1000)} ms", "speed-up", "duplicates", "lost"],
        table,
        note="docs/s: documents checked (downloaded from the stand-in, inspected, stored, verdict queued) per "
             "second, first verdict to last (start-up s: workers' start to the first verdict); msg/s: notices at the stand-in per second with the sender's limit "
             f"lifted to {HEADROOM_LIMIT}/s; 'at {int(LATENCY * 1000)} ms': the same with the stand-in answering each "
             f"request after {LATENCY} s, as Twilio's API does from Riau ({max(4, notices // 5)} notices). "
             "Speed-up is against 1 worker in this run. 'load before' is the "
             "1-minute load average when the row began: other processes share these cores.",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
