"""Message status from Twilio's callbacks: it only moves forward.

queued/sent → delivered → read; `failed` and `undelivered` stay, with Twilio's error code.
Callbacks come in any order and may repeat; one for a SID we have not recorded yet (the
callback beat our own write) is kept in Redis for a day and applied when the SID is recorded:
the worker looks after recording it, and the callback looks again after keeping it, so one of
the two sees both.

WhatsApp's verdict on the window wins over our clock. Twilio accepts a free-form WhatsApp
message and fails it afterwards, in the status callback, with ErrorCode 63016 when the person's
24-hour window is closed (https://www.twilio.com/docs/api/errors/63016). Such a callback does not
fail the row: it records the refusal (`refused_at`, `refused_sid`) and puts the row back to
`pending`, to go once more as its template ("resend"); callbacks about the refused SID change
nothing after that, and a row that was already refused once is never re-sent again.
"""

from __future__ import annotations

import json
import logging

from sqlalchemy import select

from jobs.sender import AMBIGUOUS
from storage import OutboxMessage, utcnow

# Our row is `sent` once Twilio accepted it; Twilio's own early states mean nothing newer.
RANK = {"accepted": 1, "queued": 1, "sending": 1, "sent": 1, "delivered": 2, "read": 3}
FAILED = ("failed", "undelivered")
OUTSIDE_WINDOW = "63016"  # Twilio: free-form WhatsApp message outside the 24-hour window
KNOWN = tuple(RANK) + FAILED
EARLY_TTL = 24 * 3600

log = logging.getLogger(__name__)


def _rank(status: str) -> int:
    return RANK.get(status, 0)


def advance(message: OutboxMessage, status: str, error_code: str | None = None, error_message: str | None = None) -> bool:
    """Apply one callback's status to the row; True when it changed."""
    current = message.status
    if current in FAILED:
        return False
    if status in FAILED:
        if current in ("delivered", "read"):
            return False  # a late failure report cannot undo a delivery seen already
        message.status = status
        message.error_code = str(error_code) if error_code else message.error_code
        message.error_message = error_message or message.error_message
        message.lease_until = None
        return True
    if _rank(status) > _rank(current) and current not in ("pending", "sending"):
        message.status = "sent" if status in ("accepted", "queued", "sending") else status
        return True
    return False


def refused_for_window(message: OutboxMessage, status: str, error_code) -> bool:
    """WhatsApp failed this row's free-form send for the window, and it was not refused before."""
    return (status in FAILED and str(error_code or "") == OUTSIDE_WINDOW and message.content_sid is None
            and message.refused_at is None and message.status not in ("delivered", "read", *FAILED))


def refuse(message: OutboxMessage, sid: str | None, now=None) -> None:
    """Record WhatsApp's refusal of the free-form send and put the row back to go as its template."""
    now = now or utcnow()
    message.refused_at, message.refused_sid = now, sid
    message.twilio_sid = None  # the template's send records its own SID
    message.status, message.next_attempt_at, message.lease_until = "pending", None, None
    message.error_code = OUTSIDE_WINDOW
    message.error_message = "WhatsApp refused the free-form message outside the 24-hour window; sent again as its template"
    message.updated_at = now


def settle(message: OutboxMessage, sid: str, status: str, error_code=None, error_message=None) -> str:
    """Apply one callback to its row: 'applied', 'unchanged', or 'resend' (refused for the window)."""
    if refused_for_window(message, status, error_code):
        refuse(message, sid)
        log.info("outbox %s: WhatsApp refused the free-form send (63016); it goes again as its template", message.id)
        return "resend"
    changed = advance(message, status, error_code, error_message)
    if changed:
        message.updated_at = utcnow()
    return "applied" if changed else "unchanged"


def apply(session, redis, sid: str, status: str, error_code=None, error_message=None, outbox_id: int | None = None) -> str:
    """'applied', 'unchanged', 'resend' (the row goes again as its template: queue it), 'adopted'
    (a timed-out send that reached Twilio after all), or 'early' (kept until the SID is recorded)."""
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.twilio_sid == sid).with_for_update())
    if message is None and outbox_id is not None:
        adopted = adopt(session, outbox_id, sid)
        if adopted is not None:
            settle(adopted, sid, status, error_code, error_message)
            return "adopted" if adopted.status != "pending" else "resend"
    if message is None:
        if session.scalar(select(OutboxMessage.id).where(OutboxMessage.refused_sid == sid)) is not None:
            return "unchanged"  # more news of a send WhatsApp refused; its template went since
        key = f"outbox:early-status:{sid}"
        redis.rpush(key, json.dumps([status, error_code, error_message]))
        redis.expire(key, EARLY_TTL)
        return "early"
    return settle(message, sid, status, error_code, error_message)


def adopt(session, outbox_id: int, sid: str) -> OutboxMessage | None:
    """Twilio reports on message `sid` of our row `outbox_id`, whose last try timed out without an
    answer: Twilio took it after all. Record it as sent with that SID so that the waiting retry
    sends nothing; the row, or None when it is in any other state (its own send records its SID)."""
    message = session.get(OutboxMessage, outbox_id, with_for_update=True)
    if message is None or message.twilio_sid or message.status != "pending" or message.error_code != AMBIGUOUS:
        return None
    now = utcnow()
    message.twilio_sid, message.status, message.sent_at = sid, "sent", now
    message.next_attempt_at = message.lease_until = None
    message.error_code = message.error_message = None
    message.updated_at = now
    session.flush()
    log.info("outbox %s: the send that timed out had reached Twilio (%s); not sent again", outbox_id, sid)
    return message


def has_early(redis, sid: str) -> bool:
    return bool(redis.exists(f"outbox:early-status:{sid}"))


def apply_early(session, redis, sid: str) -> int:
    """Apply callbacks that arrived before `sid` was recorded; returns how many there were. When
    one of them was WhatsApp's refusal for the window the row is back to `pending`
    (`resend_of(session, sid)` tells the caller to queue it)."""
    key = f"outbox:early-status:{sid}"
    pending = redis.lrange(key, 0, -1)
    if not pending:
        return 0
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.twilio_sid == sid).with_for_update())
    if message is None:
        return 0  # still not recorded: kept for the worker that records it
    for raw in pending:
        status, code, text = json.loads(raw)
        if message.twilio_sid == sid:  # not once the row was refused and left this SID behind
            settle(message, sid, status, code, text)
    redis.delete(key)
    return len(pending)


def resend_of(session, sid: str) -> OutboxMessage | None:
    """The row whose free-form send `sid` WhatsApp refused, when it waits to go as its template."""
    return session.scalar(select(OutboxMessage).where(OutboxMessage.refused_sid == sid, OutboxMessage.status == "pending"))
