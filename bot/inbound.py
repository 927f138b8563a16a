"""Recording an inbound message and running the dialog on it, inside the caller's transaction.

`claim()` stores the message with its `MessageSid` (INSERT … ON CONFLICT DO NOTHING on SQLite
and PostgreSQL): a repeat, even a concurrent one, claims nothing and is answered with nothing.
`handle()` then locks the number's conversation and applicant rows (one SELECT … FOR UPDATE on
PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE) so one number's messages run one at
a time, in order. A dialog step costs five statements: the INSERT … RETURNING, the locked SELECT,
and the UPDATEs of the applicant and the conversation (plus whatever the step itself writes).
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bot.conversation import Turn, run
from bot.dialogs import DIALOGS
from bot.dialogs.documents import letter_name
from storage import Applicant, Conversation, InboundMessage
from storage.delivery import release_held
from storage.digits import ascii_digits, digits_only

PHONE = re.compile(r"^\+?[0-9]{6,15}$")


def identity(raw_from: str) -> str:
    """Twilio's `From` as we store it: `whatsapp:+62…` → `+62…`; a business-scoped user id
    (anything that is not a phone number) is kept as it is, without the channel prefix."""
    value = ascii_digits((raw_from or "").strip())
    if value.lower().startswith("whatsapp:"):
        value = value[len("whatsapp:"):]
    if PHONE.match(value) and not value.startswith("+"):
        value = "+" + value
    return value


def _insert_ignore(session: Session, model, **values) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when a row was inserted. (RETURNING, not rowcount:
    psycopg reports -1 for the ORM's insert.)"""
    stmt = _insert_ignore_stmt(session, model).values(**values)
    return session.execute(stmt.returning(model.id)).first() is not None


@cache
def _insert_ignore_for(dialect: str, model):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - unsupported backends
        return insert(model)
    return dialect_insert(model).on_conflict_do_nothing()


def _insert_ignore_stmt(session: Session, model):
    """`INSERT … ON CONFLICT DO NOTHING` for `model` in the session's dialect (built once)."""
    return _insert_ignore_for(session.get_bind().dialect.name, model)


def _text(form, name: str) -> str:
    """A form value as we store it: without NUL characters, which PostgreSQL's text cannot hold
    (WhatsApp lets a person send one; the message is kept and answered, minus the NULs)."""
    return (form.get(name) or "").replace("\x00", "")


def form_payload(form) -> dict:
    """What we keep of Twilio's form besides the body: identity fields and the media list."""
    count = int(digits_only(_text(form, "NumMedia")) or 0)
    media = [
        {"url": _text(form, f"MediaUrl{i}"), "content_type": _text(form, f"MediaContentType{i}")}
        for i in range(min(count, 10))
        if _text(form, f"MediaUrl{i}")
    ]
    # A tap on a reply button posts ButtonText (as Body too) and ButtonPayload (the button's id); a
    # list item posts ListId and ListTitle (https://www.twilio.com/docs/messaging/guides/webhook-request).
    keep = ("From", "WaId", "ProfileName", "To", "MessageType", "AccountSid", "OriginalRepliedMessageSid",
            "ButtonText", "ButtonPayload", "ListId", "ListTitle")
    return {"media": media, **{k: _text(form, k) for k in keep if _text(form, k)}}


def claim(session: Session, form, now: datetime) -> InboundMessage | None:
    """Store the message; None when this MessageSid was stored before (a retry). One statement:
    the INSERT returns the new row. It is stored as processed: the dialog runs in the same
    transaction, so the row never exists without its turn."""
    sid = _text(form, "MessageSid") or _text(form, "SmsMessageSid")
    payload = form_payload(form)
    row = dict(message_sid=sid, sender=identity(_text(form, "From")),
               body=(_text(form, "Body") or _text(form, "ButtonText") or _text(form, "ListTitle"))[:4000],
               num_media=len(payload["media"]), payload=payload, received_at=now, processed_at=now)
    return session.scalars(_claim_stmt(session.get_bind().dialect.name), [row]).first()


@cache
def _claim_stmt(dialect: str):
    return _insert_ignore_for(dialect, InboundMessage).returning(InboundMessage)


_LOCKED_CONVERSATION = (
    select(Conversation, Applicant)
    .join(Applicant, Conversation.applicant_id == Applicant.id)
    .with_for_update()
    .execution_options(populate_existing=True)
)


def lock_existing(session: Session, whatsapp: str) -> Conversation | None:
    """This number's conversation, locked and read after the lock, or None (nothing is created)."""
    return session.scalar(select(Conversation).where(Conversation.whatsapp == whatsapp).with_for_update()
                          .execution_options(populate_existing=True))


def lock_conversation(session: Session, whatsapp: str, now: datetime) -> tuple[Conversation, Applicant]:
    """Lock this number's conversation and applicant rows in one statement, read after the lock
    (SELECT … FOR UPDATE on PostgreSQL; on SQLite the writer lock is already held). Both rows are
    created on first contact only: an INSERT … ON CONFLICT on every message would cost a write
    each time."""
    locked = _LOCKED_CONVERSATION.where(Conversation.whatsapp == whatsapp)
    row = session.execute(locked).first()
    if row is None:
        _insert_ignore(session, Applicant, whatsapp=whatsapp, language="id", created_at=now)
        applicant_id, language = session.execute(
            select(Applicant.id, Applicant.language).where(Applicant.whatsapp == whatsapp)).one()
        _insert_ignore(session, Conversation, whatsapp=whatsapp, applicant_id=applicant_id, dialog="menu",
                       step="start", data={}, language=language or "id", failures=0, updated_at=now)
        row = session.execute(locked).one()
    return row[0], row[1]


def handle(session: Session, message: InboundMessage, now: datetime) -> Turn:
    conversation, applicant = lock_conversation(session, message.sender, now)
    payload = message.payload or {}
    applicant.last_inbound_at = now
    applicant.wa_id = payload.get("WaId") or applicant.wa_id
    applicant.profile_name = (payload.get("ProfileName") or applicant.profile_name or "")[:200] or None
    turn = Turn(session, conversation, applicant, message, now, DIALOGS)
    run(turn)
    release_held(session, applicant, turn.language, letter_name)  # any message opens the window: held documents go now
    turn.save()
    session.flush()
    return turn
