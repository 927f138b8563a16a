"""The staff web through the Flask client with CSRF on: the whole path, sign-in, lockout,
CSRF, the NIK rule, escaping, and the route × role matrix."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from storage import ApiToken, Application, HistoryEvent, StaffUser, utcnow
from storage.staff import issue_token
from tests import factories
from tests.backoffice.helpers import (
    MAIN_PATH,
    USERS,
    api_error,
    api_token,
    csrf_from,
    first_document,
    login,
    pdf_bytes,
    preview_from,
    submitted_application,
)
from workflow import engine

ANONYMOUS = None


def _fields(rt, app_id, action, config):
    if action == "recommend":
        return {"recommendation": (io.BytesIO(pdf_bytes("Rekomendasi Teknis Dinas Sosial")), "rekomendasi.pdf")}
    if action == "sign":
        return {"passphrase": config.tte_dev_passphrase}
    if action == "collect":
        with rt.transaction() as s:
            return {"pickup_code": s.get(Application, app_id).pickup_code}
    return {}


def _act(client, app_id, action, **data):
    page = client.get(f"/backoffice/applications/{app_id}")
    assert page.status_code == 200
    data["csrf_token"] = csrf_from(page.get_data(as_text=True))
    if action == "sign":
        data.setdefault("preview_sha256", preview_from(page.get_data(as_text=True)))  # what the browser posts
    return client.post(f"/backoffice/applications/{app_id}/actions/{action}", data=data, content_type="multipart/form-data")


def test_whole_path_through_the_web(rt, config, signed_in):
    app_id = submitted_application(rt)
    for username, action in MAIN_PATH:
        client = signed_in(username)
        page = client.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
        assert f"/actions/{action}" in page, f"{username} should be offered {action}"
        res = _act(client, app_id, action, **_fields(rt, app_id, action, config))
        assert res.status_code == 302, (action, res.status_code, res.get_data(as_text=True)[:2000])
        assert client.get(res.location).status_code in (200, 302)
    with rt.transaction() as s:
        app = s.get(Application, app_id)
        assert app.stage == "completed" and app.issued_number and app.closed_at
        actions = [e.action for e in app.history]
        assert actions == ["start", "submit", *[a for _, a in MAIN_PATH]]
        staff_roles = {e.action: e.role for e in app.history if e.actor_type == "staff"}
        assert staff_roles["sign"] == "head_of_office" and staff_roles["recommend"] == "technical_team"
        assert all("passphrase" not in (e.data or {}) for e in app.history)
        office = {d.kind: d.id for d in app.documents if d.kind != "requirement"}
    assert set(office) == {"receipt", "recommendation", "issued"}
    page = signed_in("pengawas").get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert "Tanda Terima" in page and "Surat Rekomendasi/Izin (TTE)" in page and "Tampilan cetak" in page
    signed = signed_in("pengawas").get(f"/backoffice/applications/{app_id}/documents/{office['issued']}")
    assert signed.status_code == 200 and b"/ByteRange" in signed.data


def test_desk_lists_only_files_waiting_for_the_role_oldest_due_first(rt, signed_in):
    first = submitted_application(rt, name="Pemohon Pertama", whatsapp="+6281200000001", nik="1407010101010001")
    second = submitted_application(rt, name="Pemohon Kedua", whatsapp="+6281200000002", nik="1407010101010002")
    desk = signed_in("backoffice").get("/backoffice/").get_data(as_text=True)
    assert desk.index("Pemohon Pertama") < desk.index("Pemohon Kedua")
    assert "Tepat waktu" in desk or "Segera jatuh tempo" in desk or "Terlambat" in desk
    assert "Pemohon Pertama" not in signed_in("teknis").get("/backoffice/").get_data(as_text=True)
    # search by name and by tracking code
    with rt.transaction() as s:
        code = s.get(Application, second).tracking_code
    found = signed_in("backoffice").get("/backoffice/", query_string={"q": code}).get_data(as_text=True)
    assert "Pemohon Kedua" in found and "Pemohon Pertama" not in found
    found = signed_in("backoffice").get("/backoffice/", query_string={"q": "pertama"}).get_data(as_text=True)
    assert "Pemohon Pertama" in found and "Pemohon Kedua" not in found
    assert first != second


def test_sla_badge_turns_overdue_in_working_time(rt, app, seeded):
    submitted_application(rt)
    with time_machine.travel(utcnow() + timedelta(days=10)):
        client = app.test_client()
        login(client, "backoffice")
        assert "Terlambat" in client.get("/backoffice/").get_data(as_text=True)


def test_the_session_ends_after_a_working_day(signed_in):
    client = signed_in("backoffice")
    with time_machine.travel(utcnow() + timedelta(hours=8)):
        assert client.get("/backoffice/").status_code == 200
    with time_machine.travel(utcnow() + timedelta(hours=9, minutes=1)):
        assert client.get("/backoffice/").status_code == 302


def test_bad_fields_rerender_the_form_with_422(rt, signed_in):
    app_id = submitted_application(rt)
    res = _act(signed_in("backoffice"), app_id, "return")
    assert res.status_code == 422
    assert "Mohon perbaiki isian berikut" in res.get_data(as_text=True)  # tests/backoffice/test_return.py: the rest
    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "completeness_check"


def test_non_pdf_recommendation_is_refused(rt, signed_in):
    app_id = submitted_application(rt)
    _act(signed_in("backoffice"), app_id, "accept")
    res = _act(signed_in("teknis"), app_id, "recommend", recommendation=(io.BytesIO(b"MZ not a pdf"), "x.exe"))
    page = res.get_data(as_text=True)
    assert res.status_code == 422 and "bukan berkas PDF" in page and "not a PDF" not in page


def test_an_action_not_open_is_409_and_a_role_that_may_not_is_403(rt, signed_in):
    app_id = submitted_application(rt)
    assert _act(signed_in("backoffice"), app_id, "verify").status_code == 409
    assert _act(signed_in("pengawas"), app_id, "accept").status_code == 403


def test_wrong_pickup_code_is_refused_and_nothing_changes(rt, config, signed_in):
    app_id = submitted_application(rt)
    for username, action in MAIN_PATH[:-1]:
        assert _act(signed_in(username), app_id, action, **_fields(rt, app_id, action, config)).status_code == 302
    res = _act(signed_in("backoffice"), app_id, "collect", pickup_code="ZZZZZZ")
    assert res.status_code == 422
    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "ready_for_pickup"


# ---- sign-in ------------------------------------------------------------------------------
def test_login_sets_a_working_day_session_cookie_without_remember_me(app, seeded):
    client = app.test_client()
    res = login(client, "backoffice")
    assert res.status_code == 302 and res.location.endswith("/backoffice/")
    cookies = res.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("dpmptsp_session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie and "Expires=" in session_cookie
    assert not any(c.startswith("remember_token") for c in cookies)
    assert app.permanent_session_lifetime == timedelta(hours=9)


def test_session_cookie_is_secure_behind_https(config, seeded):
    from app import create_app

    app = create_app(config.with_(public_base_url="https://izin.rokanhilirkab.go.id",
                                  twilio_account_sid="AC" + "1" * 32, twilio_auth_token="live-token"))
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_wrong_password_then_lockout_after_five_failures(app, seeded, rt):
    client = app.test_client()
    for _ in range(4):
        res = login(client, "backoffice", "salah-salah")
        assert res.status_code == 401 and "salah" in res.get_data(as_text=True)
    res = login(client, "backoffice", "salah-salah")
    assert res.status_code == 401 and "dikunci" in res.get_data(as_text=True)
    res = login(client, "backoffice")  # the right password, but locked
    assert res.status_code == 401 and "dikunci" in res.get_data(as_text=True)
    with time_machine.travel(utcnow() + timedelta(minutes=16)):
        assert login(client, "backoffice").status_code == 302
    with rt.transaction() as s:
        user = s.scalar(select(StaffUser).where(StaffUser.username == "backoffice"))
        assert user.failed_logins == 0 and user.locked_until is None


def test_unknown_user_gets_the_same_answer(app, seeded):
    res = login(app.test_client(), "nobody")
    assert res.status_code == 401 and "Nama pengguna atau kata sandi salah" in res.get_data(as_text=True)


def test_logout_ends_the_session(signed_in):
    client = signed_in("backoffice")
    token = csrf_from(client.get("/backoffice/").get_data(as_text=True))
    assert client.post("/backoffice/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/backoffice/").status_code == 302


def test_login_does_not_redirect_off_site(app, seeded):
    client = app.test_client()
    token = csrf_from(client.get("/backoffice/login").get_data(as_text=True))
    res = client.post("/backoffice/login?next=https://evil.example/", data={"username": "backoffice", "password": "demo12345", "csrf_token": token})
    assert res.status_code == 302 and res.location.endswith("/backoffice/")


def test_post_without_csrf_token_is_400(app, seeded, rt, signed_in):
    assert app.test_client().post("/backoffice/login", data={"username": "backoffice", "password": "demo12345"}).status_code == 400
    app_id = submitted_application(rt)
    res = signed_in("backoffice").post(f"/backoffice/applications/{app_id}/actions/accept", data={})
    assert res.status_code == 400
    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "completeness_check"


def test_english_toggle(signed_in):
    client = signed_in("backoffice")
    assert "Meja saya" in client.get("/backoffice/").get_data(as_text=True)
    client.get("/backoffice/lang/en?next=/backoffice/")
    assert "My desk" in client.get("/backoffice/").get_data(as_text=True)


# ---- personal data ------------------------------------------------------------------------
def test_nik_in_full_only_for_the_back_office_at_the_completeness_check(rt, signed_in):
    app_id = submitted_application(rt, nik="1407014107050001")
    url = f"/backoffice/applications/{app_id}"
    assert "1407014107050001" in signed_in("backoffice").get(url).get_data(as_text=True)
    supervisor_page = signed_in("pengawas").get(url).get_data(as_text=True)
    assert "1407********0001" in supervisor_page and "1407014107050001" not in supervisor_page
    assert "1407014107050001" not in signed_in("backoffice").get("/backoffice/").get_data(as_text=True)
    _act(signed_in("backoffice"), app_id, "accept")
    for username in ("backoffice", "teknis"):
        page = signed_in(username).get(url).get_data(as_text=True)
        assert "1407********0001" in page and "1407014107050001" not in page


def test_a_script_in_the_applicant_name_is_escaped(rt, signed_in):
    app_id = submitted_application(rt, name='<script>alert("x")</script>')
    for url in ("/backoffice/", f"/backoffice/applications/{app_id}"):
        html = signed_in("backoffice").get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "&lt;script&gt;alert" in html


def test_documents_stream_from_the_store_only_to_who_may_see_the_file(rt, signed_in, app):
    app_id = submitted_application(rt)
    doc_id, digest = first_document(rt, app_id)
    url = f"/backoffice/applications/{app_id}/documents/{doc_id}"
    res = signed_in("backoffice").get(url)
    assert res.status_code == 200 and res.mimetype == "application/pdf"
    assert res.data == rt.files.get_bytes(digest) and res.headers["Content-Disposition"].startswith("inline")
    assert signed_in("teknis").get(url).status_code == 404  # as if it did not exist (issue 16)
    assert app.test_client().get(url).status_code == 302
    assert res.headers["Content-Security-Policy"].startswith("sandbox") and res.headers["X-Content-Type-Options"] == "nosniff"
    assert signed_in("backoffice").get(f"/backoffice/applications/{app_id}/documents/999999").status_code == 404


def test_drafts_are_not_shown_to_staff(rt, signed_in):
    from tests import factories

    with rt.transaction() as s:
        draft = factories.draft_with_documents(s)
        draft_id = draft.id
    assert signed_in("pengawas").get(f"/backoffice/applications/{draft_id}").status_code == 404


# ---- the route × role matrix ----------------------------------------------------------------
def _matrix_expectations():
    staff = list(USERS.values())
    overseers = {"pengawas", "admin"}
    rows = []
    for who in [ANONYMOUS, *staff]:
        signed = who is not None
        rows += [
            ("GET", "/backoffice/login", who, 302 if signed else 200),
            ("GET", "/backoffice/", who, 200 if signed else 302),
            ("GET", "/backoffice/dashboard", who, (200 if who in overseers else 403) if signed else 302),
            # A file one may not see answers as one that does not exist (404): ids cannot be probed.
            ("GET", "/backoffice/applications/{id}", who, (200 if who in overseers | {"backoffice"} else 404) if signed else 302),
            ("GET", "/backoffice/applications/{id}/documents/{doc}", who, (200 if who in overseers | {"backoffice"} else 404) if signed else 302),
            ("POST", "/backoffice/applications/{id}/actions/accept", who,
             (302 if who == "backoffice" else 403 if who in overseers else 404) if signed else 302),
            ("GET", "/backoffice/access-log", who, (200 if who in overseers else 403) if signed else 302),
            ("GET", "/backoffice/lang/en", who, 302),
            ("POST", "/backoffice/logout", who, 302),
            ("GET", "/backoffice/static/backoffice.css", who, 200),
            ("GET", "/backoffice/complaints", who, (200 if who in overseers | {"backoffice"} else 403) if signed else 302),
            ("POST", "/backoffice/complaints/999999/answer", who, (404 if who in overseers | {"backoffice"} else 403) if signed else 302),
            ("GET", "/backoffice/questions", who, (200 if who in overseers | {"backoffice"} else 403) if signed else 302),
            ("POST", "/backoffice/questions/999999/answer", who, (404 if who in overseers | {"backoffice"} else 403) if signed else 302),
            ("GET", "/backoffice/reports/ikm", who, (200 if who in overseers else 403) if signed else 302),
            ("GET", "/backoffice/reports/ikm.csv", who, (200 if who in overseers else 403) if signed else 302),
            ("GET", "/backoffice/reports/register", who, (200 if who in overseers else 403) if signed else 302),
            ("GET", "/backoffice/reports/register.csv", who, (200 if who in overseers else 403) if signed else 302),
        ]
        # Staff accounts: the admin's alone. An empty form is bad input (422) for the admin.
        admin_only = [
            ("GET", "/backoffice/staff", 200),
            ("GET", "/backoffice/staff/new", 200),
            ("POST", "/backoffice/staff/new", 422),
            ("GET", "/backoffice/staff/{staff}", 200),
            ("POST", "/backoffice/staff/{staff}", 422),
            ("POST", "/backoffice/staff/{staff}/deactivate", 302),
            ("POST", "/backoffice/staff/{staff}/reactivate", 302),
            ("POST", "/backoffice/staff/{staff}/unlock", 302),
            ("POST", "/backoffice/staff/{staff}/password", 422),
            ("POST", "/backoffice/staff/{staff}/tokens/{token}/revoke", 302),
            ("POST", "/backoffice/staff/{staff}/tokens/revoke-all", 302),
        ]
        rows += [(method, path, who, (ok if who == "admin" else 403) if signed else 302) for method, path, ok in admin_only]
    return rows


MATRIX = _matrix_expectations()


def test_the_matrix_covers_every_back_office_route(app):
    covered = {path.split("{")[0].rstrip("/") for _, path, _, _ in MATRIX}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("backoffice."):
            prefix = rule.rule.split("<")[0].rstrip("/")
            assert any(c == prefix or c.startswith(prefix) for c in covered), rule.rule


@pytest.mark.parametrize(("method", "path", "who", "status"), MATRIX, ids=[f"{m} {p} {w or 'anonymous'}" for m, p, w, _ in MATRIX])
def test_route_by_role(method, path, who, status, app, rt, signed_in):
    app_id = submitted_application(rt)
    with rt.transaction() as s:
        doc_id = s.get(Application, app_id).documents[0].id
        target = factories.staff(s, "teknis")
        issue_token(s, target)
        token_id = s.scalar(select(ApiToken.id).where(ApiToken.staff_id == target.id))
        staff_id = target.id
    client = signed_in(who) if who else app.test_client()
    url = path.format(id=app_id, doc=doc_id, staff=staff_id, token=token_id)
    if method == "POST":
        token = csrf_from(client.get("/backoffice/login" if who is None else "/backoffice/").get_data(as_text=True))
        res = client.post(url, data={"csrf_token": token})
    else:
        res = client.get(url)
    assert res.status_code == status, res.get_data(as_text=True)[:500]
    if method == "POST" and path.endswith("/accept"):
        with rt.transaction() as s:
            moved = s.scalar(select(HistoryEvent).where(HistoryEvent.application_id == app_id, HistoryEvent.action == "accept"))
            assert (moved is not None) == (who == "backoffice")


def test_a_wrong_passphrase_is_refused_and_never_echoed(rt, config, signed_in, caplog):
    app_id = submitted_application(rt)
    for username, action in MAIN_PATH[:5]:
        assert _act(signed_in(username), app_id, action, **_fields(rt, app_id, action, config)).status_code == 302
    secret = "salah-Passphrase-9137"
    res = _act(signed_in("kadis"), app_id, "sign", passphrase=secret)
    assert res.status_code == 422
    assert secret not in res.get_data(as_text=True) and secret not in caplog.text
    with rt.transaction() as s:
        app = s.get(Application, app_id)
        assert app.stage == "signing" and not any(d.kind == "issued" for d in app.documents)


def test_a_password_change_ends_open_sessions(rt, signed_in):
    client = signed_in("koor")
    assert client.get("/backoffice/").status_code == 200
    with rt.transaction() as s:
        s.scalar(select(StaffUser).where(StaffUser.username == "koor")).set_password("baru-rahasia-123")
    assert client.get("/backoffice/").status_code == 302


def test_a_deactivated_user_is_signed_out(rt, signed_in):
    client = signed_in("subkoor")
    with rt.transaction() as s:
        s.scalar(select(StaffUser).where(StaffUser.username == "subkoor")).active = False
    assert client.get("/backoffice/").status_code == 302


def test_pages_are_not_cached_or_framed_by_other_sites(signed_in):
    res = signed_in("backoffice").get("/backoffice/")
    assert res.headers["Cache-Control"] == "private, no-store"
    assert res.headers["X-Frame-Options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in res.headers["Content-Security-Policy"]


def test_the_viewer_opens_the_recommendation_for_the_next_reader(rt, config, signed_in):
    app_id = submitted_application(rt)
    for username, action in MAIN_PATH[:2]:
        assert _act(signed_in(username), app_id, action, **_fields(rt, app_id, action, config)).status_code == 302
    with rt.transaction() as s:
        rec = next(d.id for d in s.get(Application, app_id).documents if d.kind == "recommendation")
    page = signed_in("subkoor").get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert f'<iframe title="PDF" src="/backoffice/applications/{app_id}/documents/{rec}"' in page


def _kadis_at_signing(web, rt, config):
    """An application taken to signing through `web`, and the head of office signed in there."""
    app_id = submitted_application(rt)
    for username, action in MAIN_PATH[:5]:
        client = web.test_client()
        login(client, username)
        assert _act(client, app_id, action, **_fields(rt, app_id, action, config)).status_code == 302
    client = web.test_client()
    login(client, "kadis")
    return app_id, client


def test_an_unreadable_signing_certificate_is_a_503_page(config, seeded, rt, tmp_path):
    from app import create_app

    web = create_app(config.with_(tte_cert_p12=str(tmp_path / "missing" / "kadis.p12")))
    app_id, client = _kadis_at_signing(web, rt, config)
    res = _act(client, app_id, "sign", passphrase=config.tte_dev_passphrase)
    assert res.status_code == 503 and "administrator" in res.get_data(as_text=True)
    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "signing"


def test_a_failing_tsa_is_a_503_that_says_try_again_and_changes_nothing(config, seeded, rt, fake_tsa, tmp_path):
    from app import create_app

    web = create_app(config.with_(tte_tsa_url=fake_tsa.url, tte_trust_pem=str(fake_tsa.trust_pem(tmp_path))))
    app_id, client = _kadis_at_signing(web, rt, config)
    with rt.transaction() as s:
        number = s.get(Application, app_id).issued_number
    fake_tsa.fail_next(500)
    res = _act(client, app_id, "sign", passphrase=config.tte_dev_passphrase)
    page = res.get_data(as_text=True)
    assert res.status_code == 503 and "TSA" in page and "coba lagi" in page and "administrator" in page
    fake_tsa.garbage_next()
    headers = {"Authorization": f"Bearer {api_token(web.test_client(), 'kadis')}"}
    preview = web.test_client().get(f"/api/v1/applications/{app_id}", headers=headers).json["preview"]
    api = web.test_client().post(f"/api/v1/applications/{app_id}/actions/sign", headers=headers,
                                 json={"passphrase": config.tte_dev_passphrase, "preview_sha256": preview["sha256"]})
    api_error(api, 503, "timestamp_unavailable")
    assert "try again" in api.json["error"]["message"]
    with rt.transaction() as s:
        app = s.get(Application, app_id)
        assert app.stage == "signing" and app.issued_number == number and app.verification_code is None
        assert not any(d.kind == "issued" for d in app.documents)
    assert _act(client, app_id, "sign", passphrase=config.tte_dev_passphrase).status_code == 302  # the TSA is back
    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "printing" and s.get(Application, app_id).issued_number == number


def test_files_ready_for_pickup_wait_on_the_counter_desk(rt, signed_in):
    """The applicant's stage, but the clerk closes it at the counter: it is on their desk."""
    app_id = submitted_application(rt, name="Pemohon Siap Ambil")
    with rt.transaction() as s:
        factories.advance(s, s.get(Application, app_id), until="ready_for_pickup")
    assert "Pemohon Siap Ambil" in signed_in("backoffice").get("/backoffice/").get_data(as_text=True)
    assert "Pemohon Siap Ambil" not in signed_in("kadis").get("/backoffice/").get_data(as_text=True)


