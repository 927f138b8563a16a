"""Recording an inbound message and running the dialog on it, inside the caller's transaction.

`claim()` stores the message with its `MessageSid` (INSERT … ON CONFLICT DO NOTHING on SQLite
and PostgreSQL): a repeat, even a concurrent one, claims nothing and is answered with nothing.
`handle()` then locks the number's conversation row (SELECT … FOR UPDATE on PostgreSQL; SQLite
serialises writers with BEGIN IMMEDIATE) so one number's messages run one at a time, in order.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bot.dialogs import DIALOGS
from bot.engine import Turn, run
from storage import Applicant, Conversation, InboundMessage

PHONE = re.compile(r"^\+?\d{6,15}$")


def identity(raw_from: str) -> str:
    """Twilio's `From` as we store it: `whatsapp:+62…` → `+62…`; a business-scoped user id
    (anything that is not a phone number) is kept as it is, without the channel prefix."""
    value = (raw_from or "").strip()
    if value.lower().startswith("whatsapp:"):
        value = value[len("whatsapp:"):]
    if PHONE.match(value) and not value.startswith("+"):
        value = "+" + value
    return value


def _insert_ignore(session: Session, model, **values) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when a row was inserted. (RETURNING, not rowcount:
    psycopg reports -1 for the ORM's insert.)"""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - unsupported backends
        dialect_insert = insert
    stmt = dialect_insert(model).values(**values)
    if dialect in ("postgresql", "sqlite"):
        stmt = stmt.on_conflict_do_nothing()
    return session.execute(stmt.returning(model.id)).first() is not None


def form_payload(form) -> dict:
    """What we keep of Twilio's form besides the body: identity fields and the media list."""
    count = int(form.get("NumMedia") or 0)
    media = [
        {"url": form.get(f"MediaUrl{i}", ""), "content_type": form.get(f"MediaContentType{i}", "")}
        for i in range(min(count, 10))
        if form.get(f"MediaUrl{i}")
    ]
    keep = ("From", "WaId", "ProfileName", "To", "MessageType", "AccountSid", "OriginalRepliedMessageSid")
    return {"media": media, **{k: form.get(k) for k in keep if form.get(k)}}


def claim(session: Session, form, now: datetime) -> InboundMessage | None:
    """Store the message; None when this MessageSid was stored before (a retry)."""
    sid = form.get("MessageSid") or form.get("SmsMessageSid") or ""
    payload = form_payload(form)
    inserted = _insert_ignore(
        session, InboundMessage, message_sid=sid, sender=identity(form.get("From", "")),
        body=(form.get("Body") or "")[:4000], num_media=len(payload["media"]), payload=payload, received_at=now,
    )
    if not inserted:
        return None
    return session.scalar(select(InboundMessage).where(InboundMessage.message_sid == sid))


def lock_conversation(session: Session, whatsapp: str, now: datetime) -> tuple[Conversation, Applicant]:
    """Lock this number's conversation row (created, with its applicant, on first contact only:
    an INSERT … ON CONFLICT on every message would cost a write each time)."""
    applicant = session.scalar(select(Applicant).where(Applicant.whatsapp == whatsapp))
    if applicant is None:
        _insert_ignore(session, Applicant, whatsapp=whatsapp, language="id", created_at=now)
        applicant = session.scalar(select(Applicant).where(Applicant.whatsapp == whatsapp))
    locked = select(Conversation).where(Conversation.whatsapp == whatsapp).with_for_update()
    conversation = session.scalar(locked)
    if conversation is None:
        _insert_ignore(session, Conversation, whatsapp=whatsapp, applicant_id=applicant.id, dialog="menu",
                       step="start", data={}, language=applicant.language or "id", failures=0, updated_at=now)
        conversation = session.scalar(locked)
    session.refresh(applicant)  # read after the lock: another delivery may have just changed it
    return conversation, applicant


def handle(session: Session, message: InboundMessage, now: datetime) -> Turn:
    conversation, applicant = lock_conversation(session, message.sender, now)
    payload = message.payload or {}
    applicant.last_inbound_at = now
    applicant.wa_id = payload.get("WaId") or applicant.wa_id
    applicant.profile_name = (payload.get("ProfileName") or applicant.profile_name or "")[:200] or None
    turn = Turn(session, conversation, applicant, message, now, DIALOGS)
    run(turn)
    turn.save()
    message.processed_at = now
    session.flush()
    return turn
