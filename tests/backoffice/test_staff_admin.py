"""Staff account administration (/backoffice/staff, admins only) through the Flask client with
CSRF on and a real database: the list, create, edit, deactivate/reactivate, unlock, new
password, API tokens, the guard rails, bad input, the log record and `flask staff revoke-tokens`.
(Who may open which route is in test_web.py's route × role matrix.)"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from backoffice import staff_accounts
from storage import ApiToken, StaffUser
from storage.staff import issue_token
from tests import factories
from tests.backoffice.helpers import DEMO_PASSWORD, api_token, csrf_from, login

NEW_PASSWORD = "Rahasia-Kantor-2026"


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


@pytest.fixture
def audit(caplog):
    caplog.set_level(logging.INFO, logger="backoffice.staff_accounts")
    return caplog


def post(client, url, data=None):
    token = csrf_from(client.get("/backoffice/staff").get_data(as_text=True))
    return client.post(url, data={**(data or {}), "csrf_token": token})


def staff_id(rt, username) -> int:
    with rt.transaction() as s:
        return factories.staff(s, username).id


def account(rt, username) -> StaffUser | None:
    with rt.transaction() as s:
        user = s.scalar(select(StaffUser).where(StaffUser.username == username))
        if user is not None:
            s.expunge(user)
        return user


def bearer(token) -> dict:
    return {"Authorization": f"Bearer {token}"}


def api_answers(client, token) -> int:
    return client.get("/api/v1/applications", headers=bearer(token)).status_code


def new_account(**overrides) -> dict:
    form = {
        "username": "Rudi.Hartono",
        "full_name": "Rudi  Hartono, S.Kom",
        "nip": "19850312 201001 1 004",
        "roles": ["back_office", "supervisor"],
        "whatsapp": "0812-3456-7890",
        "language": "id",
        "password": NEW_PASSWORD,
        "password_confirm": NEW_PASSWORD,
    }
    form.update(overrides)
    return form


def profile(**fields) -> dict:
    """The edit form as the browser sends it (an empty WhatsApp field keeps the number)."""
    return {"full_name": "", "nip": "", "roles": [], "whatsapp": "", "language": "id", **fields}


# ---- the list ---------------------------------------------------------------------------------
def test_the_list_shows_every_account_with_the_whatsapp_masked(rt, admin, signed_in):
    with rt.transaction() as s:
        factories.staff(s, "teknis").nip = "198001012005012001"
        factories.staff(s, "koor").active = False
    html = admin.get("/backoffice/staff").get_data(as_text=True)
    for username in ("backoffice", "teknis", "subkoor", "koor", "kadis", "pengawas", "admin"):
        assert f">{username}</a>" in html
    assert "Budi Tim Teknis" in html and "198001012005012001" in html
    assert "+6281*****0002" in html and "+6281100000002" not in html
    assert "Nonaktif" in html and "Tim Teknis OPD" in html
    assert 'href="/backoffice/staff"' in admin.get("/backoffice/").get_data(as_text=True)  # the menu entry
    for other in ("pengawas", "backoffice"):
        assert "/backoffice/staff" not in signed_in(other).get("/backoffice/").get_data(as_text=True)


def test_a_locked_account_shows_as_locked_and_the_admin_unlocks_it(app, rt, admin, audit):
    client = app.test_client()
    for _ in range(5):
        login(client, "teknis", "salah-salah")
    assert login(client, "teknis").status_code == 401
    assert "Terkunci s.d." in admin.get("/backoffice/staff").get_data(as_text=True)
    res = post(admin, f"/backoffice/staff/{staff_id(rt, 'teknis')}/unlock")
    assert res.status_code == 302
    assert "Kunci akun teknis dibuka" in admin.get(res.location).get_data(as_text=True)
    assert login(client, "teknis").status_code == 302
    assert "staff account unlocked: by=admin user=teknis" in audit.text


def test_names_are_escaped(rt, admin):
    with rt.transaction() as s:
        factories.staff(s, "teknis").full_name = '<script>alert("x")</script>'
    html = admin.get("/backoffice/staff").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


# ---- create -----------------------------------------------------------------------------------
def test_create_an_account_that_signs_in(app, rt, admin, audit):
    res = post(admin, "/backoffice/staff/new", new_account())
    assert res.status_code == 302, res.get_data(as_text=True)[:2000]
    user = account(rt, "rudi.hartono")
    assert res.location.endswith(f"/backoffice/staff/{user.id}")
    assert user.full_name == "Rudi Hartono, S.Kom" and user.nip == "198503122010011004"
    assert user.roles == {"back_office", "supervisor"} and user.whatsapp == "+6281234567890"
    assert user.active and user.language == "id"
    assert login(app.test_client(), "rudi.hartono", NEW_PASSWORD).status_code == 302
    assert "staff account created: by=admin user=rudi.hartono (roles back_office,supervisor)" in audit.text
    assert NEW_PASSWORD not in audit.text and "+6281234567890" not in audit.text


def test_a_nip_typed_with_other_digits_is_stored_in_ascii(rt, admin):
    nip = "١٩٨٥٠٣١٢ ٢٠١٠٠١ ١ ٠٠٤"  # Arabic-Indic digits, as an Arabic keyboard types them
    res = post(admin, "/backoffice/staff/new", new_account(nip=nip))
    assert res.status_code == 302, res.get_data(as_text=True)[:2000]
    assert account(rt, "rudi.hartono").nip == "198503122010011004"
    res = post(admin, "/backoffice/staff/new", new_account(username="lain", nip="19850312201001100²"))
    assert res.status_code == 422 and account(rt, "lain") is None


def test_a_supervisor_without_whatsapp_is_created_with_a_warning(rt, admin):
    res = post(admin, "/backoffice/staff/new", new_account(whatsapp="", roles=["supervisor"], nip=""))
    assert res.status_code == 302
    assert "tidak menerima peringatan keterlambatan" in admin.get(res.location).get_data(as_text=True)
    assert account(rt, "rudi.hartono").whatsapp is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "ADMIN"}, "Nama pengguna ini sudah dipakai."),
        ({"username": "a b"}, "Nama pengguna harus 3–40 karakter"),
        ({"whatsapp": "12345"}, "Nomor WhatsApp tidak valid"),
        ({"password": "pendek", "password_confirm": "pendek"}, "Kata sandi terlalu lemah: minimal 8 karakter."),
        ({"password_confirm": "lain-lagi-123"}, "Kedua kata sandi tidak sama."),
        ({"roles": ["back_office", "superuser"]}, "Peran tidak dikenal."),
        ({"roles": []}, "Pilih sedikitnya satu peran."),
        ({"nip": "1234"}, "NIP terdiri dari 18 angka"),
        ({"nip": "", "roles": ["head_of_office"]}, "Kepala Dinas menandatangani surat: isi NIP"),
        ({"full_name": "   "}, "Nama lengkap wajib diisi"),
        ({"language": "fr"}, "Bahasa tidak dikenal."),
    ],
)
def test_bad_input_shows_the_form_again_with_what_was_typed(rt, admin, overrides, message):
    form = new_account(**overrides)
    res = post(admin, "/backoffice/staff/new", form)
    html = res.get_data(as_text=True)
    assert res.status_code == 422 and message in html
    if "username" not in overrides:
        assert 'value="Rudi.Hartono"' in html
    if "whatsapp" in overrides:
        assert 'value="12345"' in html
    if "full_name" not in overrides:
        assert 'value="Rudi  Hartono, S.Kom"' in html
    if "roles" not in overrides:
        assert 'value="supervisor" checked' in html and 'value="coordinator" checked' not in html
    assert form["password"] not in html and form["password_confirm"] not in html
    assert account(rt, "rudi.hartono") is None


def test_every_problem_is_named_at_once(admin):
    res = post(admin, "/backoffice/staff/new", new_account(username="x", whatsapp="abc", password="1", password_confirm="1"))
    html = res.get_data(as_text=True)
    assert res.status_code == 422
    assert "Nama pengguna harus" in html and "Nomor WhatsApp tidak valid" in html and "Kata sandi terlalu lemah" in html


def test_the_form_speaks_english_too(admin):
    admin.get("/backoffice/lang/en")
    html = post(admin, "/backoffice/staff/new", new_account(whatsapp="12")).get_data(as_text=True)
    assert "Not a valid WhatsApp number" in html and "Add a staff account" in html


# ---- edit -------------------------------------------------------------------------------------
def test_edit_the_profile_and_roles(rt, admin, audit):
    url = f"/backoffice/staff/{staff_id(rt, 'teknis')}"
    page = admin.get(url).get_data(as_text=True)
    assert 'value="Budi Tim Teknis"' in page and "+6281*****0002" in page and "+6281100000002" not in page
    res = post(admin, url, profile(full_name="Budi Santoso", nip="198001012005012001",
                                      roles=["technical_team", "sub_coordinator"], whatsapp="+62 811 0000 0099", language="en"))
    assert res.status_code == 302
    user = account(rt, "teknis")
    assert (user.full_name, user.nip, user.whatsapp, user.language) == ("Budi Santoso", "198001012005012001", "+6281100000099", "en")
    assert user.roles == {"technical_team", "sub_coordinator"}
    line = next(r.getMessage() for r in audit.records if "staff account updated" in r.getMessage())
    assert line == "staff account updated: by=admin user=teknis (full_name, nip, whatsapp, language, roles +sub_coordinator)"


def test_an_empty_whatsapp_field_keeps_the_number_and_the_box_removes_it(rt, admin):
    url = f"/backoffice/staff/{staff_id(rt, 'teknis')}"
    form = profile(full_name="Budi Tim Teknis", roles=["technical_team"])
    assert post(admin, url, form).status_code == 302
    assert account(rt, "teknis").whatsapp == "+6281100000002"
    assert post(admin, url, {**form, "whatsapp_remove": "1"}).status_code == 302
    assert account(rt, "teknis").whatsapp is None


def test_a_bad_edit_changes_nothing_and_keeps_what_was_typed(rt, admin):
    url = f"/backoffice/staff/{staff_id(rt, 'teknis')}"
    res = post(admin, url, profile(full_name="Budi Baru", roles=["technical_team", "root"], whatsapp="0812"))
    html = res.get_data(as_text=True)
    assert res.status_code == 422 and "Peran tidak dikenal." in html and "Nomor WhatsApp tidak valid" in html
    assert 'value="Budi Baru"' in html and 'value="0812"' in html
    user = account(rt, "teknis")
    assert user.full_name == "Budi Tim Teknis" and user.roles == {"technical_team"}


def test_an_unknown_account_is_404(admin):
    assert admin.get("/backoffice/staff/999999").status_code == 404
    assert post(admin, "/backoffice/staff/999999/deactivate").status_code == 404


# ---- deactivate and reactivate ------------------------------------------------------------------
def test_deactivation_ends_the_session_the_sign_in_and_the_tokens(app, rt, admin, signed_in, runner, audit):
    teknis = signed_in("teknis")
    assert teknis.get("/backoffice/").status_code == 200
    api = app.test_client()
    day_token = api_token(api, "teknis")
    cli_token = runner.invoke(args=["staff", "token", "teknis"]).output.strip()
    assert api_answers(api, day_token) == api_answers(api, cli_token) == 200

    res = post(admin, f"/backoffice/staff/{staff_id(rt, 'teknis')}/deactivate")
    assert res.status_code == 302
    assert "Akun teknis dinonaktifkan; 2 token API dicabut." in admin.get(res.location).get_data(as_text=True)
    assert teknis.get("/backoffice/").status_code == 302  # the open session ends at its next request
    assert login(app.test_client(), "teknis").status_code == 401
    assert api_answers(api, day_token) == api_answers(api, cli_token) == 401
    assert api.post("/api/v1/auth/token", json={"username": "teknis", "password": DEMO_PASSWORD}).status_code == 401
    assert "staff account deactivated: by=admin user=teknis (2 API token(s) revoked)" in audit.text

    assert post(admin, f"/backoffice/staff/{staff_id(rt, 'teknis')}/reactivate").status_code == 302
    assert login(app.test_client(), "teknis").status_code == 302
    assert api_answers(api, cli_token) == 401  # old tokens stay revoked
    assert "staff account reactivated: by=admin user=teknis" in audit.text


def test_an_admin_cannot_deactivate_themselves_or_drop_their_own_admin_role(rt, admin):
    me = staff_id(rt, "admin")
    page = admin.get(f"/backoffice/staff/{me}").get_data(as_text=True)
    assert "/deactivate" not in page  # not offered ...
    res = post(admin, f"/backoffice/staff/{me}/deactivate")  # ... and refused when forged
    assert res.status_code == 409 and "tidak dapat menonaktifkan akun Anda sendiri" in res.get_data(as_text=True)
    res = post(admin, f"/backoffice/staff/{me}", profile(full_name="Admin Sistem", roles=["supervisor"]))
    assert res.status_code == 409 and "tidak dapat mencabut peran admin" in res.get_data(as_text=True)
    user = account(rt, "admin")
    assert user.active and user.roles == {"admin"}
    # keeping the role while adding another is fine
    assert post(admin, f"/backoffice/staff/{me}", profile(full_name="Admin Sistem", roles=["admin", "supervisor"])).status_code == 302


def test_another_admin_can_be_deactivated_and_demoted(rt, admin):
    assert post(admin, "/backoffice/staff/new", new_account(roles=["admin"])).status_code == 302
    other = staff_id(rt, "rudi.hartono")
    assert post(admin, f"/backoffice/staff/{other}", profile(full_name="Rudi", roles=["supervisor"])).status_code == 302
    assert post(admin, f"/backoffice/staff/{other}/deactivate").status_code == 302
    assert not account(rt, "rudi.hartono").active


def test_the_last_active_admin_keeps_the_role_and_stays_active(rt, seeded, session):
    """Two admins demoting each other at once: the second finds only the other one left."""
    with rt.transaction() as s:
        second = StaffUser(username="admin2", full_name="Admin Dua", password_hash="x")
        second.set_roles(["admin"])
        s.add(second)
    first = factories.staff(session, "admin")
    stale = factories.staff(session, "admin2")
    stale.set_roles(["supervisor"])  # the first admin's change, already made
    session.flush()
    for attempt in (
        lambda: staff_accounts.deactivate(session, stale, first),
        lambda: staff_accounts.update(session, stale, first, MultiDict(profile(full_name="Admin", roles=["coordinator"]))),
    ):
        with pytest.raises(staff_accounts.AccountRefused) as refused:
            attempt()
        assert "staff.error.last_admin" in refused.value.errors.values() and refused.value.status == 409
    assert first.active and first.roles == {"admin"}


# ---- passwords ------------------------------------------------------------------------------------
def test_the_admin_sets_a_new_password(app, rt, admin, signed_in, audit):
    teknis = signed_in("teknis")
    url = f"/backoffice/staff/{staff_id(rt, 'teknis')}/password"
    res = post(admin, url, {"password": "pendek", "password_confirm": "pendek"})
    assert res.status_code == 422 and "minimal 8 karakter" in res.get_data(as_text=True) and "pendek" not in res.get_data(as_text=True)
    res = post(admin, url, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD + "x"})
    assert res.status_code == 422 and "Kedua kata sandi tidak sama." in res.get_data(as_text=True)
    assert teknis.get("/backoffice/").status_code == 200  # nothing changed yet
    with rt.transaction() as s:
        factories.staff(s, "teknis").failed_logins = 3
    assert post(admin, url, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}).status_code == 302
    assert teknis.get("/backoffice/").status_code == 302  # the open session ended
    assert login(app.test_client(), "teknis").status_code == 401
    assert login(app.test_client(), "teknis", NEW_PASSWORD).status_code == 302
    assert "staff account password_set: by=admin user=teknis" in audit.text
    assert NEW_PASSWORD not in audit.text and "pendek" not in audit.text


# ---- API tokens -----------------------------------------------------------------------------------
def test_tokens_are_listed_without_their_value_and_revoked_one_or_all(app, rt, admin, audit):
    api = app.test_client()
    first, second = api_token(api, "teknis"), api_token(api, "teknis")
    with rt.transaction() as s:
        never = issue_token(s, factories.staff(s, "teknis"))
        ids = list(s.scalars(select(ApiToken.id).where(ApiToken.staff_id == factories.staff(s, "teknis").id).order_by(ApiToken.id)))
        other = issue_token(s, factories.staff(s, "koor"))
        other_id = s.scalar(select(ApiToken.id).where(ApiToken.staff_id == factories.staff(s, "koor").id))
    url = f"/backoffice/staff/{staff_id(rt, 'teknis')}"
    html = admin.get(url).get_data(as_text=True)
    assert all(f"#{i}" in html for i in ids) and "tanpa batas" in html and html.count(">berlaku<") == 3
    assert not any(token in html for token in (first, second, never))

    assert post(admin, f"{url}/tokens/{ids[0]}/revoke").status_code == 302
    assert api_answers(api, first) == 401 and api_answers(api, second) == 200
    assert "dicabut" in admin.get(url).get_data(as_text=True)
    assert f"staff account token_revoked: by=admin user=teknis (token #{ids[0]})" in audit.text
    assert post(admin, f"{url}/tokens/{other_id}/revoke").status_code == 404  # koor's token, not teknis's
    assert api_answers(api, other) == 200

    res = post(admin, f"{url}/tokens/revoke-all")
    assert "2 token API milik teknis dicabut." in admin.get(res.location).get_data(as_text=True)
    assert api_answers(api, second) == api_answers(api, never) == 401 and api_answers(api, other) == 200


def test_cli_revoke_tokens(app, runner, seeded, audit):
    api = app.test_client()
    token = runner.invoke(args=["staff", "token", "kadis"]).output.strip()
    assert api_answers(api, token) == 200
    res = runner.invoke(args=["staff", "revoke-tokens", "kadis"])
    assert res.exit_code == 0 and "1 API token(s) of kadis revoked" in res.output
    assert api_answers(api, token) == 401
    assert "staff account tokens_revoked: by=cli user=kadis" in audit.text
    res = runner.invoke(args=["staff", "revoke-tokens", "nobody"])
    assert res.exit_code != 0 and "no staff user nobody" in res.output


# ---- CSRF ---------------------------------------------------------------------------------------
def test_every_form_needs_the_csrf_token(rt, admin):
    target = staff_id(rt, "teknis")
    for url in ("/backoffice/staff/new", f"/backoffice/staff/{target}", f"/backoffice/staff/{target}/deactivate",
                f"/backoffice/staff/{target}/password", f"/backoffice/staff/{target}/tokens/revoke-all"):
        assert admin.post(url, data=new_account()).status_code == 400, url
    assert account(rt, "rudi.hartono") is None and account(rt, "teknis").active
    html = admin.get(f"/backoffice/staff/{target}").get_data(as_text=True)
    assert html.count("<form") == html.count('name="csrf_token"')


# ---- what sign-in and the token check already honour ----------------------------------------------
def test_sign_in_and_tokens_honour_active_and_revoked_however_they_were_set(app, rt, signed_in):
    """`active` and `revoked` work on their own too (a row edited by hand, a restore)."""
    api = app.test_client()
    kept, dropped = api_token(api, "subkoor"), api_token(api, "subkoor")
    session_client = signed_in("subkoor")
    with rt.transaction() as s:
        s.scalar(select(ApiToken).where(ApiToken.staff_id == factories.staff(s, "subkoor").id).order_by(ApiToken.id.desc()).limit(1)).revoked = True
    assert api_answers(api, kept) == 200 and api_answers(api, dropped) == 401
    with rt.transaction() as s:
        factories.staff(s, "subkoor").active = False
    assert api_answers(api, kept) == 401
    assert session_client.get("/backoffice/").status_code == 302
    assert login(app.test_client(), "subkoor").status_code == 401
