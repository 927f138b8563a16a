"""The register book (Buku Register Permohonan) and the monthly service report: hand-made files
through the real engine in November 2025 (no holiday that month), the summary's exact figures,
the register page and its CSV, and the API."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from backoffice import listing, register_report
from backoffice.dashboard import total_standard
from storage import Applicant, Application, HistoryEvent
from tests import factories
from tests.backoffice.helpers import submitted_application
from workflow import engine
from workflow.definition import load, service_definitions, workflow_for
from workflow.periods import Period

CODES = [spec["code"] for spec in service_definitions()]  # the office's services, from the data

WIB = ZoneInfo("Asia/Jakarta")
NOVEMBER = "from=2025-11-01&to=2025-11-30"
# Office hours Mon–Thu 07:30–12:00 + 13:00–16:00, Fri 07:30–11:30 + 13:00–16:30: 450 min a day.
STANDARD = 6 * 450 + 15 + 10 + 10 + 10 + 15 + 15  # the staff stages of rekomendasi: 2775


def at(day: int, hh: int, mm: int = 0, month: int = 11) -> datetime:
    return datetime(2025, month, day, hh, mm, tzinfo=WIB)


FIELDS = {
    "recommend": lambda app: {"recommendation": factories.pdf_bytes()},
    "sign": lambda app: {"passphrase": "demo-tte"},
    "collect": lambda app: {"pickup_code": app.pickup_code},
    "return": lambda app: {"reasons": ["KTP tidak terbaca"]},
    "reject": lambda app: {"reason": "Tidak memenuhi ketentuan"},
}
DESK = ["verify", "approve", "assign_number", "sign", "print"]  # after the recommendation


def walk(rt, n: int, submitted: datetime, steps, *, name: str | None = None, kecamatan: str = "14.07.02") -> int:
    """A file submitted at `submitted`, then each (action, moment) fired through the engine by
    the demo user of the action's role (the applicant for theirs); its id."""
    app_id = submitted_application(rt, name=name or f"Warga {n}", whatsapp=f"+62813000000{n:02d}",
                                   nik=f"140701010101{n:04d}", now=submitted)
    with rt.transaction() as s:
        app = s.get(Application, app_id)
        app.applicant.kecamatan = kecamatan
        for action_name, moment in steps:
            action = workflow_for(app.service).action(app.stage, action_name)
            role = action.roles[0]
            who = app.applicant if role == "applicant" else factories.staff(s, factories.DEMO_USER_FOR_ROLE[role])
            given = FIELDS.get(action_name, lambda _: {})(app)
            if action_name == "sign":
                given["preview_sha256"] = factories.previewed(s, app, who, moment)
            engine.fire(app, action_name, who, now=moment, **given)
    return app_id


def desk_steps(start: datetime, minutes: int = 10):
    """verify … print, each `minutes` of working time after the previous one (same morning)."""
    return [(name, start + timedelta(minutes=minutes * (i + 1))) for i, name in enumerate(DESK)]


@pytest.fixture
def november(rt, seeded):
    """The month's files, worked out by hand (office working minutes, the applicant's time not counted):

    A  completed within:  accept 10 + technical 440 (Mon 08:10 → Tue 08:00) + 5 × 10 = 500
    B  completed beyond:  accept 15 + technical 3150 (Mon 3 09:15 → Wed 12 09:15, 7 working
                          days: 345 + 6 × 450 + 105) + 5 × 10 = 3215 > 2775
    C  returned once, then completed: check 20 + [returned: not counted] + check 15
                          + technical 450 (Wed 10:15 → Thu 10:15) + 5 × 10 = 535
    D  refused at the technical review; E still in the technical review;
    G  returned, then cancelled by the applicant; H a draft cancelled before submitting (not the office's);
    F  submitted on 1 December 06:00 WIB (30 November 23:00 UTC): outside the period.
    """
    ids = {
        "A": walk(rt, 1, at(3, 8), [("accept", at(3, 8, 10)), ("recommend", at(4, 8)), *desk_steps(at(4, 8)),
                                    ("collect", at(7, 9))], name="=HYPERLINK(\"http://x\") Budi"),
        "B": walk(rt, 2, at(3, 9), [("accept", at(3, 9, 15)), ("recommend", at(12, 9, 15)), *desk_steps(at(12, 9, 15)),
                                    ("collect", at(13, 10))], kecamatan="luar"),
        "C": walk(rt, 3, at(4, 8), [("return", at(4, 8, 20)), ("resubmit", at(5, 10)), ("accept", at(5, 10, 15)),
                                    ("recommend", at(6, 10, 15)), *desk_steps(at(6, 10, 15)), ("collect", at(7, 8))]),
        "D": walk(rt, 4, at(10, 8), [("accept", at(10, 8, 30)), ("reject", at(11, 8))]),
        "G": walk(rt, 5, at(12, 8), [("return", at(12, 8, 10)), ("cancel", at(13, 9))]),
        "E": walk(rt, 6, at(17, 8), [("accept", at(17, 8, 15))]),
        "F": walk(rt, 7, at(1, 6, month=12), [("accept", at(1, 8, month=12))]),
    }
    with rt.transaction() as s:
        draft = factories.draft_with_documents(s, factories.applicant(s, whatsapp="+6281300000099", nik=None))
        engine.fire(draft, "cancel", draft.applicant, now=at(20, 9))
    return ids


