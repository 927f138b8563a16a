"""Staff sign-in: passwords (argon2id), the lockout, the session cookie and Flask-Login.

One function, `authenticate()`, decides whether a username and password open the door; the
web login form and `POST /api/v1/auth/token` both ask it, so the lockout counts both.
Sessions last one working day and end when the browser closes, at logout, when the password
changes or the account is deactivated (a per-user session version, checked on every request);
there is no "remember me" cookie.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, redirect, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value

from runtime.request_scope import db
from storage import StaffUser, utcnow
from storage.digits import row_id
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
        # The user's session version, checked on every request (`_load`): logout, a password
        # change and deactivation raise it and so end every open session at once. (The cookie
        # used to carry the last 12 characters of the password hash instead.)
        return f"{self.staff.id}.{self.staff.session_version or 0}"

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
    staff_id, _, version = user_id.partition(".")
    staff_id = row_id(staff_id)
    if staff_id is None or not _within_working_day():
        return None
    staff = db().get(StaffUser, staff_id)
    if staff is None or not staff.active or version != str(staff.session_version or 0):
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
    """Sign out: this session and every other open one of the user end now (a copied cookie
    included); the caller commits."""
    if current_user.is_authenticated:
        current_user.staff.end_sessions()
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

    The count cannot be raced: before the hash is checked, one UPDATE … RETURNING claims an
    attempt (failed_logins + 1, only while the account is open and below MAX_FAILURES). The
    row stays locked until the caller commits (PostgreSQL; SQLite writers serialise anyway), so
    parallel guesses queue on it and at most MAX_FAILURES hashes are ever checked per lockout.
    A right password gives the claim back (the count goes to 0).
    """
    username = (username or "").strip()
    user = staff_by_username(session, username)
    now = utcnow()
    if user is None or not user.active:
        StaffUser(password_hash=_decoy_hash()).check_password(password or "")  # same work: no timing oracle
        return Refusal("bad_credentials")
    attempt = _claim_attempt(session, user, now)
    if attempt is None:
        session.refresh(user)
        return Refusal("locked", _minutes_until(now, user.locked_until or now + LOCKOUT))
    if not user.check_password(password or ""):
        if attempt >= MAX_FAILURES:
            _set_login_state(session, user, failed_logins=0, locked_until=now + LOCKOUT)
            return Refusal("locked", _minutes_until(now, user.locked_until))
        return Refusal("bad_credentials")
    _set_login_state(session, user, failed_logins=0, locked_until=None)
    return user


def _claim_attempt(session, user: StaffUser, now) -> int | None:
    """Count one more attempt atomically; its number, or None while the account is locked."""
    claimed = session.execute(
        update(StaffUser)
        .where(
            StaffUser.id == user.id,
            or_(StaffUser.locked_until.is_(None), StaffUser.locked_until <= now),
            StaffUser.failed_logins < MAX_FAILURES,
        )
        .values(failed_logins=StaffUser.failed_logins + 1)
        .returning(StaffUser.failed_logins)
        .execution_options(synchronize_session=False)
    ).scalar()
    return claimed


def _set_login_state(session, user: StaffUser, *, failed_logins: int, locked_until) -> None:
    session.execute(
        update(StaffUser)
        .where(StaffUser.id == user.id)
        .values(failed_logins=failed_logins, locked_until=locked_until)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(user, "failed_logins", failed_logins)  # the ORM copy matches the row
    set_committed_value(user, "locked_until", locked_until)


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
