"""The letter's draft on the staff screens and in the API: the Kadis (and the coordinator at
approval) read it before it is signed; the signature is bound to its sha256."""

from __future__ import annotations

import hashlib
import io

from storage import Application, LetterDraft
from tests.backoffice.helpers import (
    MAIN_PATH,
    api_error,
    csrf_from,
    pdf_bytes,
    preview_from,
    submitted_application,
)


def _to(rt, signed_in, app_id, stop_before: str, config):
    for username, action in MAIN_PATH:
        if action == stop_before:
            return
        client = signed_in(username)
        page = client.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
        data = {"csrf_token": csrf_from(page)}
        if action == "recommend":
            data["recommendation"] = (io.BytesIO(pdf_bytes("Rekomendasi Teknis")), "rek.pdf")
        res = client.post(f"/backoffice/applications/{app_id}/actions/{action}", data=data,
                          content_type="multipart/form-data")
        assert res.status_code == 302, (action, res.get_data(as_text=True)[:500])


def test_the_kadis_reads_the_draft_on_the_file_page_and_signs_it(rt, config, signed_in):
    app_id = submitted_application(rt)
    _to(rt, signed_in, app_id, "sign", config)
    kadis = signed_in("kadis")
    page = kadis.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    sha = preview_from(page)
    assert sha and 'id="preview"' in page and f"/backoffice/applications/{app_id}/preview" in page
    assert "Pratinjau surat (DRAF)" in page
    pdf = kadis.get(f"/backoffice/applications/{app_id}/preview")
    _draft_opening_logged(rt, app_id, "kadis")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert hashlib.sha256(pdf.data).hexdigest() == sha == pdf.headers["X-Preview-SHA256"]
    res = kadis.post(f"/backoffice/applications/{app_id}/actions/sign", content_type="multipart/form-data",
                     data={"csrf_token": csrf_from(page), "passphrase": config.tte_dev_passphrase, "preview_sha256": sha})
    assert res.status_code == 302
    with rt.transaction() as s:
        app = s.get(Application, app_id)
        [issued] = [d for d in app.documents if d.kind == "issued"]
        assert app.stage == "printing"
    signed = kadis.get(f"/backoffice/applications/{app_id}/documents/{issued.id}").data
    assert signed.startswith(pdf.data)
    assert kadis.get(f"/backoffice/applications/{app_id}/preview").status_code == 404  # signed: no draft


def test_a_stale_draft_is_a_409_page_with_the_new_draft_and_nothing_signed(rt, config, signed_in):
    app_id = submitted_application(rt)
    _to(rt, signed_in, app_id, "sign", config)
    kadis = signed_in("kadis")
    page = kadis.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    old = preview_from(page)
    with rt.transaction() as s:  # a colleague corrects the child's name meanwhile
        app = s.get(Application, app_id)
        app.details = {**app.details, "child_name": "Nama Dikoreksi"}
    res = kadis.post(f"/backoffice/applications/{app_id}/actions/sign", content_type="multipart/form-data",
                     data={"csrf_token": csrf_from(page), "passphrase": config.tte_dev_passphrase, "preview_sha256": old})
    body = res.get_data(as_text=True)
    assert res.status_code == 409 and "Draf surat berubah" in body and config.tte_dev_passphrase not in body
    new = preview_from(body)
    assert new and new != old
    with rt.transaction() as s:
        app = s.get(Application, app_id)
        assert app.stage == "signing" and not any(d.kind == "issued" for d in app.documents)
        assert s.get(LetterDraft, app_id).sha256 == new


def test_the_coordinator_sees_the_draft_at_approval(rt, config, signed_in):
    app_id = submitted_application(rt)
    _to(rt, signed_in, app_id, "approve", config)
    page = signed_in("koor").get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert 'id="preview"' in page and "Nomor surat diberikan pada tahap penomoran" in page
    assert preview_from(page) is None  # approving signs nothing: no hash to send


def test_the_api_carries_the_preview_and_refuses_a_changed_one(client, rt, config, signed_in, tokens):
    app_id = submitted_application(rt)
    _to(rt, signed_in, app_id, "sign", config)
    headers = tokens("kadis")
    detail = client.get(f"/api/v1/applications/{app_id}", headers=headers).json
    preview = detail["preview"]
    assert set(preview) == {"url", "sha256"} and preview["url"].endswith(f"/api/v1/applications/{app_id}/preview")
    pdf = client.get(preview["url"], headers=headers)
    assert pdf.status_code == 200 and hashlib.sha256(pdf.data).hexdigest() == preview["sha256"]
    _draft_opening_logged(rt, app_id, "kadis")
    sign = next(a for a in detail["actions"] if a["name"] == "sign")
    assert {"name": "preview_sha256", "type": "text", "required": True} in sign["fields"]
    url = f"/api/v1/applications/{app_id}/actions/sign"
    api_error(client.post(url, headers=headers, json={"passphrase": config.tte_dev_passphrase}), 422, "bad_fields")
    api_error(client.post(url, headers=headers, json={"passphrase": config.tte_dev_passphrase, "preview_sha256": "0" * 64}),
              409, "preview_changed")
    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "signing"
    res = client.post(url, headers=headers, json={"passphrase": config.tte_dev_passphrase, "preview_sha256": preview["sha256"]})
    assert res.status_code == 200 and res.json["stage"] == "printing" and "preview" not in res.json
    signed = client.get(f"/api/v1/applications/{app_id}/documents/{res.json['issued']['document_id']}", headers=headers)
    assert signed.data.startswith(pdf.data)


def test_no_preview_outside_the_preview_stages(client, rt, tokens):
    app_id = submitted_application(rt)
    headers = tokens("backoffice")
    assert "preview" not in client.get(f"/api/v1/applications/{app_id}", headers=headers).json
    api_error(client.get(f"/api/v1/applications/{app_id}/preview", headers=headers), 404, "not_found")


def _draft_opening_logged(rt, app_id: int, username: str) -> None:
    """The draft prints the full NIK and address: opening it is in the access log (issue 16)."""
    from sqlalchemy import select

    from storage import AccessLogEntry, StaffUser

    with rt.transaction() as s:
        rows = s.execute(select(StaffUser.username, AccessLogEntry.action, AccessLogEntry.detail)
                         .join(StaffUser, StaffUser.id == AccessLogEntry.staff_id)
                         .where(AccessLogEntry.application_id == app_id, AccessLogEntry.detail.like("draft%"))).all()
    assert [(r[0], r[1]) for r in rows] == [(username, "view_document")]
