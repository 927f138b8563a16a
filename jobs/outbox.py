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


WhatsApp's verdict on the window wins over our clock: when Twilio refuses a free-form send with
63016 at creation (or later in the status callback, jobs/status.py), the row records the refusal
and goes again as its template, at once; a row without a template then fails with 63016. A
document that cannot travel with its template (no approved media template) is held
(`document_held`) and goes out on the applicant's next message.
"""

from __future__ import annotations

import logging
import random
import re
from datetime import timedelta

from sqlalchemy import case, select, update

import catalogue
import runtime
from catalogue.choices import Choice, with_choices
from jobs import status as message_status
from jobs.media import attachment_url, form_url, media_link_prefix, media_url
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
from jobs.templates import content_sid, content_variables, media_content_sid
from runtime.queues import enqueue_delivery, job_id_for, queue, queue_for
from storage import Applicant, Document, OutboxMessage, StaffUser, utcnow
from storage.contents import CHOICES, interactive_name, interactive_values, synced_sid
from storage.messaging import FORM_ATTACHMENT

log = logging.getLogger(__name__)

NO_TEMPLATE = "no_template"
OUTSIDE_WINDOW = message_status.OUTSIDE_WINDOW
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
    return now - seen < timedelta(hours=config.window_hours)


def media_link(config, message: OutboxMessage) -> str | None:
    """The signed, expiring link Twilio fetches: a stored document, or a generated attachment."""
    if message.document_id:
        return media_url(config, message.document_id)
    if message.attachment == FORM_ATTACHMENT:
        variables = message.variables or {}
        return form_url(config, variables.get("service", ""), variables.get("form", ""), variables.get("filename", "formulir.pdf"))
    if message.attachment and message.applicant_id:
        return attachment_url(config, message.attachment, message.applicant_id)
    return None


class WindowClosed(Exception):
    """WhatsApp refused this row's free-form message for the window and it has no template."""


def compose(session, message: OutboxMessage, config, now) -> tuple[Outgoing, dict]:
    """What to send for this row, and what to record beside a successful send (a note on a
    missing template, a document held for the applicant's next message)."""
    variables = dict(message.variables or {})
    choices = tuple(Choice(**c) for c in variables.pop(CHOICES, ()))
    link = media_link(config, message)
    if link:
        variables.setdefault("media_url", link)
    body = catalogue.render(message.key, message.language, config.tz_name, **variables)
    template_sid = None
    extra: dict = {}
    template_variables: dict = {}
    window_open = message.refused_at is None and in_window(session, message, config, now)
    if choices:  # a question: reply buttons or a list when synced and the window is open, else numbered
        name = interactive_name(choices, body)
        interactive = synced_sid(session, name) if name and window_open else None
        if interactive:
            button = catalogue.text("choices.button", message.language)
            return _outgoing(config, message, body, interactive, interactive_values(name, body, choices, button)), extra
        body = with_choices(body, choices)
    if not window_open:
        template_sid = content_sid(config, message.key, message.language, session)
        if template_sid is None and message.refused_at is not None:
            raise WindowClosed(f"WhatsApp refused {message.key} outside the 24-hour window and it has no approved template")
        if template_sid is None and not config.sandbox:
            extra = {"error_code": NO_TEMPLATE,
                     "error_message": f"no approved template for {message.key}: sent as free text, WhatsApp may refuse it (63016)"}
        if template_sid:
            template_variables = content_variables(message.key, message.language, config.tz_name, variables)
    if template_sid and link:
        media_sid = media_content_sid(config, message.key, message.language, session)
        if media_sid:  # the approved media template carries the document in its header
            template_sid = media_sid
            template_variables[str(len(template_variables) + 1)] = link.removeprefix(media_link_prefix(config)) + "/" + \
                document_filename(session, message.document_id)
        else:
            extra["document_held"] = True  # a text template carries no document: it goes on their next message
    return _outgoing(config, message, body, template_sid, template_variables, link), extra


def _outgoing(config, message: OutboxMessage, body: str, content: str | None, values: dict, link: str | None = None) -> Outgoing:
    return Outgoing(to=message.recipient, body=body, content_sid=content, content_variables=values, media_url=link,
                    status_callback=status_callback_url(config, message.id))


