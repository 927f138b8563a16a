"""Sessions end when they should, at once (issue 16, item 4): a copy of the cookie is worth
nothing after logout, a new password or deactivation; the cookie carries no part of the
password hash."""

from __future__ import annotations

from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from storage import StaffUser
from tests.backoffice.helpers import csrf_from, login

DESK = "/backoffice/"


def _cookie(client) -> str:
    return client.get_cookie("dpmptsp_session").value


def _copy_with(app, cookie: str):
    thief = app.test_client()
    thief.set_cookie("dpmptsp_session", cookie)
    return thief


def _logout(client):
    token = csrf_from(client.get(DESK).get_data(as_text=True))
    return client.post("/backoffice/logout", data={"csrf_token": token})


def test_a_copied_cookie_dies_with_the_logout(app, seeded):
    clerk = app.test_client()
    assert login(clerk, "backoffice").status_code == 302
    stolen = _copy_with(app, _cookie(clerk))
    assert stolen.get(DESK).status_code == 200  # the copy works while the session lives
    assert _logout(clerk).status_code == 302
    assert stolen.get(DESK).status_code == 302  # and not after the logout


def test_a_new_password_ends_every_open_session(app, rt, seeded):
    clerk = app.test_client()
    login(clerk, "backoffice")
    with rt.transaction() as s:
        s.scalar(select(StaffUser).where(StaffUser.username == "backoffice")).set_password("another-password-1")
    assert clerk.get(DESK).status_code == 302


def test_the_cookie_carries_no_part_of_the_password_hash(app, rt, seeded):
    clerk = app.test_client()
    login(clerk, "backoffice")
    data = SecureCookieSessionInterface().get_signing_serializer(app).loads(_cookie(clerk))
    with rt.transaction() as s:
        password_hash = s.scalar(select(StaffUser.password_hash).where(StaffUser.username == "backoffice"))
    assert not any(password_hash[-8:] in str(value) for value in data.values())
    assert data["_user_id"].split(".")[1].isdigit()
