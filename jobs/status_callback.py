"""`POST /whatsapp/status`: Twilio's message status callbacks, signed like the webhook.

A status only moves a message forward (jobs/status.py); repeats and late arrivals change
nothing; a callback for a SID we have not recorded yet is kept until we do. WhatsApp's refusal
of a free-form message for the window (63016) sends the row again as its template, once.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request

from bot.signature import valid_twilio_request
from jobs import status as message_status
from jobs.outbox import OUTBOX_PARAM
from runtime import request_scope
from runtime.queues import enqueue_delivery

blueprint = Blueprint("whatsapp_status", __name__)


@blueprint.post("/whatsapp/status")
def status_callback():
    rt = current_app.extensions["runtime"]
    if not valid_twilio_request(request, rt.config):
        abort(403)
    sid = request.form.get("MessageSid", "").strip()
    status = request.form.get("MessageStatus", "").strip().lower()
    if not sid or status not in message_status.KNOWN:
        return ("", 204)  # nothing we track (e.g. a status Twilio adds later); acknowledged
    outcome = message_status.apply(
        request_scope.db(), rt.redis, sid, status,
        request.form.get("ErrorCode") or None, request.form.get("ErrorMessage") or None,
        outbox_id=request.args.get(OUTBOX_PARAM, type=int),  # our row, named in the callback URL
    )
    request_scope.commit()
    if outcome == "early":  # the worker may have recorded the SID meanwhile: look again, afresh
        with rt.transaction() as session:
            message_status.apply_early(session, rt.redis, sid)
            outcome = "resend" if message_status.resend_of(session, sid) is not None else outcome
    if outcome == "resend":  # WhatsApp refused the free-form send (63016): its template goes now
        with rt.transaction() as session:
            row = message_status.resend_of(session, sid)
            if row is not None:
                enqueue_delivery(rt.redis, row.id, row.priority, row.attempts)
    return ("", 204)
