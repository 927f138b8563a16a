"""Message status from Twilio's callbacks: it only moves forward.

queued/sent → delivered → read; `failed` and `undelivered` stay, with Twilio's error code.
Callbacks come in any order and may repeat; one for a SID we have not recorded yet (the
callback beat our own write) is kept in Redis for a day and applied when the SID is recorded:
the worker looks after recording it, and the callback looks again after keeping it, so one of
the two sees both.
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


def apply(session, redis, sid: str, status: str, error_code=None, error_message=None, outbox_id: int | None = None) -> str:
    """'applied', 'unchanged', 'adopted' (a timed-out send that reached Twilio after all), or
    'early' (kept until the SID is recorded)."""
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.twilio_sid == sid).with_for_update())
    if message is None and outbox_id is not None:
        adopted = adopt(session, outbox_id, sid)
        if adopted is not None:
            advance(adopted, status, error_code, error_message)
            return "adopted"
    if message is None:
        key = f"outbox:early-status:{sid}"
        redis.rpush(key, json.dumps([status, error_code, error_message]))
        redis.expire(key, EARLY_TTL)
        return "early"
    changed = advance(message, status, error_code, error_message)
    if changed:
        message.updated_at = utcnow()
    return "applied" if changed else "unchanged"


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
    """Apply callbacks that arrived before `sid` was recorded; returns how many there were."""
    key = f"outbox:early-status:{sid}"
    pending = redis.lrange(key, 0, -1)
    if not pending:
        return 0
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.twilio_sid == sid).with_for_update())
    if message is None:
        return 0  # still not recorded: kept for the worker that records it
    for raw in pending:
        status, code, text = json.loads(raw)
        advance(message, status, code, text)
    redis.delete(key)
    return len(pending)