def document_filename(session, document_id: int) -> str:
    """A safe file name ending in .pdf, for the media template's URL (WhatsApp reads the type there)."""
    name = session.scalar(select(Document.filename).where(Document.id == document_id)) or f"dokumen-{document_id}.pdf"
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.") or f"dokumen-{document_id}"
    return name if name.lower().endswith(".pdf") else name + ".pdf"


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
        message = claim(session, message_id, now, timedelta(seconds=config.outbox_lease_seconds))
        if message is None:
            return "skipped"
        try:
            outgoing, extra = compose(session, message, config, now)
        except WindowClosed as exc:
            message.status, message.lease_until = "failed", None
            message.error_code, message.error_message = OUTSIDE_WINDOW, str(exc)
            if message.document_id and message.applicant_id:  # the document still goes, on their next message
                message.document_held = True
                session.execute(update(Applicant).where(Applicant.id == message.applicant_id).values(documents_held=True))
            log.info("outbox %s: refused for the window and no template (%s)", message_id, message.key)
            return "failed"
        except (KeyError, ValueError, IndexError) as exc:  # an unknown key or a broken text: never sendable
            message.status, message.lease_until = "failed", None
            message.error_code, message.error_message = "render", f"{type(exc).__name__}: {exc}"
            log.error("outbox %s cannot be rendered (%s): %s", message_id, message.key, exc)
            return "failed"
        attempt = message.attempts
        unknown = _unknown_outcome(session, message)
        refused = message.refused_at is not None  # its record stays on the row
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
        if exc.code == OUTSIDE_WINDOW and outgoing.content_sid is None:
            return _refused_at_creation(rt, message_id, attempt)
        _finish(rt, message_id, attempt, status="failed", error_code=exc.code, error_message=exc.message, **rendered)
        log.info("outbox %s failed permanently: %s", message_id, exc.code)
        return "failed"
    if not refused:
        extra = {"error_code": None, "error_message": None, **extra}
    _finish(rt, message_id, attempt, status="sent", twilio_sid=result.sid, sent_at=utcnow(), **extra, **rendered)
    if message_status.has_early(rt.redis, result.sid):
        with rt.transaction() as session:
            message_status.apply_early(session, rt.redis, result.sid)
            resend = message_status.resend_of(session, result.sid)
        if resend is not None:
            enqueue_delivery(rt.redis, resend.id, resend.priority, resend.attempts)
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


def _refused_at_creation(rt, message_id: int, attempt: int) -> str:
    """Twilio answered the free-form send with 63016: record it and send the template now, once."""
    with rt.transaction() as session:
        message = session.get(OutboxMessage, message_id, with_for_update=True)
        if message is None or message.status != "sending" or message.attempts != attempt:
            return "skipped"  # someone took the row over meanwhile
        if message.refused_at is not None:  # refused before: never a second round
            message.status, message.lease_until, message.error_code = "failed", None, OUTSIDE_WINDOW
            return "failed"
        message_status.refuse(message, None)
        priority = message.priority
    log.info("outbox %s: WhatsApp refused the free-form send (63016); sending its template", message_id)
    enqueue_delivery(rt.redis, message_id, priority, attempt)
    return "resend"


def _finish(rt, message_id: int, attempt: int, **values) -> bool:
    """Record the outcome if the row is still ours (same claim); False if someone took it over.
    A document held back (its template could not carry it) marks its applicant too, whose next
    message releases it (storage/delivery.py)."""
    with rt.transaction() as session:
        done = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == "sending", OutboxMessage.attempts == attempt)
            .values(lease_until=None, updated_at=utcnow(), **values)
        ).rowcount
        if done and values.get("document_held"):
            owner = select(OutboxMessage.applicant_id).where(OutboxMessage.id == message_id).scalar_subquery()
            session.execute(update(Applicant).where(Applicant.id == owner).values(documents_held=True))
    if not done:
        log.warning("outbox %s: lease lost before the outcome was recorded", message_id)
    return bool(done)


def backoff(config, attempt: int, retry_after: float = 0.0) -> float:
    """Exponential back-off with ±10 % jitter, capped."""
    base = config.outbox_retry_base_seconds
    delay = min(base * 2 ** (attempt - 1), config.outbox_retry_cap_seconds)
    return max(delay * random.uniform(0.9, 1.1), retry_after)  # noqa: S311 - jitter, not security


def _retry_later(rt, message_id: int, attempt: int, exc: TransientSendError, rendered: dict) -> str:
    config = rt.config
    if attempt >= config.outbox_max_attempts:
        _finish(rt, message_id, attempt, status="failed", error_code=exc.code,
                error_message=f"gave up after {attempt} tries: {exc.message}", **rendered)
        return "failed"
    delay = backoff(config, attempt)
    if exc.code == AMBIGUOUS:
        delay = max(delay, config.outbox_ambiguous_wait_seconds)
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
