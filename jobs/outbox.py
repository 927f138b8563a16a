"""Sending outbox rows, once, through whatever Redis, workers or Twilio do.

`deliver(message_id)`:
1. claims the row in a short transaction: `pending` (or `sending` whose lease expired) →
   `sending` with `lease_until`; a row already sent, failed or leased by a live worker is
   left alone, so a job that runs twice sends once;
2. renders it (free text inside WhatsApp's 24-hour window, else the notice's Content
   Template), commits and releases the database session;
3. waits its turn under the per-sender rate limit and hands it to the sender;
4. records the result in a second short transaction: Twilio's SID (`sent`), or `failed` with
   the code (permanent errors), or back to `pending` with a back-off (429, 5xx, timeouts).

A timeout is ambiguous: Twilio may have taken the message and only its answer was lost (it
offers no idempotency key). Each message's status-callback URL names its row
(`/whatsapp/status?outbox=<id>`), and after a timeout the next try waits at least
OUTBOX_AMBIGUOUS_WAIT_SECONDS: if Twilio's callback arrives meanwhile, the row takes that SID
and is not sent again (`jobs.status.adopt`).

A worker killed mid-send leaves the row `sending`; when its lease expires the outbox sweep
queues it again, and the claim marks it LEASE_EXPIRED. A row whose last try's outcome is
unknown (LEASE_EXPIRED, or a timeout that no callback resolved) is first looked up at Twilio
(`sender.find`: the Messages list filtered by recipient and DateSent, matched to the row) and
adopted if Twilio has it; only a row Twilio never saw is sent again.
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta

from sqlalchemy import case, select, update

import catalogue
import runtime
from jobs import status as message_status
from jobs.media import media_url
from jobs.ratelimit import RateLimiter
from jobs.sender import (
    AMBIGUOUS,
    LEASE_EXPIRED,
    UNKNOWN_OUTCOME,
    Outgoing,
    PermanentSendError,
    TransientSendError,
    sender_for,
)
from jobs.settings import tunable
from jobs.templates import content_sid, content_variables
from runtime.queues import enqueue_delivery, job_id_for, queue, queue_for
from storage import Applicant, OutboxMessage, StaffUser, utcnow

log = logging.getLogger(__name__)

NO_TEMPLATE = "no_template"
STATUS_PATH = "/whatsapp/status"
OUTBOX_PARAM = "outbox"


# ---- claiming --------------------------------------------------------------------------------
def claim(session, message_id: int, now=None, lease: timedelta | None = None) -> OutboxMessage | None:
    """Take the row for sending unless it is done, leased by a live worker, or backing off."""
    now = now or utcnow()
    lease = lease or timedelta(seconds=60)
    return session.scalars(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            (
                (OutboxMessage.status == "pending")
                & (OutboxMessage.next_attempt_at.is_(None) | (OutboxMessage.next_attempt_at <= now + timedelta(seconds=2)))
            )
            | ((OutboxMessage.status == "sending") & (OutboxMessage.lease_until < now)),
        )
        .values(status="sending", lease_until=now + lease, attempts=OutboxMessage.attempts + 1, updated_at=now,
                # Taken over from a worker whose lease ran out mid-send: its outcome is unknown.
                error_code=case((OutboxMessage.status == "sending", LEASE_EXPIRED), else_=OutboxMessage.error_code))
        .returning(OutboxMessage)
    ).first()


# ---- composing -------------------------------------------------------------------------------
def last_inbound(session, message: OutboxMessage):
    """When the recipient last wrote to us (opens WhatsApp's 24-hour window), or None."""
    if message.applicant_id:
        return session.scalar(select(Applicant.last_inbound_at).where(Applicant.id == message.applicant_id))
    if message.staff_id:
        return session.scalar(select(StaffUser.last_inbound_at).where(StaffUser.id == message.staff_id))
    return session.scalar(select(Applicant.last_inbound_at).where(Applicant.whatsapp == message.recipient)) or \
        session.scalar(select(StaffUser.last_inbound_at).where(StaffUser.whatsapp == message.recipient))


def in_window(session, message: OutboxMessage, config, now) -> bool:
    seen = last_inbound(session, message)
    if seen is None:
        return False
    if seen.tzinfo is None and now.tzinfo is not None:
        now = now.replace(tzinfo=None)
    return now - seen < timedelta(hours=tunable(config, "WINDOW_HOURS"))


def compose(session, message: OutboxMessage, config, now) -> tuple[Outgoing, str | None]:
    """What to send for this row, and the error to record beside a successful send, if any."""
    variables = dict(message.variables or {})
    link = media_url(config, message.document_id) if message.document_id else None
    if link:
        variables.setdefault("media_url", link)
    body = catalogue.render(message.key, message.language, config.tz_name, **variables)
    template_sid = None
    note = None
    if not in_window(session, message, config, now):
        template_sid = content_sid(config, message.key, message.language)
        if template_sid is None and not config.sandbox:
            note = f"no approved template for {message.key}: sent as free text, WhatsApp may refuse it (63016)"
    outgoing = Outgoing(
        to=message.recipient,
        body=body,
        content_sid=template_sid,
        content_variables=content_variables(message.key, message.language, config.tz_name, variables) if template_sid else {},
        media_url=link,
        status_callback=status_callback_url(config, message.id),
    )
    return outgoing, note


def status_callback_url(config, message_id: int) -> str:
    """Where Twilio reports this message's status; the row's id lets an ambiguous send be matched."""
    return f"{config.base_url}{STATUS_PATH}?{OUTBOX_PARAM}={message_id}"


# ---- the job ---------------------------------------------------------------------------------
_limiters: dict[tuple, RateLimiter] = {}


def limiter(rt) -> RateLimiter:
    key = (id(rt.redis), rt.config.twilio_whatsapp_number, rt.config.messages_per_second)
    if key not in _limiters:
        _limiters[key] = RateLimiter(rt.redis, rt.config.twilio_whatsapp_number, rt.config.messages_per_second)
    return _limiters[key]


def deliver(message_id: int) -> str:
    rt = runtime.current()
    config = rt.config
    now = utcnow()
    with rt.transaction() as session:
        message = claim(session, message_id, now, timedelta(seconds=tunable(config, "OUTBOX_LEASE_SECONDS")))
        if message is None:
            return "skipped"
        try:
            outgoing, note = compose(session, message, config, now)
        except (KeyError, ValueError, IndexError) as exc:  # an unknown key or a broken text: never sendable
            message.status, message.lease_until = "failed", None
            message.error_code, message.error_message = "render", f"{type(exc).__name__}: {exc}"
            log.error("outbox %s cannot be rendered (%s): %s", message_id, message.key, exc)
            return "failed"
        attempt = message.attempts
        unknown = _unknown_outcome(session, message)
    # What is sent is recorded with the outcome, in the same short transaction.
    rendered = {"body": outgoing.body, "content_sid": outgoing.content_sid}
    # The session is closed: no connection is held while we wait for Twilio.
    try:
        if unknown is not None:
            found = sender_for(config).find(outgoing, *unknown)
            if found is not None:
                return _adopt(rt, message_id, attempt, found, rendered)
        limiter(rt).acquire()
        result = sender_for(config).send(outgoing)
    except TransientSendError as exc:
        return _retry_later(rt, message_id, attempt, exc, rendered)
    except PermanentSendError as exc:
        _finish(rt, message_id, attempt, status="failed", error_code=exc.code, error_message=exc.message, **rendered)
        log.info("outbox %s failed permanently: %s", message_id, exc.code)
        return "failed"
    _finish(rt, message_id, attempt, status="sent", twilio_sid=result.sid, sent_at=utcnow(),
            error_code=NO_TEMPLATE if note else None, error_message=note, **rendered)
    if message_status.has_early(rt.redis, result.sid):
        with rt.transaction() as session:
            message_status.apply_early(session, rt.redis, result.sid)
    return "sent"


def _unknown_outcome(session, message: OutboxMessage):
    """For a row whose last try may have reached Twilio (it timed out, or its worker's lease ran
    out mid-send): what to look it up by (`since`, the SIDs other rows to the same number already
    hold); None for a row whose every try has a known outcome."""
    if message.error_code not in UNKNOWN_OUTCOME or message.attempts < 2:
        return None
    since = message.created_at - timedelta(minutes=1)  # the row cannot have gone before it existed
    taken = session.scalars(select(OutboxMessage.twilio_sid).where(
        OutboxMessage.recipient == message.recipient, OutboxMessage.id != message.id,
        OutboxMessage.twilio_sid.is_not(None), OutboxMessage.created_at >= since))
    return since, frozenset(taken)


def _adopt(rt, message_id: int, attempt: int, found, rendered: dict) -> str:
    """Twilio already has this row's message from a try whose answer was lost: take its SID,
    send nothing."""
    if not _finish(rt, message_id, attempt, status="sent", twilio_sid=found.sid, sent_at=utcnow(),
                   error_code=None, error_message=None, **rendered):
        return "skipped"
    log.info("outbox %s: an earlier try had reached Twilio (%s); adopted, not sent again", message_id, found.sid)
    if message_status.has_early(rt.redis, found.sid):
        with rt.transaction() as session:
            message_status.apply_early(session, rt.redis, found.sid)
    return "adopted"


def _finish(rt, message_id: int, attempt: int, **values) -> bool:
    """Record the outcome if the row is still ours (same claim); False if someone took it over."""
    with rt.transaction() as session:
        done = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == "sending", OutboxMessage.attempts == attempt)
            .values(lease_until=None, updated_at=utcnow(), **values)
        ).rowcount
    if not done:
        log.warning("outbox %s: lease lost before the outcome was recorded", message_id)
    return bool(done)


