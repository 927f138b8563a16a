"""The access log of personal data (issue 16): every opening of a file, a full NIK or a document
by staff leaves a row; supervisors and admins read it (page and API); nobody edits it from the
web; rows past ACCESS_LOG_RETENTION_DAYS are purged by the sweep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage import AccessLogEntry, Application, StaffUser, utcnow
from storage.access_log import record
from tests.backoffice.helpers import api_error, first_document, submitted_application


def _log(rt) -> list[tuple[str, str, int | None]]:
    with rt.transaction() as s:
        rows = s.execute(select(StaffUser.username, AccessLogEntry.action, AccessLogEntry.document_id)
                         .join(StaffUser, StaffUser.id == AccessLogEntry.staff_id).order_by(AccessLogEntry.id)).all()
        return [tuple(r) for r in rows]


def test_the_web_records_file_nik_and_document(rt, signed_in):
    app_id = submitted_application(rt)
    doc_id, _ = first_document(rt, app_id)
    clerk = signed_in("backoffice")
    assert clerk.get(f"/backoffice/applications/{app_id}").status_code == 200  # completeness check: full NIK
    assert clerk.get(f"/backoffice/applications/{app_id}/documents/{doc_id}").status_code == 200
    signed_in("pengawas").get(f"/backoffice/applications/{app_id}")  # an overseer sees the NIK masked
    assert _log(rt) == [("backoffice", "view_application", None), ("backoffice", "view_nik", None),
                        ("backoffice", "view_document", doc_id), ("pengawas", "view_application", None)]
    with rt.transaction() as s:
        applicant_id = s.get(Application, app_id).applicant_id
        assert {e.applicant_id for e in s.scalars(select(AccessLogEntry))} == {applicant_id}


def test_the_api_records_too_and_a_refused_read_records_nothing(client, rt, tokens):
    app_id = submitted_application(rt)
    doc_id, _ = first_document(rt, app_id)
    assert client.get(f"/api/v1/applications/{app_id}", headers=tokens("backoffice")).status_code == 200
    assert client.get(f"/api/v1/applications/{app_id}/documents/{doc_id}", headers=tokens("backoffice")).status_code == 200
    api_error(client.get(f"/api/v1/applications/{app_id}", headers=tokens("teknis")), 404)
    assert _log(rt) == [("backoffice", "view_application", None), ("backoffice", "view_nik", None),
                        ("backoffice", "view_document", doc_id)]


def test_overseers_read_it_on_a_page_and_in_the_api(client, rt, tokens, signed_in):
    app_id = submitted_application(rt)
    signed_in("backoffice").get(f"/backoffice/applications/{app_id}")
    page = signed_in("pengawas").get("/backoffice/access-log")
    assert page.status_code == 200 and "Melihat NIK lengkap" in page.get_data(as_text=True)
    assert "Content-Security-Policy" in page.headers
    empty_boxes = signed_in("pengawas").get("/backoffice/access-log?staff_id=&applicant_id=&application_id=")
    assert empty_boxes.status_code == 200  # the page's form: an empty box means any
    res = client.get("/api/v1/access-log", headers=tokens("admin"))
    assert res.status_code == 200
    first = res.json["items"][-1]
    assert first["staff"]["username"] == "backoffice" and first["action"] == "view_application"
    assert first["application_id"] == app_id and first["tracking_code"]
    only = client.get(f"/api/v1/access-log?application_id={app_id}&staff_id={first['staff']['id']}", headers=tokens("admin"))
    assert len(only.json["items"]) == 2
    api_error(client.get("/api/v1/access-log?application_id=abc", headers=tokens("admin")), 400)
    api_error(client.get("/api/v1/access-log?application_id=", headers=tokens("admin")), 400)  # the schema's integer
    api_error(client.get("/api/v1/access-log", headers=tokens("backoffice")), 403)
    assert signed_in("backoffice").get("/backoffice/access-log").status_code == 403


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_nothing_on_the_web_edits_it(client, tokens, method):
    res = client.open("/api/v1/access-log", method=method, headers=tokens("admin"), json={})
    assert res.status_code == 405 and "GET" in res.headers["Allow"]


def test_rows_past_the_retention_period_are_purged(app, rt, seeded):
    from jobs.sweeps import PERIODIC, purge_access_log

    assert PERIODIC["access_log"][0] == "jobs.sweeps.purge_access_log"
    with rt.transaction() as s:
        staff_id = s.scalar(select(StaffUser.id).where(StaffUser.username == "admin"))
        record(s, staff_id=staff_id, action="view_application", applicant_id=1, application_id=1, detail="old").at = utcnow() - timedelta(days=6 * 365)
        record(s, staff_id=staff_id, action="erase", applicant_id=2, detail="kept")
    assert purge_access_log() == 1
    with rt.transaction() as s:
        assert [e.detail for e in s.scalars(select(AccessLogEntry))] == ["kept"]
