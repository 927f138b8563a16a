"""Staff users of the back office, their roles and their API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, ForeignKey, Integer, String, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from storage.base import Base, utcnow

ROLES = (
    "back_office",
    "technical_team",
    "sub_coordinator",
    "coordinator",
    "head_of_office",
    "supervisor",
    "admin",
)


PASSWORD_MIN_LENGTH = 8  # the one password rule: the CLI and the admin screen both go through set_password

# argon2id with OWASP's recommended minimum (m=19 MiB, t=2, p=1).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    nip: Mapped[str] = mapped_column(String(30), default="")  # Nomor Induk Pegawai
    password_hash: Mapped[str] = mapped_column(String(255))
    whatsapp: Mapped[str | None] = mapped_column(String(32))  # E.164
    language: Mapped[str] = mapped_column(String(2), default="id")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    # Every signed-in session carries the version it started under; logout, a new password and
    # deactivation raise it, which ends every open session of the user at once.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    last_inbound_at: Mapped[datetime | None]  # staff chat the bot too: opens the 24-hour window
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    role_rows: Mapped[list[StaffRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def set_roles(self, roles) -> None:
        unknown = set(roles) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown role(s): {', '.join(sorted(unknown))}")
        self.role_rows = [StaffRole(role=r) for r in sorted(set(roles))]

    def set_password(self, password: str) -> None:
        if len(password) < PASSWORD_MIN_LENGTH:
            raise ValueError(f"a password needs at least {PASSWORD_MIN_LENGTH} characters")
        self.password_hash = _hasher.hash(password)
        self.end_sessions()

    def end_sessions(self) -> None:
        """End every open web session of this user (they hold the old session_version)."""
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        try:
            ok = _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if ok and _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)
        return ok

    def locked_at(self, moment: datetime) -> bool:
        """Whether too many wrong passwords keep this account shut at `moment`."""
        return self.locked_until is not None and self.locked_until > moment

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def __repr__(self) -> str:
        return f"<StaffUser {self.username}>"


class StaffRole(Base):
    __tablename__ = "staff_roles"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class ApiToken(Base):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    staff: Mapped[StaffUser] = relationship()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, staff: StaffUser, expires_at: datetime | None = None) -> str:
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(staff_id=staff.id, token_hash=_token_hash(token), expires_at=expires_at))
    session.flush()
    return token


def staff_for_token(session: Session, token: str) -> StaffUser | None:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    if row is None or row.revoked or not row.staff.active:
        return None
    if row.expires_at is not None and row.expires_at <= utcnow():
        return None
    return row.staff


def tokens_of(session: Session, staff: StaffUser, limit: int = 50) -> list[ApiToken]:
    """The user's API tokens, newest first (only their hashes are stored)."""
    stmt = select(ApiToken).where(ApiToken.staff_id == staff.id).order_by(ApiToken.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def revoke_tokens(session: Session, staff: StaffUser) -> int:
    """Revoke every token of `staff` not yet revoked; how many were."""
    result = session.execute(
        update(ApiToken).where(ApiToken.staff_id == staff.id, ApiToken.revoked.is_(False)).values(revoked=True)
    )
    return result.rowcount


def staff_by_username(session: Session, username: str) -> StaffUser | None:
    """The staff user with this username, ignoring case (as sign-in does): usernames are unique
    without regard to case."""
    return session.scalar(select(StaffUser).where(func.lower(StaffUser.username) == username.strip().lower()))


def staff_with_role(session: Session, role: str) -> list[StaffUser]:
    stmt = (
        select(StaffUser)
        .join(StaffRole)
        .where(StaffRole.role == role, StaffUser.active.is_(True))
        .order_by(StaffUser.id)
    )
    return list(session.scalars(stmt))


def staff_on_whatsapp(session: Session, roles) -> list[StaffUser]:
    """Active staff holding any of `roles` who have a WhatsApp number, each once (the people a
    staff notice or alert goes to)."""
    seen: dict[int, StaffUser] = {}
    for role in roles:
        for user in staff_with_role(session, role):
            if user.whatsapp and user.id not in seen:
                seen[user.id] = user
    return list(seen.values())
