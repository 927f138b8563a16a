"""Returning a file (issue 19, item 4): the reasons offered per requirement as data, what the
applicant reads in their language, the "dikembalikan" badge until a document is replaced, a
viewer that leaves the form alone, the 409 that keeps what was typed, and each bad input."""

from __future__ import annotations

import re

from sqlalchemy import select

import catalogue
from storage import Application, Document, OutboxMessage, utcnow
from tests.backoffice.helpers import csrf_from, pdf_bytes, submitted_application
from workflow import engine

ENGLISH_ON_THE_SCREEN = ("required", "unknown", "reason", "returned", "Back to", "ticked")


def _page(client, app_id):
    res = client.get(f"/backoffice/applications/{app_id}")
    assert res.status_code == 200
    return res.get_data(as_text=True)


def _return(client, app_id, page=None, **data):
    page = page or _page(client, app_id)
    data["csrf_token"] = csrf_from(page)
    return client.post(f"/backoffice/applications/{app_id}/actions/return", data=data)


def _requirements(rt, app_id):
    with rt.transaction() as s:
        return {r.code: (r.id, r.label, r.label_en) for r in s.get(Application, app_id).service.requirements}


def _notice(rt, app_id):
    with rt.transaction() as s:
        row = s.scalars(select(OutboxMessage).where(OutboxMessage.application_id == app_id,
                                                    OutboxMessage.key == "notice.returned")).one()
        return row.variables["reasons"], catalogue.render(row.key, row.language, **row.variables)


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_each_requirement_offers_its_reasons_from_the_data(rt, signed_in):
    app_id = submitted_application(rt)
    page = _page(signed_in("backoffice"), app_id)
    assert 'value="sktm:expired"' in page and "sudah kedaluwarsa/tidak berlaku lagi" in page
    assert 'value="sktm:unsigned"' in page and "belum ditandatangani/distempel" in page
    assert 'value="ktp_wali:unreadable"' in page
    assert 'value="ktp_wali:expired"' not in page  # an e-KTP is valid for life: not offered
    assert 'value="kartu_keluarga:child_not_listed"' in page  # the requirement's own reason
    assert 'name="remark_sktm"' in page and 'name="reasons_other"' in page


def test_viewing_another_document_does_not_reload_the_form(rt, signed_in, app):
    """"Lihat" opens the PDF in the viewer's named frame: the page (and the typed form) stays;
    this holds without JavaScript too (the link's target does it)."""
    app_id = submitted_application(rt)
    client = signed_in("backoffice")
    page = _page(client, app_id)
    assert 'name="doc-viewer"></iframe>' in page
    links = re.findall(r'<a href="([^"]+)" target="doc-viewer"', page)
    assert len(links) >= 9
    assert all(re.fullmatch(rf"/backoffice/applications/{app_id}/documents/\d+", href) for href in links)
    assert client.get(links[3]).mimetype == "application/pdf"
    script = client.get("/backoffice/static/viewer.js")
    assert script.status_code == 200 and "data-viewer-title" in script.get_data(as_text=True)
    # the deep link still opens a chosen document in the viewer
    doc_id = int(links[3].rsplit("/", 1)[1])
    deep = client.get(f"/backoffice/applications/{app_id}?doc={doc_id}").get_data(as_text=True)
    assert f'src="/backoffice/applications/{app_id}/documents/{doc_id}"' in deep


def test_the_viewer_is_titled_in_the_staff_language_without_javascript(rt, signed_in):
    """The viewer's heading is server-rendered for the document the page opens with (no script
    retitles it): in English it is the requirement's English label, as on its "View" link."""
    app_id = submitted_application(rt)
    client = signed_in("backoffice")
    client.get("/backoffice/lang/en")
    label, label_en = _requirements(rt, app_id)["sktm"][1:]
    page = _page(client, app_id)
    doc_id = re.search(rf'documents/(\d+)" target="doc-viewer"\s+data-viewer-title="{re.escape(label_en)}"', page)[1]
    deep = client.get(f"/backoffice/applications/{app_id}?doc={doc_id}").get_data(as_text=True)
    title = re.search(r'<span id="viewer-title">([^<]*)</span>', deep)[1]
    assert title == label_en and label not in deep