def test_the_standard_is_the_sum_of_the_staff_stages(rt):
    with rt.transaction() as s:
        assert total_standard(load("rekomendasi"), engine.calendar_for(s)) == STANDARD == 2775


def test_summary_of_november_by_hand(rt, november):
    with rt.transaction() as s:
        calendar = engine.calendar_for(s)
        summary = register_report.summary(s, Period(at(1, 0).date(), at(30, 0).date()), calendar, at(1, 9, month=12),
                                          factories.service(s, "APS"))
        figures = summary.as_dict()
        assert figures.pop("service") == "APS"  # one service asked for: its own figures
        # Over all the office's services: the same counts (only APS had files), one summary per service.
        every = register_report.summary(s, Period(at(1, 0).date(), at(30, 0).date()), calendar, at(1, 9, month=12))
        per_service = {one.pop("service"): one for one in every.as_dict()["services"]}
        assert per_service["APS"] == figures and set(per_service) == set(CODES)
        assert all(one["submitted"] == 0 for code, one in per_service.items() if code != "APS")
        assert figures == {
            "submitted": 6,  # A B C D G E; not F (December in office time), not the draft
            "completed": 3,
            "refused": 1,
            "cancelled": 1,  # G; the draft cancelled before submitting is not counted
            "returned": 2,  # C and G
            "in_progress": 1,  # E
            "median_working_minutes": 535,  # of 500, 535, 3215
            "within_standard": 2,
            "within_standard_share": 0.6667,
            "standard_working_minutes": 2775,
        }
        # The working minutes come from the history rows the engine wrote; a row without them
        # (written before the engine kept them) is worked out from the history the same way.
        s.execute(HistoryEvent.__table__.update().where(HistoryEvent.application_id == november["C"]).values(working_minutes=None))
        again = register_report.summary(s, Period(at(1, 0).date(), at(30, 0).date()), calendar, at(1, 9, month=12),
                                        factories.service(s, "APS"))
        assert again.median_minutes == 535 and again.within_standard == 2
        s.rollback()


def test_rows_time_in_progress_files_up_to_now(rt, november):
    with rt.transaction() as s:
        calendar = engine.calendar_for(s)
        apps = list(s.scalars(register_report.register_query(Period(at(1, 0).date(), at(30, 0).date()), calendar.tz_name)))
        rows = {r.application.id: r for r in register_report.rows(s, apps, calendar, at(18, 8))}
        assert [a.id for a in apps] == [november[k] for k in "ABCDGE"]  # oldest first
        assert {k: rows[november[k]].working_minutes for k in "ABCDGE"} == {
            "A": 500, "B": 3215, "C": 535,
            "D": 30 + 420,  # check 30 + technical Mon 08:30 → Tue 08:00 (210 + 180 + 30)
            "G": 10,  # returned then cancelled: only the check counts
            "E": 15 + 435,  # check 15 + technical Mon 17 08:15 → now, Tue 18 08:00 (225 + 180 + 30)
        }
        assert [rows[november[k]].within_standard for k in "ABC"] == [True, False, True]
        assert rows[november["A"]].completed_at is not None and rows[november["D"]].completed_at is None


