"""The ceiling for bench_webhook: a bare Flask endpoint at the webhook's path that only answers `<Response/>`."""

from __future__ import annotations

from flask import Flask, Response


def create_app() -> Flask:
    app = Flask(__name__)

    @app.post("/whatsapp/webhook")
    def webhook():
        return Response('<?xml version="1.0" encoding="UTF-8"?><Response/>', mimetype="text/xml")

    return app