def test_ticked_reasons_reach_the_applicant_in_their_language(rt, signed_in):
    app_id = submitted_application(rt)
    english = submitted_application(rt, name="Budi Santoso", whatsapp="+6281200000099", nik="1407010101010099")
    with rt.transaction() as s:
        s.get(Application, english).applicant.language = "en"
    reqs = _requirements(rt, app_id)
    sktm, kk, ktp = reqs["sktm"], reqs["kartu_keluarga"], reqs["ktp_wali"]
    client = signed_in("backoffice")
    ticks = {"reason_codes": ["sktm:expired", "sktm:unreadable", "kartu_keluarga:child_not_listed"],
             "remark_ktp_wali": "foto terpotong di sisi kanan", "reasons_other": "Mohon kirim dalam satu PDF per dokumen",
             "note": "dicek Bu Rina"}
    for target in (app_id, english):
        res = _return(client, target, **ticks)
        assert res.status_code == 302, res.get_data(as_text=True)[:1500]

    with rt.transaction() as s:
        app = s.get(Application, app_id)
        assert app.stage == "returned"
        data = app.history[-1].data
        assert data["reason_codes"] == ticks["reason_codes"]
        assert data["reasons"] == [f"{ktp[1]}: foto terpotong di sisi kanan", "Mohon kirim dalam satu PDF per dokumen"]

    reasons, text = _notice(rt, app_id)
    assert reasons == [f"{kk[1]}: nama anak tidak tercantum di KK",  # in the checklist's order
                       f"{sktm[1]}: sudah kedaluwarsa/tidak berlaku lagi, tidak terbaca/buram",
                       f"{ktp[1]}: foto terpotong di sisi kanan", "Mohon kirim dalam satu PDF per dokumen"]
    assert "• " + reasons[1] in text and "Mohon maaf" in text
    reasons, text = _notice(rt, english)
    assert reasons[0] == f"{kk[2]}: the child is not listed on the family card"
    assert reasons[1] == f"{sktm[2]}: expired or no longer valid, blurred or unreadable"
    assert "kedaluwarsa" not in text and "We are sorry" in text

    # the file page's history says it in the staff's words
    history = _page(client, app_id)
    assert f"{sktm[1]}: sudah kedaluwarsa/tidak berlaku lagi, tidak terbaca/buram" in history


def test_a_returned_document_is_badged_until_it_is_replaced(rt, signed_in, tokens, client):
    app_id = submitted_application(rt)
    reqs = _requirements(rt, app_id)
    staff = signed_in("backoffice")
    assert _return(staff, app_id, reason_codes=["sktm:expired"], remark_kartu_keluarga="halaman 2 tidak ada").status_code == 302

    def statuses():
        body = client.get(f"/api/v1/applications/{app_id}", headers=tokens("backoffice")).json
        return {d["requirement"]: d["status"] for d in body["documents"]}

    assert statuses()["sktm"] == "returned" and statuses()["kartu_keluarga"] == "returned"
    assert statuses()["ktp_wali"] == "accepted"
    page = _page(staff, app_id)
    assert page.count('<span class="pill returned">dikembalikan</span>') == 2
    found = staff.get("/backoffice/", query_string={"q": "Siti"}).get_data(as_text=True)  # at the applicant's now
    assert "2 dokumen dikembalikan" in found

    # the applicant replaces the SKTM only and resubmits: the KK stays badged
    with rt.transaction() as s:
        app = s.get(Application, app_id)
        old = next(d for d in app.current_documents() if d.requirement_id == reqs["sktm"][0])
        old.status = "superseded"
        data = pdf_bytes("SKTM baru")
        app.documents.append(Document(requirement=old.requirement, filename="sktm-baru.pdf", sha256=rt.files.put_bytes(data),
                                      size=len(data), pages=1, status="accepted", created_at=utcnow()))
        s.flush()
        engine.fire(app, "resubmit", app.applicant)
    after = statuses()
    assert after["sktm"] == "accepted" and after["kartu_keluarga"] == "returned"
    assert _page(staff, app_id).count('<span class="pill returned">dikembalikan</span>') == 1
    desk = staff.get("/backoffice/").get_data(as_text=True)  # back at the clerk's desk
    assert "1 dokumen dikembalikan" in desk

    # once the clerk accepts the file, nothing is badged as returned any more
    page = _page(staff, app_id)
    res = staff.post(f"/backoffice/applications/{app_id}/actions/accept", data={"csrf_token": csrf_from(page)})
    assert res.status_code == 302
    assert "returned" not in statuses().values()
    assert "dikembalikan</span>" not in staff.get("/backoffice/", query_string={"q": "Siti"}).get_data(as_text=True)


def test_an_empty_return_is_a_clear_error_and_keeps_the_note(rt, signed_in):
    app_id = submitted_application(rt)
    res = _return(signed_in("backoffice"), app_id, note="sudah saya telepon pemohon")
    page = res.get_data(as_text=True)
    assert res.status_code == 422
    assert "Centang minimal satu alasan" in page
    assert "sudah saya telepon pemohon</textarea>" in page
    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "completeness_check"


def test_an_unknown_reason_code_is_refused_and_the_ticks_stay(rt, signed_in):
    app_id = submitted_application(rt)
    client = signed_in("backoffice")
    for bad in ("sktm:no_such_reason", "no_such_requirement:expired", "ktp_wali:expired", "sktm", ":", "x" * 500):
        res = _return(client, app_id, reason_codes=["sktm:expired", bad], remark_sktm="stempel kabur", note="catatan saya")
        page = res.get_data(as_text=True)
        assert res.status_code == 422, bad
        assert "tidak dikenal untuk layanan ini" in page, bad
        assert re.search(r'value="sktm:expired" checked', page), bad  # the tick survives
        assert 'value="stempel kabur"' in page and "catatan saya</textarea>" in page
    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "completeness_check"


