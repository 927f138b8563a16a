"""Staff account administration (the admin's "Akun staf" screen): the input rules and the
guard rails, in one place.

Functions change the session and leave the commit to the caller. A refusal is an
`AccountRefused` mapping each form field (or "_" for the whole form) to the i18n key of its
message, so the form can be shown again with what was typed. Each change returns a `Change`,
whose `log()` is the record of who changed what: the project has no audit table for staff
actions, so it goes to the log at INFO (usernames, role names and field names only; never
passwords, names or phone numbers).

Guard rails: an admin cannot deactivate themselves or take away their own admin role, and the
last active admin can neither be deactivated nor lose the role. The active admins are read
with FOR UPDATE (PostgreSQL), so two admins demoting each other at once cannot both succeed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backoffice.access import STAFF_ADMIN
from storage import ROLES, ApiToken, StaffRole, StaffUser
from storage.digits import ascii_digits
from storage.phones import normalise_msisdn
from storage.staff import revoke_tokens, staff_by_username

log = logging.getLogger(__name__)

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")
NIP_PATTERN = re.compile(r"[0-9]{18}")  # Nomor Induk Pegawai (ASN); empty for staff without one
FULL_NAME_MAX = 200
STAFF_LANGUAGES = ("id", "en")
PROFILE_FIELDS = ("full_name", "nip", "whatsapp", "language")


class AccountRefused(Exception):
    """`errors`: form field (or "_") → i18n key. 422 for bad input, 409 for a guard rail."""

    def __init__(self, errors: dict[str, str], status: int = 422):
        super().__init__(", ".join(f"{field}: {key}" for field, key in errors.items()))
        self.errors = errors
        self.status = status


@dataclass(frozen=True)
class Change:
    action: str  # created | updated | deactivated | reactivated | unlocked | password_set | token_revoked | tokens_revoked
    username: str
    details: str = ""
    count: int = 0  # how many tokens were revoked, or (token_revoked) which token

    def log(self, by: str) -> None:
        log.info("staff account %s: by=%s user=%s%s", self.action, by, self.username,
                 f" ({self.details})" if self.details else "")


@dataclass(frozen=True)
class Profile:
    full_name: str
    nip: str
    roles: frozenset[str]
    whatsapp: str | None
    language: str
    keep_whatsapp: bool  # editing, and the field was left empty: the number stays


def read_profile(form, *, editing: bool) -> tuple[Profile, dict[str, str]]:
    """The profile fields of a create or edit form, cleaned, and what is wrong with them."""
    errors: dict[str, str] = {}
    full_name = " ".join(form.get("full_name", "").split())
    if not full_name or len(full_name) > FULL_NAME_MAX:
        errors["full_name"] = "staff.error.full_name"
    nip = ascii_digits("".join(form.get("nip", "").split()))
    if nip and not NIP_PATTERN.fullmatch(nip):
        errors["nip"] = "staff.error.nip"
    roles = frozenset(form.getlist("roles"))
    if "head_of_office" in roles and not nip and "nip" not in errors:
        errors["nip"] = "staff.error.nip_required"  # printed under the head of office's signature
    if roles - set(ROLES):
        errors["roles"] = "staff.error.unknown_role"
    elif not roles:
        errors["roles"] = "staff.error.no_role"
    raw = form.get("whatsapp", "").strip()
    whatsapp = None
    if raw:
        try:
            whatsapp = normalise_msisdn(raw)
        except ValueError:
            errors["whatsapp"] = "staff.error.whatsapp"
    language = form.get("language", "id")
    if language not in STAFF_LANGUAGES:
        errors["language"] = "staff.error.language"
    keep = editing and not raw and not form.get("whatsapp_remove")
    return Profile(full_name, nip, roles, whatsapp, language, keep), errors


def _password_problem(user: StaffUser, form) -> str | None:
    """Sets the password from the form (the model's rule, as in the CLI), or says what is wrong."""
    password = form.get("password", "")
    if password != form.get("password_confirm", ""):
        return "staff.error.password_mismatch"
    try:
        user.set_password(password)
    except ValueError:
        return "staff.error.password"
    return None


def _apply(user: StaffUser, profile: Profile) -> list[str]:
    """Write the profile on the user; the names of the fields that changed."""
    changed = []
    whatsapp = user.whatsapp if profile.keep_whatsapp else profile.whatsapp
    for name, value in (("full_name", profile.full_name), ("nip", profile.nip), ("whatsapp", whatsapp),
                        ("language", profile.language)):
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    return changed


def _role_changes(before: frozenset[str], after: frozenset[str]) -> list[str]:
    return [f"+{r}" for r in sorted(after - before)] + [f"-{r}" for r in sorted(before - after)]


def username_taken(session: Session, username: str) -> bool:
    """Sign-in matches usernames case-insensitively, so uniqueness does too."""
    return staff_by_username(session, username) is not None


def create(session: Session, form) -> tuple[StaffUser, Change]:
    username = form.get("username", "").strip().lower()
    profile, errors = read_profile(form, editing=False)
    if not USERNAME_PATTERN.fullmatch(username):
        errors["username"] = "staff.error.username"
    elif username_taken(session, username):
        errors["username"] = "staff.error.username_taken"
    user = StaffUser(username=username, failed_logins=0, active=True)
    problem = _password_problem(user, form)
    if problem:
        errors["password"] = problem
    if errors:
        raise AccountRefused(errors)
    _apply(user, profile)
    user.set_roles(profile.roles)
    try:
        with session.begin_nested():  # a colleague may have taken the name a moment ago
            session.add(user)
    except IntegrityError as exc:
        raise AccountRefused({"username": "staff.error.username_taken"}) from exc
    return user, Change("created", username, "roles " + ",".join(sorted(profile.roles)))


def update(session: Session, actor: StaffUser, user: StaffUser, form) -> Change:
    profile, errors = read_profile(form, editing=True)
    if errors:
        raise AccountRefused(errors)
    keeps_an_admin(session, actor, user, admin=STAFF_ADMIN in profile.roles, active=user.active)
    before = user.roles
    changed = _apply(user, profile)
    if profile.roles != before:
        user.set_roles(profile.roles)
        changed.append("roles " + " ".join(_role_changes(before, profile.roles)))
    return Change("updated", user.username, ", ".join(changed) or "nothing changed")


def keeps_an_admin(session: Session, actor: StaffUser, user: StaffUser, *, admin: bool, active: bool) -> None:
    """Refuse a change that leaves `user` without an active admin role when that must not be."""
    if admin and active:
        return
    if user.id == actor.id:
        if not active:
            raise AccountRefused({"_": "staff.error.self_deactivate"}, 409)
        raise AccountRefused({"roles": "staff.error.self_admin"}, 409)
    admins = set(
        session.scalars(
            select(StaffUser.id)
            .join(StaffRole)
            .where(StaffRole.role == STAFF_ADMIN, StaffUser.active.is_(True))
            .with_for_update()
        )
    )
    if user.id in admins and not admins - {user.id}:
        raise AccountRefused({"_" if not active else "roles": "staff.error.last_admin"}, 409)


def deactivate(session: Session, actor: StaffUser, user: StaffUser) -> Change:
    """No sign-in, the open session ends at its next request, and every API token is revoked
    (so a later reactivation does not quietly bring old integration tokens back)."""
    keeps_an_admin(session, actor, user, admin=user.has_role(STAFF_ADMIN), active=False)
    user.active = False
    user.end_sessions()
    revoked = revoke_tokens(session, user)
    return Change("deactivated", user.username, f"{revoked} API token(s) revoked", revoked)


def reactivate(user: StaffUser) -> Change:
    user.active = True
    return Change("reactivated", user.username)


def unlock(user: StaffUser) -> Change:
    user.failed_logins = 0
    user.locked_until = None
    return Change("unlocked", user.username)


def set_password(user: StaffUser, form) -> Change:
    """A new password (it ends the user's open sessions) and the lockout lifted."""
    problem = _password_problem(user, form)
    if problem:
        raise AccountRefused({"password": problem})
    unlock(user)
    return Change("password_set", user.username)


def revoke_token(session: Session, user: StaffUser, token_id: int) -> Change | None:
    """None when `token_id` is not one of the user's tokens."""
    token = session.get(ApiToken, token_id)
    if token is None or token.staff_id != user.id:
        return None
    token.revoked = True
    return Change("token_revoked", user.username, f"token #{token.id}", token.id)


def revoke_all_tokens(session: Session, user: StaffUser) -> Change:
    revoked = revoke_tokens(session, user)
    return Change("tokens_revoked", user.username, f"{revoked} API token(s)", revoked)
