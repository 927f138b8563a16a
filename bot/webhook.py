"""`POST /whatsapp/webhook`: Twilio's inbound-message webhook.

Signature first (`X-Twilio-Signature` over PUBLIC_BASE_URL + the path with its query string,
and the form with its repeated keys); then the message is stored under its unique MessageSid,
the dialog runs on the locked conversation, the request commits once, jobs are enqueued after
the commit, and the answer is TwiML (a question with tap-to-answer choices goes through the outbox
instead: `in_twiml`). No network call and no PDF parsing happen here; with
Redis down the answer is still 200 (outbox rows and pending documents are swept later).
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from flask import Blueprint, Response, abort, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

import catalogue
from bot.inbound import claim, handle
from bot.signature import valid_twilio_request
from catalogue.choices import with_choices
from runtime import request_scope
from runtime.queues import enqueue, retry_for
from storage import utcnow
from storage.contents import CHOICES, interactive_name, synced_sid
from storage.outbox import queue_message

log = logging.getLogger(__name__)
blueprint = Blueprint("whatsapp", __name__, url_prefix="/whatsapp")


MAX_BODY = 1600  # Twilio's limit for one WhatsApp message body


def bodies(texts: list[str], limit: int = MAX_BODY) -> list[str]:
    """Join the replies into as few messages as fit Twilio's limit; split a long one on lines."""
    out: list[str] = []
    for text in texts:
        for piece in _split(text, limit):
            if out and len(out[-1]) + 2 + len(piece) <= limit:
                out[-1] += "\n\n" + piece
            else:
                out.append(piece)
    return out


def _split(text: str, limit: int) -> list[str]:
    pieces, current = [], ""
    for line in text.split("\n"):
        while len(line) > limit:
            pieces.append(line[:limit])
            line = line[limit:]
        if current and len(current) + 1 + len(line) > limit:
            pieces.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        pieces.append(current)
    return pieces


def twiml(texts: list[str]) -> Response:
    response = MessagingResponse()
    for body in bodies(texts):
        response.message(body)
    return Response(str(response), mimetype="application/xml")


@blueprint.post("/webhook")
def webhook():
    config = current_app.config["APP_CONFIG"]
    if not valid_twilio_request(request, config):
        log.warning("webhook: refused a request without a valid X-Twilio-Signature")
        abort(403)
    if not (request.form.get("MessageSid") or request.form.get("SmsMessageSid")) or not request.form.get("From"):
        return twiml([])  # signed but not a message: nothing to store, nothing to retry
    session = request_scope.db()
    now = utcnow()
    message = claim(session, request.form, now)
    if message is None:  # a retry of a message we already have
        request_scope.commit()
        return twiml([])
    turn = handle(session, message, now)
    replies = in_twiml(session, turn, config)
    request_scope.commit()
    rt = current_app.extensions["runtime"]
    for job in turn.after_commit:
        enqueue(rt.redis, job.queue, job.func, *job.args, job_id=job.job_id, retry=retry_for(job.queue))
    lang = turn.conversation.language
    return twiml([text_of(r, lang, config.tz_name) for r in replies])


def text_of(reply, language: str, tz_name: str) -> str:
    """A reply as text: the rendered catalogue text, its choices as numbered lines below."""
    text = catalogue.render(reply.key, language, tz_name, **reply.variables)
    return with_choices(text, reply.choices)


def in_twiml(session, turn, config) -> list:
    """The replies the TwiML answer carries. TwiML cannot carry a ContentSid, so from the first
    question whose choices a synced interactive resource can draw (reply buttons, a list), the
    replies go through the outbox and Twilio's REST API instead, in order, at reply priority
    (jobs/outbox.py draws them, or numbers them if the resource is gone meanwhile). In sandbox
    mode the simulator plays the Content API once `flask whatsapp sync` recorded its resources
    (`make run` does); before that every reply stays in the TwiML, choices numbered."""
    for i, reply in enumerate(turn.replies):
        name = interactive_name(reply.choices) if reply.choices else None
        if name and synced_sid(session, name):
            for later in turn.replies[i:]:
                variables = {**later.variables, CHOICES: [asdict(c) for c in later.choices]} if later.choices else later.variables
                queue_message(session, recipient=turn.applicant.whatsapp, key=later.key, variables=variables,
                              language=turn.language, applicant_id=turn.applicant.id, priority="reply")
            return turn.replies[:i]
    return turn.replies
