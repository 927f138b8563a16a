"""The supervisor's dashboard: counts, overdue files, median working time against the SOP,
applications per week and failed WhatsApp messages."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from backoffice import dashboard
from storage import Application, CalendarOverride, HistoryEvent, OutboxMessage, utcnow
from tests import factories
from tests.backoffice.helpers import submitted_application
from workflow import engine
from workflow.definition import load

WIB = ZoneInfo("Asia/Jakarta")


def _last_monday_9() -> datetime:
    today = utcnow().astimezone(WIB).date()
    monday = today - timedelta(days=today.weekday() + 7)
    return datetime(monday.year, monday.month, monday.day, 9, 0, tzinfo=WIB)


def test_median_time_per_stage_is_in_working_minutes_against_the_standard(rt, seeded):
    start = _last_monday_9()
    for n, minutes in enumerate((10, 20, 40)):
        app_id = submitted_application(rt, name=f"Warga {n}", whatsapp=f"+6281300000{n:02d}", nik=f"140701010101{n:04d}", now=start)
        with rt.transaction() as s:
            app = s.get(Application, app_id)
            engine.fire(app, "accept", factories.staff(s, "backoffice"), now=start + timedelta(minutes=minutes))
    with rt.transaction() as s:
        calendar = engine.calendar_for(s)
        times = {t.stage: t for t in dashboard.median_times(s, calendar, utcnow())}
        assert times["completeness_check"].median_minutes == 20
        assert times["completeness_check"].standard_minutes == 15 and times["completeness_check"].over
        assert times["completeness_check"].samples == 3
        assert dashboard.stage_standards(load("rekomendasi"), calendar)["technical_review"] == 6 * 450
        per_service = {service.code: dict(per_stage) for service, per_stage in dashboard.counts_per_stage(s)}
        counts = per_service["APS"]
        assert times["completeness_check"].service == "APS"
        assert all(not any(n for n in other.values()) for code, other in per_service.items() if code != "APS")
        assert counts["technical_review"] == 3 and "draft" not in counts
        weeks = dashboard.per_week(s, calendar, utcnow())
        assert len(weeks) == 12 and sum(n for _, n in weeks) == 3


def _at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=WIB)


# Visits worked out by hand with the default office hours (Mon–Thu 07:30–12:00 and 13:00–16:00,
# Fri 07:30–11:30 and 13:00–16:30), 2025's holidays and one day the office closed itself.
LUNCH = (_at(date(2025, 12, 1), 11, 30), _at(date(2025, 12, 1), 13, 30))  # Mon: 30 + 30 = 60
WEEKEND = (_at(date(2025, 12, 5), 16, 0), _at(date(2025, 12, 8), 8, 15))  # Fri 30 + Mon 45 = 75
# Wed 24 Dec 15:00 → Mon 29 Dec 08:00 over Christmas (Thu), its cuti bersama (Fri) and the
# weekend: 60 + 30 = 90.
HOLIDAY = (_at(date(2025, 12, 24), 15, 0), _at(date(2025, 12, 29), 8, 0))
# Tue 2 Dec closed by the office (calendar_overrides): Mon 15:30 → Wed 08:01 is 30 + 31 = 61.
CLOSED = date(2025, 12, 2)
OVERRIDE = (_at(date(2025, 12, 1), 15, 30), _at(date(2025, 12, 3), 8, 1))
NOW = _at(date(2026, 1, 10), 9, 0)


def _file(rt, n: int, submitted: datetime, accepted: datetime, recommended: datetime | None = None) -> int:
    """A file submitted, accepted and (optionally) recommended at these moments; its id."""
    app_id = submitted_application(rt, name=f"Warga {n}", whatsapp=f"+6281300000{n:02d}", nik=f"140701010101{n:04d}", now=submitted)
    with rt.transaction() as s:
        app = s.get(Application, app_id)
        engine.fire(app, "accept", factories.staff(s, "backoffice"), now=accepted)
        if recommended:
            engine.fire(app, "recommend", factories.staff(s, "teknis"), now=recommended, recommendation=factories.pdf_bytes())
    return app_id


def _medians_the_old_way(s, calendar, now) -> dict[str, tuple[int, int]]:
    """What the dashboard computed before the minutes were stored: every event of the last 120
    days, per file in order, each visit from the previous event's time through the calendar."""
    standards = dashboard.stage_standards(load("rekomendasi"), calendar)
    spent, entered = defaultdict(list), {}
    for app_id, at, from_stage in s.execute(
        select(HistoryEvent.application_id, HistoryEvent.at, HistoryEvent.from_stage)
        .where(HistoryEvent.at >= now - dashboard.WINDOW - timedelta(days=30))
        .order_by(HistoryEvent.application_id, HistoryEvent.id)
    ):
        if app_id in entered and from_stage in standards and at >= now - dashboard.WINDOW:
            spent[from_stage].append(calendar.minutes_between(entered[app_id], at))
        entered[app_id] = at
    return {stage: (int(statistics.median(v)), len(v)) for stage, v in spent.items()}


