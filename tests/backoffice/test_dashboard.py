"""The supervisor's dashboard: counts, overdue files, median working time against the SOP,
applications per week and failed WhatsApp messages."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from backoffice import dashboard
from storage import Application, OutboxMessage, utcnow
from tests import factories
from tests.backoffice.helpers import submitted_application
from workflow import engine

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
        assert dashboard.stage_standards(calendar)["technical_review"] == 6 * 450
        counts = dict(dashboard.counts_per_stage(s))
        assert counts["technical_review"] == 3 and "draft" not in counts
        weeks = dashboard.per_week(s, calendar, utcnow())
        assert len(weeks) == 12 and sum(n for _, n in weeks) == 3


def test_dashboard_page_shows_overdue_files_and_failed_messages(rt, signed_in):
    late = submitted_application(rt, name="Terlambat Sekali", now=utcnow() - timedelta(days=7))
    with rt.transaction() as s:
        s.add(OutboxMessage(recipient="+6281234567890", key="notice.accepted", status="failed",
                            error_code="63016", error_message="outside the 24-hour window", application_id=late))
    html = signed_in("pengawas").get("/backoffice/dashboard").get_data(as_text=True)
    assert "Terlambat Sekali" in html and "Terlambat" in html
    assert "notice.accepted" in html and "63016" in html
    assert "+6281234567890" not in html and "+6281*****7890" in html
    assert "<svg" in html and "Median" in html
    assert signed_in("backoffice").get("/backoffice/dashboard").status_code == 403
