"""Reports per service (issue #15 item 4): the dashboard, the register book and its API judge
each service against its own workflow's standards, can be narrowed to one service
(`?service=CODE`), and never pool the stages of different workflows — here a second workflow
that shares every stage name with the recommendation but has other standard times."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backoffice import dashboard, register_report, service_scope
from storage import Application, Document, Requirement, Service, utcnow
from tests import factories
from tests.backoffice.helpers import pdf_bytes
from workflow import definition, engine
from workflow.periods import Period

WIB = ZoneInfo("Asia/Jakarta")


def _clear_caches():
    definition.load.cache_clear()
    register_report._stages.cache_clear()  # noqa: SLF001 - the definitions moved under it


@pytest.fixture
def two_services(rt, seeded, tmp_path, monkeypatch):
    """APS (rekomendasi) and TST on `ringkas`: the same stage names, the check given 60 working
    minutes instead of 15 and the verification 2 working days instead of 10 minutes."""
    shutil.copytree(definition.DEFINITIONS, tmp_path, dirs_exist_ok=True)
    text = (definition.DEFINITIONS / "rekomendasi.toml").read_text(encoding="utf-8")
    text = text.replace('key = "rekomendasi"', 'key = "ringkas"')
    text = text.replace("[stages.completeness_check]\nowner = \"back_office\"\nsla = { minutes = 15 }",
                        "[stages.completeness_check]\nowner = \"back_office\"\nsla = { minutes = 60 }")
    text = text.replace("[stages.verification]\nowner = \"sub_coordinator\"\nsla = { minutes = 10 }",
                        "[stages.verification]\nowner = \"sub_coordinator\"\nsla = { working_days = 2 }")
    assert "minutes = 60" in text and "working_days = 2" in text
    (tmp_path / "ringkas.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(definition, "DEFINITIONS", tmp_path)
    _clear_caches()
    with rt.transaction() as s:
        svc = Service(code="TST", name="Izin Uji Coba", name_en="Trial permit", workflow="ringkas", number_format="T/{seq}/{year}")
        svc.requirements.append(Requirement(code="ktp", position=1, label="KTP-el pemohon", label_en="e-KTP", required=True))
        s.add(svc)
    yield rt
    monkeypatch.undo()
    _clear_caches()


def _last_monday_9() -> datetime:
    today = utcnow().astimezone(WIB).date()
    monday = today - timedelta(days=today.weekday() + 7)
    return datetime(monday.year, monday.month, monday.day, 9, 0, tzinfo=WIB)


def _accepted(rt, n: int, code: str, submitted: datetime, after_minutes: int) -> int:
    """A file of service `code` submitted at `submitted` and accepted `after_minutes` later."""
    with rt.transaction() as s:
        who = factories.applicant(s, whatsapp=f"+62813111000{n:02d}", name=f"Warga {n}", nik=f"140701020202{n:04d}")
        svc = factories.service(s, code)
        app = engine.start(s, applicant=who, service=svc, now=submitted, details=dict(factories.CHAT_DETAILS))
        for req in svc.requirements:
            if req.required:
                data = pdf_bytes(req.label[:40])
                app.documents.append(Document(requirement=req, filename=f"{req.code}.pdf", sha256=rt.files.put_bytes(data),
                                              size=len(data), pages=1, status="accepted"))
        s.flush()
        engine.fire(app, "submit", who, now=submitted)
        engine.fire(app, "accept", factories.staff(s, "backoffice"), now=submitted + timedelta(minutes=after_minutes))
        return app.id


def test_a_stage_name_two_workflows_share_is_timed_per_service_against_its_own_standard(two_services):
    rt, start = two_services, _last_monday_9()
    _accepted(rt, 1, "APS", start, 20)
    _accepted(rt, 2, "TST", start, 20)
    _accepted(rt, 3, "TST", start, 40)
    with rt.transaction() as s:
        calendar = engine.calendar_for(s)
        times = {(t.service, t.stage): t for t in dashboard.median_times(s, calendar, utcnow())}
        aps, tst = times[("APS", "completeness_check")], times[("TST", "completeness_check")]
        assert (aps.median_minutes, aps.standard_minutes, aps.samples, aps.over) == (20, 15, 1, True)
        assert (tst.median_minutes, tst.standard_minutes, tst.samples, tst.over) == (30, 60, 2, False)
        assert dashboard.stage_standards(definition.load("ringkas"), calendar)["verification"] == 2 * 450
        assert dashboard.stage_standards(definition.load("rekomendasi"), calendar)["verification"] == 10
        counts = {svc.code: dict(per_stage) for svc, per_stage in dashboard.counts_per_stage(s)}
        assert counts["APS"]["technical_review"] == 1 and counts["TST"]["technical_review"] == 2
        # Narrowed to one service, only its figures.
        tst_only = service_scope.parse(s, "tst")
        assert {t.service for t in dashboard.median_times(s, calendar, utcnow(), tst_only)} == {"TST"}
        assert [svc.code for svc, _ in dashboard.counts_per_stage(s, tst_only)] == ["TST"]
        assert sum(n for _, n in dashboard.per_week(s, calendar, utcnow(), service=tst_only)) == 2


def test_overdue_files_are_those_past_their_own_workflows_time(two_services):
    rt = two_services
    aps = _accepted(rt, 1, "APS", _last_monday_9(), 5)
    tst = _accepted(rt, 2, "TST", _last_monday_9(), 5)
    with rt.transaction() as s:
        for app_id in (aps, tst):  # both in the technical review, both past due
            s.get(Application, app_id).stage_due_at = utcnow() - timedelta(hours=1)
    with rt.transaction() as s:
        assert {a.id for a in dashboard.overdue(s, utcnow())} == {aps, tst}
        assert [a.id for a in dashboard.overdue(s, utcnow(), service=service_scope.parse(s, "TST"))] == [tst]


def test_register_summary_is_per_service_and_never_pools_medians_or_standards(two_services):
    rt, start = two_services, _last_monday_9()
    _accepted(rt, 1, "APS", start, 20)
    _accepted(rt, 2, "TST", start, 20)
    with rt.transaction() as s:
        calendar = engine.calendar_for(s)
        period = Period(start.date() - timedelta(days=1), utcnow().astimezone(WIB).date())
        both = register_report.summary(s, period, calendar, utcnow()).as_dict()
        assert both["submitted"] == 2 and both["in_progress"] == 2
        assert both["median_working_minutes"] is None and both["standard_working_minutes"] is None
        per = {one["service"]: one for one in both["services"]}
        assert per["APS"]["standard_working_minutes"] == 2775  # 6 working days + 75 minutes
        assert per["TST"]["standard_working_minutes"] == 6 * 450 + 60 + 2 * 450 + 10 + 10 + 15 + 15
        assert per["APS"]["submitted"] == per["TST"]["submitted"] == 1
        one = register_report.summary(s, period, calendar, utcnow(), service_scope.parse(s, "TST")).as_dict()
        assert one["service"] == "TST" and one["submitted"] == 1 and "services" not in one
        rows = register_report.rows(s, list(s.scalars(register_report.register_query(period, calendar.tz_name))), calendar, utcnow())
        assert sorted(r.standard_minutes for r in rows) == [2775, per["TST"]["standard_working_minutes"]]


def test_pages_and_api_filter_by_service_and_refuse_an_unknown_code(two_services, signed_in, client, tokens):
    rt = two_services
    _accepted(rt, 1, "APS", _last_monday_9(), 20)
    _accepted(rt, 2, "TST", _last_monday_9(), 20)
    supervisor = signed_in("pengawas")
    every = supervisor.get("/backoffice/dashboard").get_data(as_text=True)
    assert 'id="per-stage-APS"' in every and 'id="per-stage-TST"' in every
    assert 'id="median-APS-completeness_check"' in every and 'id="median-TST-completeness_check"' in every
    narrowed = supervisor.get("/backoffice/dashboard?service=TST").get_data(as_text=True)
    assert 'id="per-stage-TST"' in narrowed and 'id="per-stage-APS"' not in narrowed
    assert 'id="median-APS-completeness_check"' not in narrowed
    register = supervisor.get("/backoffice/reports/register?from=2020-01-01").get_data(as_text=True)
    assert 'id="service-APS"' in register and 'id="service-TST"' in register
    for bad in ("NOPE", "x" * 300, "%00", "APS'--", "<b>"):
        for page in ("/backoffice/dashboard", "/backoffice/reports/register", "/backoffice/reports/register.csv",
                     "/backoffice/reports/ikm", "/backoffice/reports/ikm.csv"):
            res = supervisor.get(f"{page}?service={bad}")
            assert res.status_code == 400, (page, bad)
            if bad != "%00":  # a NUL byte is refused before any page, with the general 400 text
                assert "Layanan yang dipilih tidak dikenal" in res.get_data(as_text=True), (page, bad)
        for path in ("/api/v1/reports/register", "/api/v1/reports/ikm"):
            res = client.get(f"{path}?service={bad}", headers=tokens("pengawas"))
            assert res.status_code == 400 and res.json["error"]["code"] == "bad_request"
    since = (_last_monday_9() - timedelta(days=1)).date().isoformat()
    body = client.get(f"/api/v1/reports/register?from={since}&service=tst", headers=tokens("pengawas")).json
    assert body["service"] == "TST" and body["submitted"] == 1
    assert client.get("/api/v1/reports/register?service=", headers=tokens("pengawas")).json["service"] is None


def test_the_served_api_document_lists_the_offices_service_codes(two_services, client):
    from workflow.definition import service_definitions

    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/reports/register", "/reports/ikm"):
        [service] = [p for p in paths[path]["get"]["parameters"] if p["name"] == "service"]
        assert service["schema"]["enum"] == ["", *sorted([*(spec["code"] for spec in service_definitions()), "TST"])]