def test_median_times_worked_by_hand_over_lunch_weekend_holiday_and_closure(rt, seeded):
    with rt.transaction() as s:
        s.add(CalendarOverride(day=CLOSED, closed=True, note="rapat kerja"))
    _file(rt, 1, *LUNCH)  # completeness check 60
    _file(rt, 2, *WEEKEND)  # completeness check 75
    _file(rt, 3, HOLIDAY[0] - timedelta(minutes=10), *HOLIDAY)  # completeness 10, technical review 90
    _file(rt, 4, OVERRIDE[0] - timedelta(minutes=5), *OVERRIDE)  # completeness 5, technical review 61
    with rt.transaction() as s:
        calendar = engine.calendar_for(s)
        times = {t.stage: (t.median_minutes, t.samples) for t in dashboard.median_times(s, calendar, NOW)}
        # 5 10 60 75 → (10 + 60) / 2; 61 90 → 75.5, cut to whole minutes as before.
        assert times == {"completeness_check": (35, 4), "technical_review": (75, 2)}
        assert times == _medians_the_old_way(s, calendar, NOW)
        left = s.scalars(select(HistoryEvent.working_minutes).where(HistoryEvent.from_stage == "technical_review"))
        assert sorted(left) == [61, 90]


def test_median_times_count_the_visits_that_ended_in_the_window_and_have_their_minutes(rt, seeded):
    since = NOW - dashboard.WINDOW
    _file(rt, 1, since - timedelta(hours=1), since - timedelta(minutes=1))  # ended before the window
    _file(rt, 2, *LUNCH)  # 60
    _file(rt, 3, *WEEKEND)  # 75, but its row lost its minutes (written before they were recorded)
    with rt.transaction() as s:
        s.execute(update(HistoryEvent).where(HistoryEvent.at == WEEKEND[1]).values(working_minutes=None))
    with rt.transaction() as s:
        times = {t.stage: (t.median_minutes, t.samples) for t in dashboard.median_times(s, engine.calendar_for(s), NOW)}
        assert times == {"completeness_check": (60, 1)}


def test_dashboard_page_shows_overdue_files_and_failed_messages(rt, signed_in):
    late = submitted_application(rt, name="Terlambat Sekali", now=utcnow() - timedelta(days=7))
    with rt.transaction() as s:
        s.add(OutboxMessage(recipient="+6281234567890", key="notice.accepted", status="failed",
                            error_code="63016", error_message="outside the 24-hour window", application_id=late))
        s.add(OutboxMessage(recipient="+6281234567891", key="notice.stage_entered", status="delivered",
                            error_code="63016", refused_at=utcnow(), document_held=True, application_id=late))
    html = signed_in("pengawas").get("/backoffice/dashboard").get_data(as_text=True)
    assert "Terlambat Sekali" in html and "Terlambat" in html
    assert "notice.accepted" in html and "63016" in html
    assert "notice.stage_entered" in html and "dikirim ulang sebagai template" in html
    assert '<span class="pill pending">diterima</span>' in html  # the row's status in the screen's language
    assert "menunggu pesan berikutnya" in html and f"/backoffice/applications/{late}" in html
    assert "+6281234567890" not in html and "+6281*****7890" in html
    assert "<svg" in html and "Median" in html
    assert signed_in("backoffice").get("/backoffice/dashboard").status_code == 403


