"""Database scale: the SLA scan, a desk page and the supervisor dashboard at 100,000 and 1,000,000
applications (PostgreSQL when DATABASE_URL is set, a throwaway SQLite otherwise), with query plans."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import func, select, text

from bench.common import bench_instance, print_table
from bench.seed import seed_applications

SIZES = (100_000, 1_000_000)
QUICK = (2_000,)


def _best(fn, runs: int) -> tuple[float, float]:
    """(median, best) milliseconds over `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def _plan(session, stmt) -> list[str]:
    dialect = session.bind.dialect
    sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    prefix = "EXPLAIN QUERY PLAN " if dialect.name == "sqlite" else "EXPLAIN "
    rows = session.execute(text(prefix + sql)).all()
    return [str(r[-1]) if dialect.name == "sqlite" else str(r[0]) for r in rows]


def _sla_scan_stmt(now):
    from jobs import sla
    from storage import Application

    return select(Application).where(Application.stage.in_(sla._alerting_stages()), Application.stage_due_at <= now).order_by(Application.stage_due_at)


class _DryRun:
    """A runtime whose transaction() flushes but never commits (so no outbox job is enqueued)."""

    def __init__(self, rt):
        self._rt = rt

    def __getattr__(self, name):
        return getattr(self._rt, name)

    @contextmanager
    def transaction(self):
        session = self._rt.sessions()
        try:
            yield session
            session.flush()
        finally:
            session.rollback()
            session.close()


def _mark_alerted(rt, now) -> None:
    """Steady state: the scan runs every minute, so the files already overdue were alerted by earlier
    runs (both levels); a timed run then does what a real minute does, not a whole backlog's alerts."""
    from sqlalchemy import insert

    from jobs import sla
    from storage import Application, SlaAlert
    from workflow.definition import all_workflows

    with rt.transaction() as s:
        overdue = sla._overdue(s, now)
        stages = {st.name for flow in all_workflows() for st in flow.stages.values() if st.reminder_days}
        waiting = list(s.scalars(select(Application).where(Application.stage.in_(stages))))  # reminders sent earlier
        done = sla._alerted(s, [app.id for app, _ in overdue] + [app.id for app in waiting])
        wanted = [(app, level) for app, _ in overdue for level in ("breach", "escalation")]
        wanted += [(app, "reminder") for app in waiting]
        rows = [
            {"application_id": app.id, "stage": app.stage, "stage_entered_at": app.stage_entered_at, "level": level}
            for app, level in wanted
            if (app.id, app.stage, app.stage_entered_at, level) not in done
        ]
        if rows:
            s.execute(insert(SlaAlert), rows)


def _make_app(instance, database_url: str):
    from app import create_app
    from cli import seed_demo, upgrade_database
    from config import Config

    config = Config.from_env(instance_path=instance, database_url=database_url, testing=True)
    upgrade_database(config.sqlalchemy_url)
    app = create_app(config)
    app.config["WTF_CSRF_ENABLED"] = False  # the bench logs in through the test client
    rt = app.extensions["runtime"]
    with rt.transaction() as s:
        seed_demo(s)
    return app, rt


def _client(app, username: str):
    from cli import DEMO_PASSWORD

    client = app.test_client()
    response = client.post("/backoffice/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code in (302, 303), f"login as {username} failed: {response.status_code}"
    return client


def measure(app, rt, count: int, runs: int) -> tuple[list[list], dict[str, list[str]]]:
    from backoffice import dashboard, listing
    from jobs import sla
    from storage import Application, StaffUser, utcnow
    from workflow.engine import calendar_for

    seconds = seed_applications(rt, count)
    _mark_alerted(rt, utcnow())
    with rt.transaction() as s:
        total = s.scalar(select(func.count()).select_from(Application))
    # What autovacuum does after a bulk load on PostgreSQL (statistics, and the visibility map
    # that lets index-only scans skip the table); SQLite's ANALYZE fills its planner statistics.
    with rt.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE")
    desk = _client(app, "backoffice")
    boss = _client(app, "pengawas")
    now = utcnow()
    rows = [[f"{total:,} applications", "seed (once)", seconds * 1000, seconds * 1000, ""]]

    def scan_dry():  # the real jobs.sla.check(), its writes rolled back: a dry run that queues nothing
        return sla.check(now, rt=_DryRun(rt))

    with rt.sessions() as s:
        overdue_count = len(sla._overdue(s, now))
        user = s.scalar(select(StaffUser).where(StaffUser.username == "backoffice"))
        desk_stmt = listing.query(user, desk=True)

        def desk_query():
            with rt.sessions() as s2:
                list(s2.scalars(desk_stmt.limit(200)))

        def dashboard_queries():
            with rt.sessions() as s2:
                cal = calendar_for(s2)
                dashboard.counts_per_stage(s2)
                dashboard.overdue(s2, now)
                dashboard.median_times(s2, cal, now)
                dashboard.per_week(s2, cal, now)

        def dashboard_medians():  # the per-service medians alone (the part that grew with history)
            with rt.sessions() as s2:
                dashboard.median_times(s2, calendar_for(s2), now)

        plans = {
            "SLA scan": _plan(s, _sla_scan_stmt(now)),
            "desk (back_office)": _plan(s, desk_stmt.limit(200)),
        }
    scan_runs = max(1, runs // 3)
    for name, fn, target, n in (
        (f"SLA scan ({overdue_count:,} overdue; dry run)", scan_dry, "< 1 s at 1,000,000", scan_runs),
        ("desk page, HTTP (back_office)", lambda: desk.get("/backoffice/"), "< 100 ms at 100,000", runs),
        ("desk query alone", desk_query, "", runs),
        ("dashboard page, HTTP (supervisor)", lambda: boss.get("/backoffice/dashboard"), "", scan_runs),
        ("dashboard queries alone", dashboard_queries, "", scan_runs),
        ("dashboard medians alone", dashboard_medians, "", scan_runs),
    ):
        median, best = _best(fn, n)
        rows.append([f"{total:,} applications", name, median, best, target])
    assert desk.get("/backoffice/").status_code == 200
    assert boss.get("/backoffice/dashboard").status_code == 200
    search_rows, search_plans = measure_searches(rt, count, total, desk, boss, runs)
    return rows + search_rows, {**plans, **search_plans}


def _search_cases(rt, count: int) -> list[tuple[str, object]]:
    """What a clerk types or picks (issue 19 item 5), with values the seed really holds."""
    from backoffice.search import Search
    from bench.seed import APPLICANTS, applicant_name, applicant_nik, applicant_whatsapp
    from storage import Application

    k = count // 2
    who = k % min(APPLICANTS, count)
    with rt.sessions() as s:
        middle = s.get(Application, s.scalar(select(func.min(Application.id))) + k)
        number = s.scalar(select(Application.issued_number).where(Application.issued_number.is_not(None)).limit(1).offset(k // 50))
        child = middle.details["child_name"]
        last_week = s.scalar(select(func.max(Application.submitted_at)))
    day = (last_week - timedelta(days=6)).date()
    return [
        ("tracking code", Search(q=middle.tracking_code.lower())),
        ("letter number", Search(q=number.lower())),
        ("NIK, 16 digits", Search(q=applicant_nik(who))),
        ("NIK, last 4 digits", Search(q=applicant_nik(who)[-4:])),
        ("NIK, last 6 digits", Search(q=applicant_nik(who)[-6:])),
        ("WhatsApp number typed 0812-…", Search(q="0" + applicant_whatsapp(who)[3:6] + "-" + applicant_whatsapp(who)[6:])),
        ("applicant's full name", Search(q=applicant_name(who))),
        ("a common first name (1 in 40)", Search(q=applicant_name(who).split()[0])),
        ("child's full name (details)", Search(q=child)),
        ("child's name, first 4 letters", Search(q=child[:4])),
        ("stage filter, latest due first", Search(stage="completeness_check", sort="-due")),
        ("overdue only", Search(overdue=True)),
        ("one week submitted", Search(submitted_from=day, submitted_to=day + timedelta(days=6))),
        ("service filter (every file)", Search(service="APS")),
        ("name + stage + dates", Search(q=applicant_name(who).split()[0], stage="completed",
                                        submitted_from=day - timedelta(days=60), submitted_to=day)),
    ]


def measure_searches(rt, count: int, total: int, desk, boss, runs: int) -> tuple[list[list], dict[str, list[str]]]:
    """The desk's searches: each as the page runs it (the count and the first page of 50, the rows'
    applicants loaded) for the supervisor (sees every file) — and the name search for the back office
    too (its visibility rule adds a subquery) — then two through HTTP."""
    from backoffice import listing
    from storage import StaffUser, utcnow
    from workflow.engine import calendar_for

    cases = _search_cases(rt, count)
    now = utcnow()
    rows, plans, timed = [], {}, []
    with rt.sessions() as s:
        tz = calendar_for(s).tz
        users = {name: s.scalar(select(StaffUser).where(StaffUser.username == name)) for name in ("pengawas", "backoffice")}
        for label, search in cases:
            for who in ("pengawas", "backoffice") if label == "applicant's full name" else ("pengawas",):
                stmt = listing.query(users[who], search, now=now, tz=tz)
                timed.append((label, who, stmt))
                if label in ("NIK, last 4 digits", "child's full name (details)", "applicant's full name") and who == "pengawas":
                    plans[f"search: {label}"] = _plan(s, stmt.limit(50))
    for label, who, stmt in timed:
        def run(stmt=stmt):
            with rt.sessions() as s2:
                return listing.page(s2, stmt, 1, 50)

        found = run()[1]
        median, best = _best(run, runs)
        rows.append([f"{total:,} applications", f"search: {label} ({who}; {found:,} found)", median, best,
                     "< 100 ms" if found < 10_000 else ""])
    nik_tail = next(search.q for label, search in cases if label == "NIK, last 4 digits")
    child = next(search.q for label, search in cases if label == "child's full name (details)")
    bearer = _bearer(rt, "pengawas")
    for label, fn in (
        ("desk search, HTTP POST (back_office; NIK last 4)", lambda: desk.post("/backoffice/", data={"q": nik_tail})),
        ("API search, HTTP POST (supervisor; child's name)",
         lambda: boss.post("/api/v1/applications/search", json={"q": child}, headers=bearer)),
    ):
        assert fn().status_code == 200, label
        median, best = _best(fn, runs)
        rows.append([f"{total:,} applications", label, median, best, "< 100 ms at 100,000"])
    return rows, plans


def _bearer(rt, username: str) -> dict:
    from storage import StaffUser
    from storage.staff import issue_token

    with rt.transaction() as s:
        return {"Authorization": "Bearer " + issue_token(s, s.scalar(select(StaffUser).where(StaffUser.username == username)))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 applications, few runs (smoke test)")
    parser.add_argument("--sizes", default="", help="comma-separated sizes (default 100000,1000000)")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else tuple(int(n) for n in args.sizes.split(",") if n) or SIZES
    runs = 3 if args.quick else 9
    database_url = os.environ.get("DATABASE_URL", "")
    app, rt = _make_app(bench_instance(), database_url)
    backend = rt.engine.dialect.name
    for count in sizes:
        table, plans = measure(app, rt, count, runs)
        _report(backend, count, table, plans)
    rt.engine.dispose()
    return 0


def _report(backend: str, count: int, table: list[list], plans: dict[str, list[str]]) -> None:
    print_table(f"Database scale ({backend})", ["size", "what", "median ms", "best ms", "target"], table,
                note="seed: bench/seed.py (3 % of files open, entered in the last 10 days; the rest closed over 2 years); times are wall clock on a shared machine.")
    print(f"\n### Query plans at {count:,} ({backend})\n")
    for name, lines in plans.items():
        print(f"{name}:")
        for line in lines:
            print(f"    {line}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