def test_register_page_and_its_pages(rt, november, signed_in, monkeypatch):
    page = signed_in("pengawas").get(f"/backoffice/reports/register?{NOVEMBER}&service=APS")  # its median, its standard
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for key, value in {"submitted": 6, "completed": 3, "refused": 1, "cancelled": 1, "returned": 2, "in_progress": 1}.items():
        assert f'id="sum-{key}">{value}<' in html
    assert 'id="sum-share">66,7 % (2/3)<' in html and 'id="sum-median">1 hari 1 jam' in html  # 535 = 450 + 85
    with rt.transaction() as s:
        codes = [s.get(Application, november[k]).tracking_code for k in "ABCDGEF"]
        number = s.get(Application, november["A"]).issued_number
    assert all(code in html for code in codes[:6]) and codes[6] not in html
    assert html.index(codes[0]) < html.index(codes[1]) < html.index(codes[5])
    assert "Bangko" in html and "Luar Rokan Hilir" in html and number in html and "Kajian Tim Teknis" in html
    assert "1407" not in html and "+62813" not in html and "Jl. Merdeka" not in html
    assert "=HYPERLINK(&#34;http://x&#34;) Budi" in html  # escaped
    # 25 a page like the API's lists; here 4 to see a second page.
    monkeypatch.setattr(listing, "PAGE_SIZE", 4)
    second = signed_in("pengawas").get(f"/backoffice/reports/register?{NOVEMBER}&page=2").get_data(as_text=True)
    assert codes[4] in second and codes[5] in second and codes[0] not in second and "Halaman 2 dari 2" in second
    # The default period is the current month; a bad date goes back to it with a message.
    assert signed_in("pengawas").get("/backoffice/reports/register").status_code == 200
    bad = signed_in("pengawas").get("/backoffice/reports/register?from=2025-11-31", follow_redirects=True)
    assert bad.status_code == 200 and "Periode tidak valid" in bad.get_data(as_text=True)


def test_register_csv_has_the_columns_and_no_personal_data(rt, november, signed_in):
    res = signed_in("admin").get(f"/backoffice/reports/register.csv?{NOVEMBER}&service=APS")
    assert res.status_code == 200 and res.mimetype == "text/csv"
    assert 'filename="register-2025-11-01-2025-11-30-APS.csv"' in res.headers["Content-Disposition"]
    raw = res.get_data(as_text=True)
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert rows[0] == ["tracking_code", "service", "applicant_name", "kecamatan", "submitted_at", "stage",
                       "issued_number", "issued_on", "completed_at", "working_minutes", "within_standard"]
    assert len(rows) == 7  # the six files submitted in November, oldest first
    a, b = rows[1], rows[2]
    with rt.transaction() as s:
        app = s.get(Application, november["A"])
        assert a[:6] == [app.tracking_code, "APS", "'=HYPERLINK(\"http://x\") Budi", "Bangko", "2025-11-03 08:00", "Selesai"]
        assert a[6:] == [app.issued_number, "2025-11-04", "2025-11-07 09:00", "500", "Ya"]
        people = list(s.scalars(select(Applicant)))
    assert b[3] == "Luar Rokan Hilir" and b[9:] == ["3215", "Tidak"]
    assert [r[9] for r in rows[1:4]] == ["500", "3215", "535"]
    for person in people:
        for value in (person.nik, person.whatsapp, person.whatsapp[3:], person.address):
            assert not value or value not in raw
    assert signed_in("admin").get("/backoffice/reports/register.csv?from=bad").status_code == 400
    unknown = signed_in("admin").get(f"/backoffice/reports/register.csv?{NOVEMBER}&service=XYZ")
    assert unknown.status_code == 400 and "Layanan yang dipilih tidak dikenal" in unknown.get_data(as_text=True)


def test_register_api(client, rt, november, tokens):
    auth = tokens("pengawas")
    every = client.get(f"/api/v1/reports/register?{NOVEMBER}", headers=auth).json
    assert sorted(one["service"] for one in every["services"]) == sorted(CODES)
    assert every["submitted"] == 6 and every["median_working_minutes"] is None  # never a median over services
    body = client.get(f"/api/v1/reports/register?{NOVEMBER}&service=APS", headers=auth).json
    assert "services" not in body
    assert body == {"from": "2025-11-01", "to": "2025-11-30", "service": "APS", "submitted": 6, "completed": 3,
                    "refused": 1, "cancelled": 1, "returned": 2, "in_progress": 1, "median_working_minutes": 535,
                    "within_standard": 2, "within_standard_share": 0.6667, "standard_working_minutes": 2775}
    december = client.get("/api/v1/reports/register?from=2025-12-01&to=2025-12-31&service=APS", headers=auth).json
    assert (december["submitted"], december["in_progress"], december["completed"]) == (1, 2, 0)  # F; E carried over
    assert december["median_working_minutes"] is None and december["within_standard_share"] is None
    unknown = client.get(f"/api/v1/reports/register?{NOVEMBER}&service=XYZ", headers=auth)
    assert unknown.status_code == 400 and unknown.json["error"]["code"] == "bad_request"
    for query in ("from=2025-13-01", "to=nope", "to=", "from=20251201"):
        bad = client.get(f"/api/v1/reports/register?{query}", headers=auth)
        assert bad.status_code == 400 and bad.json["error"]["code"] == "bad_request"
    assert client.get("/api/v1/reports/register").status_code == 401
    assert "/reports/register" in client.get("/api/v1/openapi.json").json["paths"]