def test_submissions_per_week_follow_office_time_week_boundaries(rt, seeded):
    """A submission at 23:59 on a Sunday (WIB) and one at 00:00 the next Monday fall in different
    ISO weeks, although both are on the same UTC day; one 13 weeks ago is not counted."""
    now = datetime(2026, 11, 25, 10, 0, tzinfo=WIB)  # a Wednesday, week 2026-W48
    moments = [datetime(2026, 11, 22, 23, 59, tzinfo=WIB), datetime(2026, 11, 23, 0, 0, tzinfo=WIB),
               datetime(2026, 11, 25, 9, 0, tzinfo=WIB), datetime(2026, 9, 7, 8, 0, tzinfo=WIB),
               datetime(2026, 8, 30, 8, 0, tzinfo=WIB)]  # W37 is the oldest of twelve; W35 is out
    for n, moment in enumerate(moments):
        app_id = submitted_application(rt, name=f"Warga {n}", whatsapp=f"+6281300100{n:02d}", nik=f"140701010102{n:04d}", now=moment)
        with rt.transaction() as s:
            assert s.get(Application, app_id).submitted_at is not None
            s.get(Application, app_id).submitted_at = moment
    with rt.transaction() as s:
        weeks = dict(dashboard.per_week(s, engine.calendar_for(s), now.astimezone(ZoneInfo("UTC"))))
    assert list(weeks)[0] == "2026-W37" and list(weeks)[-1] == "2026-W48" and len(weeks) == 12
    assert (weeks["2026-W47"], weeks["2026-W48"], weeks["2026-W37"]) == (1, 2, 1)
    assert sum(weeks.values()) == 4


def test_the_weekly_chart_speaks_the_screens_language(rt, signed_in):
    """The bars' axis and tooltips come from the catalogue: "Mg49" and "Minggu ke-49 (…)" on the
    Indonesian screen (it printed the English ISO "W49" on both), "W49" in English."""
    submitted_application(rt)
    week = utcnow().astimezone(WIB).isocalendar()[1]
    client = signed_in("pengawas")
    html = client.get("/backoffice/dashboard").get_data(as_text=True)
    assert f">Mg{week:02d}</text>" in html and f"<title>Minggu ke-{week} (" in html and f">W{week:02d}<" not in html
    client.get("/backoffice/lang/en?next=/backoffice/")
    html = client.get("/backoffice/dashboard").get_data(as_text=True)
    assert f">W{week:02d}</text>" in html and f"<title>Week {week} (" in html


def test_the_medians_read_the_history_rows_alone_grouped_by_their_service(rt, seeded):
    """Each history row carries its file's service (written by the engine), so the per-service
    medians read the window from history_events' own index without joining each row to its
    application (7 s at a million files: BENCHMARKS.md)."""
    from sqlalchemy import event

    _file(rt, 1, *LUNCH)
    _file(rt, 2, *WEEKEND)
    with rt.transaction() as s:
        rows = s.execute(select(HistoryEvent.service_id, Application.service_id)
                         .join(Application, Application.id == HistoryEvent.application_id)).all()
        assert rows and all(mine == theirs for mine, theirs in rows)
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(rt.engine, "before_cursor_execute", seen)
    try:
        with rt.transaction() as s:
            times = dashboard.median_times(s, engine.calendar_for(s), NOW)
    finally:
        event.remove(rt.engine, "before_cursor_execute", seen)
    assert [(t.service, t.stage, t.samples) for t in times] == [("APS", "completeness_check", 2)]
    reading = [q for q in statements if "history_events" in q]
    assert reading and all("applications" not in q for q in reading), reading


def test_the_counts_per_service_and_stage_read_an_index_alone(rt, seeded):
    """counts_per_stage groups by (service_id, stage): ix_applications_service_stage covers it, so
    SQLite counts from the index instead of reading every file (BENCHMARKS.md, dashboard)."""
    import pytest
    from sqlalchemy import event

    if rt.engine.dialect.name != "sqlite":
        pytest.skip("the plan checked is SQLite's (PostgreSQL picks by table size)")
    submitted_application(rt)
    statements: list[tuple[str, tuple]] = []

    def seen(conn, cursor, statement, parameters, *args):
        statements.append((statement, parameters))

    event.listen(rt.engine, "before_cursor_execute", seen)
    try:
        with rt.transaction() as s:
            counts = dict(dashboard.counts_per_stage(s)[0][1])
    finally:
        event.remove(rt.engine, "before_cursor_execute", seen)
    assert counts["completeness_check"] == 1
    statement, parameters = next((q, p) for q, p in statements if "GROUP BY" in q and "applications" in q)
    with rt.engine.connect() as conn:
        plan = " ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
    assert "COVERING INDEX ix_applications_service_stage" in plan, plan