def test_a_colleague_first_gives_409_that_keeps_what_was_typed(rt, signed_in, app):
    app_id = submitted_application(rt)
    reqs = _requirements(rt, app_id)
    slow = signed_in("backoffice")
    page = _page(slow, app_id)  # the form is open on the slow clerk's screen
    fast = app.test_client()
    from tests.backoffice.helpers import login
    login(fast, "backoffice")
    fast_page = fast.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert fast.post(f"/backoffice/applications/{app_id}/actions/accept",
                     data={"csrf_token": csrf_from(fast_page)}).status_code == 302

    res = _return(slow, app_id, page=page, reason_codes=["sktm:expired"], reasons_other="KK lama",
                  note="Pemohon sudah dihubungi, SKTM diganti")
    html = res.get_data(as_text=True)
    assert res.status_code == 409
    assert "Pemohon sudah dihubungi, SKTM diganti" in html
    assert f"{reqs['sktm'][1]}: sudah kedaluwarsa/tidak berlaku lagi" in html and "KK lama" in html
    assert f'href="/backoffice/applications/{app_id}"' in html
    text = _visible_text(html)
    assert not [w for w in ENGLISH_ON_THE_SCREEN if w in text], text
    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "technical_review"


def test_the_api_returns_with_ticked_reasons(rt, client, tokens):
    app_id = submitted_application(rt)
    base = f"/api/v1/applications/{app_id}"
    headers = tokens("backoffice")
    detail = client.get(base, headers=headers).json
    action = next(a for a in detail["actions"] if a["name"] == "return")
    assert {"name": "reason_codes", "type": "list", "required": False} in action["fields"]

    for body, field in (({"reason_codes": ["sktm:nope"]}, "reason_codes"), ({"reason_codes": [7]}, "reason_codes"),
                        ({"reason_codes": [], "reasons": ["  "]}, "reasons"), ({"note": "x"}, "reasons")):
        res = client.post(f"{base}/actions/return", headers=headers, json=body)
        assert res.status_code == 422 and set(res.json["error"]["fields"]) == {field}, (body, res.json)

    res = client.post(f"{base}/actions/return", headers=headers,
                      json={"reason_codes": ["sktm:expired", "ktp_wali:unreadable"],
                            "reasons": ["Kartu Keluarga (KK): halaman belakang"]})
    assert res.status_code == 200, res.json
    body = res.json
    assert body["stage"] == "returned"
    status = {d["requirement"]: d["status"] for d in body["documents"]}
    assert status["sktm"] == status["ktp_wali"] == status["kartu_keluarga"] == "returned"
    assert status["pas_foto"] == "accepted"
    assert body["history"][-1]["data"]["reason_codes"] == ["sktm:expired", "ktp_wali:unreadable"]
    reasons, _text = _notice(rt, app_id)
    assert len(reasons) == 3 and reasons[-1] == "Kartu Keluarga (KK): halaman belakang"


def test_free_text_only_still_works_through_the_api(rt, client, tokens):
    app_id = submitted_application(rt)
    res = client.post(f"/api/v1/applications/{app_id}/actions/return", headers=tokens("backoffice"),
                      json={"reasons": ["SKTM: sudah kedaluwarsa"]})
    assert res.status_code == 200
    assert _notice(rt, app_id)[0] == ["SKTM: sudah kedaluwarsa"]


def test_the_reasons_are_data_an_office_edits_without_code(rt, signed_in, tmp_path, monkeypatch):
    """A new common reason in services.toml, offered on a requirement's list: no code changes."""
    import shutil

    from workflow import definition
    from workflow.validation import check_services

    copy = tmp_path / "definitions"
    shutil.copytree(definition.DEFINITIONS, copy)
    text = (copy / "services.toml").read_text(encoding="utf-8")
    text = text.replace('reasons = ["unreadable", "wrong_person", { code = "wrong_size"',
                        'reasons = ["unreadable", "no_date", "wrong_person", { code = "wrong_size"')
    first = '  [[services.return_reasons]]\n  code = "unreadable"'  # APS's list: the file's first service
    text = text.replace(first, '  [[services.return_reasons]]\n  code = "no_date"\n'
                        '  label = "tanggal foto tidak ada"\n  label_en = "the photo has no date"\n\n' + first, 1)
    (copy / "services.toml").write_text(text, encoding="utf-8")
    assert check_services(copy) == []
    monkeypatch.setattr(definition, "DEFINITIONS", copy)
    app_id = submitted_application(rt)
    page = _page(signed_in("backoffice"), app_id)
    assert 'value="pas_foto:no_date"' in page and "tanggal foto tidak ada" in page
    assert 'value="sktm:no_date"' not in page  # the SKTM lists its own reasons, without it