def test_the_case_card_shows_the_services_answers_as_people_read_them(rt, signed_in):
    """The answers come from the service's questions (labels and formats in its data file): a
    date reads `14 Februari 2011`, never the stored `2011-02-14`, in either language."""
    app_id = submitted_application(rt)
    client = signed_in("backoffice")
    html = client.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert "Tanggal lahir anak</dt><dd>14 Februari 2011" in html and "2011-02-14" not in html
    assert "Sekolah/lembaga tujuan</dt><dd>SMK Negeri 1 Bagansiapiapi" in html
    client.get("/backoffice/lang/en?next=/backoffice/")
    html = client.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert "Child&#39;s date of birth</dt><dd>14 February 2011" in html


def test_the_case_card_shows_another_services_answers_and_its_word_for_a_skipped_one(rt, signed_in):
    """SIP: its own questions (not APS's), a choice by its label, and the STR's validity left out
    with LEWATI read as the data says it ("Seumur hidup"), as the applicant's summary showed it."""
    with rt.transaction() as s:
        who = factories.applicant(s, whatsapp="+6281234567891", nik="1407014107050009")
        app = factories.draft_with_documents(s, who, code="SIP")
        app.details = {**app.details, "profession": "bidan", "str_valid_until": ""}
        engine.fire(app, "submit", who)
        app_id = app.id
    html = signed_in("backoffice").get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert "Profesi</dt><dd>Bidan" in html and "Seumur hidup" in html and "Nama anak" not in html


def test_a_number_answer_carries_its_unit_in_the_screens_language(rt, signed_in):
    """Reklame's count and duration: "2 buah", "30 hari" in Indonesian; "2 pieces", "30 days" in
    English (the English screen printed the Indonesian units)."""
    with rt.transaction() as s:
        who = factories.applicant(s, whatsapp="+6281234567892", nik="1407014107050008")
        app = factories.draft_with_documents(s, who, code="REKLAME")
        app.details = {**app.details, "reklame_count": 2, "reklame_days": 30}
        engine.fire(app, "submit", who)
        app_id = app.id
    client = signed_in("backoffice")
    html = client.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert "<dd>2 buah</dd>" in html and "<dd>30 hari</dd>" in html
    client.get("/backoffice/lang/en?next=/backoffice/")
    html = client.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert "<dd>2 pieces</dd>" in html and "<dd>30 days</dd>" in html