def backoff(config, attempt: int, retry_after: float = 0.0) -> float:
    """Exponential back-off with ±10 % jitter, capped."""
    base = tunable(config, "OUTBOX_RETRY_BASE_SECONDS")
    delay = min(base * 2 ** (attempt - 1), tunable(config, "OUTBOX_RETRY_CAP_SECONDS"))
    return max(delay * random.uniform(0.9, 1.1), retry_after)  # noqa: S311 - jitter, not security


def _retry_later(rt, message_id: int, attempt: int, exc: TransientSendError, rendered: dict) -> str:
    config = rt.config
    if attempt >= tunable(config, "OUTBOX_MAX_ATTEMPTS"):
        _finish(rt, message_id, attempt, status="failed", error_code=exc.code,
                error_message=f"gave up after {attempt} tries: {exc.message}", **rendered)
        return "failed"
    delay = backoff(config, attempt)
    if exc.code == AMBIGUOUS:
        delay = max(delay, tunable(config, "OUTBOX_AMBIGUOUS_WAIT_SECONDS"))
    recorded = _finish(rt, message_id, attempt, status="pending", next_attempt_at=utcnow() + timedelta(seconds=delay),
                       error_code=exc.code, error_message=exc.message, **rendered)
    if recorded:
        _schedule(rt, message_id, attempt, delay)
    return "retry"


def _schedule(rt, message_id: int, attempts: int, delay: float) -> None:
    """Queue the next try after `delay` (RQ's scheduler runs in the worker); the sweep backs it up."""
    with rt.transaction() as session:
        priority = session.scalar(select(OutboxMessage.priority).where(OutboxMessage.id == message_id))
    if delay < 1:
        enqueue_delivery(rt.redis, message_id, priority, attempts)
        return
    from runtime.queues import DEFAULT_RETRY

    queue(rt.redis, queue_for(priority)).enqueue_in(
        timedelta(seconds=delay), deliver, message_id, job_id=job_id_for(message_id, attempts), retry=DEFAULT_RETRY
    )
