"""Rungs between the bare endpoint and the real webhook, for bench_webhook's ladder.

Each rung does what the one before it does, plus one piece of the real webhook, with the real
code: `signature` checks X-Twilio-Signature (the form parsed); `insert` also stores the message
with `bot.inbound.claim` and commits; `enqueue` also puts one RQ job on a queue. None of them
runs a dialog step. They answer what a single piece of the webhook costs against the ceiling.
"""

from __future__ import annotations

from flask import Flask, Response, abort, request

RUNGS = ("signature", "insert", "enqueue")
EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def noop(*_args) -> None:
    """The job the `enqueue` rung queues (no worker runs during the benchmark)."""


def create_app(rung: str = "enqueue") -> Flask:
    import runtime
    from bot.inbound import claim
    from bot.signature import valid_twilio_request
    from config import Config
    from runtime.queues import enqueue
    from storage import utcnow

    if rung not in RUNGS:
        raise SystemExit(f"rung must be one of {RUNGS}")
    rt = runtime.init(Config.from_env())
    depth = RUNGS.index(rung)
    app = Flask(__name__)

    @app.post("/whatsapp/webhook")
    def webhook():
        if not valid_twilio_request(request, rt.config):
            abort(403)
        if depth >= 1:
            with rt.transaction() as session:
                claim(session, request.form, utcnow())
        if depth >= 2:
            enqueue(rt.redis, "replies", noop, request.form["MessageSid"])
        return Response(EMPTY, mimetype="text/xml")

    return app
