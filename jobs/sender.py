"""Handing one message to WhatsApp: Twilio's REST API, or the sandbox (no credentials).

`sender_for(config)` gives the process's sender. `send(outgoing)` returns Twilio's SID and
status, or raises `TransientSendError` (429, 5xx, timeouts: try again later) or
`PermanentSendError` (the message can never go as it is: opted out, invalid number, outside the
window, …). Nothing here touches the database.
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

# The code of a TransientSendError whose fate we do not know: the request may have reached
# Twilio and only the answer was lost (a timeout, a dropped connection).
AMBIGUOUS = "timeout"
# The code a claim leaves on a row whose previous worker's lease ran out mid-send (it may have
# died while Twilio held its request): as unknown an outcome as a timeout.
LEASE_EXPIRED = "lease_expired"
UNKNOWN_OUTCOME = (AMBIGUOUS, LEASE_EXPIRED)
LOOKUP_LIMIT, LOOKUP_PAGE = 200, 50  # messages read back at most, per page (one person's recent ones)
# Twilio error codes that mean "slow down", not "never": retried like a 429.
RATE_LIMIT_CODES = {20429, 63018}


@dataclass(frozen=True)
class Outgoing:
    to: str  # E.164, without the whatsapp: prefix
    body: str
    content_sid: str | None = None
    content_variables: dict = field(default_factory=dict)
    media_url: str | None = None
    status_callback: str | None = None


@dataclass(frozen=True)
class SendResult:
    sid: str
    status: str


class SendError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class TransientSendError(SendError):
    """Try again later (429, 5xx, a timeout, a dropped connection)."""


class PermanentSendError(SendError):
    """The message cannot be sent as it is; retrying would not help."""


# The simulator's phones keep WhatsApp's 24-hour window: the simulator records when a phone last
# wrote and how far its clock was moved forward (simulator/views.py); fields of a Redis hash.
SANDBOX_WINDOW_KEY = "simulator:window:{phone}"
WINDOW_SECONDS = 24 * 3600
OUTSIDE_WINDOW_MESSAGE = ("Failed to send freeform message because you are outside the allowed window. "
                          "If you are using WhatsApp, please use a Message Template.")


def sandbox_window_open(redis, phone: str, now: float | None = None) -> bool | None:
    """Whether a simulator phone's window is open (None: a phone the simulator does not know)."""
    state = redis.hgetall(SANDBOX_WINDOW_KEY.format(phone=phone))
    if not state or b"last_in" not in state:
        return None
    now = (now or time.time()) + float(state.get(b"offset", 0))
    return now - float(state[b"last_in"]) < WINDOW_SECONDS


class SandboxSender:
    """No Twilio account: the message counts as sent; the simulator shows the outbox row. Like
    WhatsApp, a free-form message to a simulator phone whose 24-hour window is closed is refused
    with 63016 (at creation, one of the two ways Twilio reports it)."""

    def send(self, outgoing: Outgoing) -> SendResult:
        if not outgoing.content_sid:
            import runtime

            if sandbox_window_open(runtime.current().redis, outgoing.to) is False:
                raise PermanentSendError("63016", OUTSIDE_WINDOW_MESSAGE)
        return SendResult(sid="SB" + secrets.token_hex(16), status="sent")

    def find(self, outgoing: Outgoing, since: datetime, exclude=frozenset()) -> SendResult | None:
        return None  # every sandbox send returns at once: no outcome is ever unknown


class TwilioSender:
    def __init__(self, config):
        http = TwilioHttpClient(timeout=config.twilio_http_timeout, pool_connections=True)
        self.client = Client(config.twilio_account_sid, config.twilio_auth_token, http_client=http)
        # twilio 9.x builds every REST URL from the domain's base_url; staging and the local
        # stand-in are reached by changing it (TWILIO_API_BASE_URL).
        self.client.api.base_url = config.twilio_api_base_url.rstrip("/")
        self.from_ = config.twilio_whatsapp_number

    def send(self, outgoing: Outgoing) -> SendResult:
        params: dict = {"to": f"whatsapp:{outgoing.to}", "from_": self.from_}
        if outgoing.status_callback:
            params["status_callback"] = outgoing.status_callback
        if outgoing.content_sid:
            params["content_sid"] = outgoing.content_sid
            params["content_variables"] = json.dumps(outgoing.content_variables, ensure_ascii=False)
        else:
            params["body"] = outgoing.body
            if outgoing.media_url:
                params["media_url"] = [outgoing.media_url]
        try:
            message = self.client.messages.create(**params)
        except TwilioRestException as exc:
            code = exc.code or exc.status
            if exc.status == 429 or exc.status >= 500 or code in RATE_LIMIT_CODES:
                raise TransientSendError(str(code), exc.msg) from exc
            raise PermanentSendError(str(code), exc.msg) from exc
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise TransientSendError(AMBIGUOUS, type(exc).__name__) from exc
        return SendResult(sid=message.sid, status=message.status or "queued")

    def find(self, outgoing: Outgoing, since: datetime, exclude=frozenset()) -> SendResult | None:
        """The message Twilio already holds for `outgoing`, if an earlier try whose answer was lost
        reached it: Twilio's Messages list filtered by recipient and sender (newest first, read
        until a message created before `since`), matched on an outbound message created since
        `since`, not already another row's (`exclude`), with the same text (free-form messages; a
        template's text is Twilio's rendering, so any such message counts). Oldest match first.
        Not filtered by `DateSent`: that is when Twilio *sent* a message, and one it accepted but
        still holds queued has no `date_sent` yet, so a DateSent filter would miss exactly the
        message we look for, and send it twice.
        Raises TransientSendError (AMBIGUOUS) when Twilio cannot be asked: the row stays
        unknown and is looked up again.
        https://www.twilio.com/docs/messaging/api/message-resource#read-multiple-message-resources
        (`date_sent`: "For an outgoing message, this is when Twilio sent the message".)
        """
        matches = []
        try:
            for m in self.client.messages.stream(to=f"whatsapp:{outgoing.to}", from_=self.from_, limit=LOOKUP_LIMIT,
                                                 page_size=LOOKUP_PAGE):
                if m.date_created is not None and m.date_created < since:
                    break  # newest first: everything after this one is older still
                if (m.sid not in exclude and (m.direction or "outbound-api").startswith("outbound")
                        and (outgoing.content_sid is not None or (m.body or "") == outgoing.body)):
                    matches.append(m)
        except TwilioRestException as exc:
            raise TransientSendError(AMBIGUOUS, f"look-up failed: {exc.code or exc.status}") from exc
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise TransientSendError(AMBIGUOUS, f"look-up failed: {type(exc).__name__}") from exc
        if not matches:
            return None
        first = min(matches, key=lambda m: m.date_created or since)
        return SendResult(sid=first.sid, status=first.status or "queued")


_senders: dict[tuple, TwilioSender] = {}


def sender_for(config) -> SandboxSender | TwilioSender:
    """One sender per process and account (its HTTP connection pool is reused)."""
    if config.sandbox:
        return SandboxSender()
    key = (config.twilio_account_sid, config.twilio_auth_token, config.twilio_api_base_url,
           config.twilio_whatsapp_number, config.twilio_http_timeout)
    sender = _senders.get(key)
    if sender is None:
        sender = _senders[key] = TwilioSender(config)
    return sender
