"""Staff sign-in: passwords (argon2id), the lockout, the session cookie and Flask-Login.

One function, `authenticate()`, decides whether a username and password open the door; the
web login form and `POST /api/v1/auth/token` both ask it, so the lockout counts both.
Sessions last one working day and end when the browser closes or the password changes;
there is no "remember me" cookie.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, login_user, logout_user

from runtime.request_scope import db
from storage import StaffUser, utcnow
from storage.staff import staff_by_username

SESSION_LIFETIME = timedelta(hours=9)  # one working day, then sign in again
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)

login_manager = LoginManager()
login_manager.session_protection = "basic"
login_manager.login_view = "backoffice.login"


class SignedIn(UserMixin):
    """The Flask-Login view of a staff user (the model itself stays free of web concerns)."""

    def __init__(self, staff: StaffUser):
        self.staff = staff

    def get_id(self) -> str:
        # A password change (or reset) changes the id and so ends every open session.
        return f"{self.staff.id}.{self.staff.password_hash[-12:]}"

    @property
    def is_active(self) -> bool:
        return self.staff.active

    @property
    def roles(self) -> frozenset[str]:
        return self.staff.roles

    @property
    def display_name(self) -> str:
        return self.staff.display_name


@login_manager.user_loader
def _load(user_id: str) -> SignedIn | None:
    staff_id, _, fingerprint = user_id.partition(".")
    if not staff_id.isdigit() or not _within_working_day():
        return None
    staff = db().get(StaffUser, int(staff_id))
    if staff is None or not staff.active or staff.password_hash[-12:] != fingerprint:
        return None
    return SignedIn(staff)


def start_session(staff: StaffUser) -> None:
    """A fresh session for `staff` (no fixation), valid for one working day from now."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session.permanent = True  # the cookie expires with PERMANENT_SESSION_LIFETIME
    session["signed_in_at"] = int(utcnow().timestamp())  # and so does the session, however busy
    login_user(SignedIn(staff), remember=False)


def end_session() -> None:
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang


def _within_working_day() -> bool:
    started = session.get("signed_in_at")
    return isinstance(started, int) and 0 <= utcnow().timestamp() - started <= SESSION_LIFETIME.total_seconds()


@login_manager.unauthorized_handler
def _unauthorized():
    return redirect(url_for("backoffice.login", next=request.full_path if request.query_string else request.path))


@dataclass(frozen=True)
class Refusal:
    code: str  # bad_credentials | locked
    minutes_left: int = 0


def authenticate(session, username: str, password: str) -> StaffUser | Refusal:
    """The staff user for these credentials, or why not. Counts failures; the caller commits.

    After MAX_FAILURES wrong passwords in a row the account is locked for LOCKOUT, even for
    the right password; unknown usernames get the same answer as wrong passwords.
    """
    username = (username or "").strip()
    user = staff_by_username(session, username)
    now = utcnow()
    if user is None or not user.active:
        StaffUser(password_hash=_decoy_hash()).check_password(password or "")  # same work: no timing oracle
        return Refusal("bad_credentials")
    if user.locked_at(now):
        return Refusal("locked", _minutes_until(now, user.locked_until))
    if not user.check_password(password or ""):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            return Refusal("locked", _minutes_until(now, user.locked_until))
        return Refusal("bad_credentials")
    user.failed_logins = 0
    user.locked_until = None
    return user


@functools.cache
def _decoy_hash() -> str:
    decoy = StaffUser(username="decoy")
    decoy.set_password(secrets.token_urlsafe(16))
    return decoy.password_hash


def _minutes_until(now, then) -> int:
    return max(1, int((then - now).total_seconds() + 59) // 60)


def init_app(app: Flask) -> None:
    """Cookie and session settings for the back office (called once when it registers)."""
    secure = app.config["APP_CONFIG"].base_url.startswith("https://")
    app.config.update(
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        SESSION_COOKIE_NAME="dpmptsp_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        SESSION_REFRESH_EACH_REQUEST=False,  # the working day counts from sign-in
        REMEMBER_COOKIE_DURATION=timedelta(seconds=0),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    login_manager.init_app(app)
