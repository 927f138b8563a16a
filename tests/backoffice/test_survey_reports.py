"""The IKM report through the API and the back office, the CSV export, and complaints."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from storage import Complaint, OutboxMessage, SurveyResponse
from tests import factories
from tests.backoffice.helpers import api_token, csrf_from
from workflow import engine
from workflow.complaints import open_complaint
from workflow.skm import CODES

JUNE = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)  # 10.00 WIB


def add_responses(rt, answer_sets, *, at=JUNE, suggestion="", profile=None, service="APS"):
    """One completed response per answer set (a list of nine 1–4 values, element order)."""
    with rt.transaction() as s:
        who = factories.applicant(s, whatsapp=f"+62812{len(answer_sets):03d}{at.month:02d}{at.day:02d}99", nik=None)
        svc = factories.service(s, service)
        for answers in answer_sets:
            app = engine.start(s, applicant=who, service=svc)
            s.add(SurveyResponse(application_id=app.id, service_id=svc.id, answers=dict(zip(CODES, answers, strict=True)),
                                 profile=profile or {}, suggestion=suggestion, status="completed", completed_at=at))


def sets_with_total(n: int, total: int) -> list[list[int]]:
    """n responses whose 9n answers sum to `total` (as even as possible)."""
    q, r = divmod(total, 9 * n)
    flat = [q + 1] * r + [q] * (9 * n - r)
    return [flat[i * 9:(i + 1) * 9] for i in range(n)]


def get_ikm(client, token, query="from=2026-06-01&to=2026-06-30"):
    res = client.get(f"/api/v1/reports/ikm?{query}", headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == 200, res.json
    return res.json


def test_ikm_worked_example_by_hand(client, rt, seeded):
    # Three respondents, answers per element in order
    # PERSYARATAN PROSEDUR WAKTU BIAYA PRODUK KOMPETENSI PERILAKU PENGADUAN SARANA:
    add_responses(rt, [
        [4, 4, 3, 4, 4, 4, 4, 3, 4],
        [4, 3, 4, 4, 4, 4, 4, 3, 4],
        [4, 4, 4, 4, 3, 4, 4, 4, 4],
    ])
    # NRR: 4, 11/3, 11/3, 4, 11/3, 4, 4, 10/3, 4 → Σ = 5·4 + 3·11/3 + 10/3 = 103/3
    # IKM = (103/3) / 9 × 25 = 2575/27 = 95.370… → 95.37, A (Sangat baik).
    # The spreadsheet shortcut Σ NRR × 0.11 × 25 = 103/3 × 2.75 = 94.42 — 1 % low.
    body = get_ikm(client, api_token(client, "pengawas"))
    assert body["responses"] == 3
    assert body["ikm"] == 95.37 and body["category"] == "A" and body["category_label"] == "Sangat baik"
    assert body["elements"]["PERSYARATAN"] == 4.0 and body["elements"]["PROSEDUR"] == 3.67
    assert body["elements"]["PENGADUAN"] == 3.33 and set(body["elements"]) == set(CODES)
    assert body["from"] == "2026-06-01" and body["to"] == "2026-06-30"


def test_one_ninth_not_point_eleven(client, rt, seeded):
    # Every answer 4 except one 3 per response → mean 35/9; IKM = 35/9 × 25 = 97.22 (exact).
    # With 0.11 weights: 35 × 0.11 × 25 = 96.25 — the wrong figure this must not show.
    add_responses(rt, [[4, 4, 4, 4, 4, 4, 4, 4, 3]] * 2)
    assert get_ikm(client, api_token(client, "backoffice"))["ikm"] == 97.22


@pytest.mark.parametrize("n, total, ikm, grade", [
    (19, 604, 88.30, "B"), (24, 763, 88.31, "A"),
    (26, 717, 76.60, "C"), (19, 524, 76.61, "B"),
    (5, 117, 65.00, "C"), (38, 889, 64.99, "D"),
])
def test_category_boundaries_through_the_api(client, rt, seeded, n, total, ikm, grade):
    # e.g. 24 responses summing to 763: IKM = 763 / 216 × 25 = 88.3102 → A; with 0.11 weights
    # it would be 87.43 → B, the trap the exact fraction avoids.
    add_responses(rt, sets_with_total(n, total))
    body = get_ikm(client, api_token(client, "pengawas"))
    assert (body["responses"], body["ikm"], body["category"]) == (n, ikm, grade)


def test_period_and_service_filters_and_bad_input(client, rt, seeded):
    add_responses(rt, [[4] * 9])
    add_responses(rt, [[1] * 9], at=datetime(2026, 7, 1, 3, 0, tzinfo=UTC))
    token = api_token(client, "pengawas")
    assert get_ikm(client, token)["ikm"] == 100.0
    assert get_ikm(client, token, "from=2026-07-01&to=2026-07-01")["ikm"] == 25.0
    assert get_ikm(client, token, "from=2026-06-01&to=2026-07-31")["responses"] == 2
    assert get_ikm(client, token, "from=2026-06-01&to=2026-07-31&service=APS")["responses"] == 2
    unknown = client.get("/api/v1/reports/ikm?from=2026-06-01&to=2026-07-31&service=XYZ", headers={"Authorization": f"Bearer {token}"})
    assert unknown.status_code == 400 and unknown.json["error"]["code"] == "bad_request"
    empty = get_ikm(client, token, "from=2025-01-01&to=2025-01-31")
    assert empty["responses"] == 0 and empty["ikm"] is None
    auth = {"Authorization": f"Bearer {token}"}
    bad = client.get("/api/v1/reports/ikm?from=2026-13-01", headers=auth)
    assert bad.status_code == 400 and bad.json["error"]["code"] == "bad_request"
    backwards = client.get("/api/v1/reports/ikm?from=2026-07-01&to=2026-06-01", headers=auth)  # read forwards
    assert backwards.status_code == 200 and (backwards.json["from"], backwards.json["to"]) == ("2026-06-01", "2026-07-01")
    assert client.get("/api/v1/reports/ikm").status_code == 401
    assert "/reports/ikm" in client.get("/api/v1/openapi.json").json["paths"]


def test_report_page_and_csv_have_no_personal_data(rt, seeded, signed_in):
    add_responses(rt, [[4, 3, 3, 4, 3, 4, 4, 2, 3]], suggestion="=HYPERLINK(\"x\") parkir sempit",
                  profile={"gender": "p", "age": "", "education": "sma", "occupation": "pelajar"})
    page = signed_in("pengawas").get("/backoffice/reports/ikm?from=2026-06-01&to=2026-06-30")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="ikm-value">83,33<' in html and "parkir sempit" in html and "2026-06" in html
    english = signed_in("pengawas")  # the same figure in English writes a decimal point (catalogue.format_number)
    english.get("/backoffice/lang/en")
    assert 'id="ikm-value">83.33<' in english.get("/backoffice/reports/ikm?from=2026-06-01&to=2026-06-30").get_data(as_text=True)
    res = signed_in("pengawas").get("/backoffice/reports/ikm.csv?from=2026-06-01&to=2026-06-30")
    assert res.status_code == 200 and res.mimetype == "text/csv"
    text = res.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["service", "completed_on", *CODES, "gender", "age", "education", "occupation", "suggestion"]
    assert rows[1][:3] == ["APS", "2026-06-15", "4"] and rows[1][-1].startswith("'=HYPERLINK")
    with rt.sessions() as s:
        from storage import Applicant, Application

        who = s.scalar(select(Applicant).where(Applicant.name == "Siti Aminah"))
        app = s.scalar(select(Application))
        personal = [who.name, who.whatsapp, who.whatsapp[3:], app.tracking_code or "APS-"]
    for value in personal:
        assert value not in text
    # Only the dashboard's roles see the report.
    assert signed_in("backoffice").get("/backoffice/reports/ikm").status_code == 403
    assert signed_in("backoffice").get("/backoffice/reports/ikm.csv").status_code == 403


def test_complaint_answered_in_the_back_office_goes_to_whatsapp(rt, seeded, signed_in):
    with rt.transaction() as s:
        who = factories.applicant(s)
        complaint = open_complaint(s, who, "Petugas loket tidak ada pada jam 10 pagi.")
        complaint_id, code = complaint.id, complaint.code
    assert code.startswith("ADU-") and code.endswith("-000001")
    staff = signed_in("backoffice")
    page = staff.get("/backoffice/complaints").get_data(as_text=True)
    assert "Petugas loket tidak ada" in page and code in page
    url = f"/backoffice/complaints/{complaint_id}/answer"
    assert staff.post(url, data={"answer": "Maaf"}).status_code == 400  # no CSRF token
    token = csrf_from(page)
    assert staff.post(url, data={"answer": "  ", "csrf_token": token}).status_code == 422
    res = staff.post(url, data={"answer": "Mohon maaf, loket kini dijaga bergantian.", "csrf_token": token})
    assert res.status_code == 302
    with rt.sessions() as s:
        row = s.get(Complaint, complaint_id)
        assert row.status == "answered" and row.answer.startswith("Mohon maaf")
        out = s.scalars(select(OutboxMessage).where(OutboxMessage.key == "complaint.answered")).all()
        assert len(out) == 1 and out[0].recipient == "+6281234567890" and out[0].variables["code"] == code
    again = staff.post(url, data={"answer": "lagi", "csrf_token": token}, follow_redirects=True)
    assert "sudah dijawab" in again.get_data(as_text=True)
    assert signed_in("teknis").get("/backoffice/complaints").status_code == 403
    assert signed_in("teknis").post(url, data={"answer": "x", "csrf_token": token}).status_code in (400, 403)


def test_dashboard_shows_this_years_ikm_and_links_the_report(rt, seeded, signed_in):
    from storage import utcnow

    add_responses(rt, [[3] * 9], at=utcnow())
    html = signed_in("pengawas").get("/backoffice/dashboard").get_data(as_text=True)
    assert "IKM tahun ini" in html and "75,00" in html and "/backoffice/reports/ikm" in html
