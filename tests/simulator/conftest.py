"""Fixtures for the simulator: its page's CSRF token, and a recorder of what reaches /whatsapp/*."""

from __future__ import annotations

import re

import pytest
from flask import request
from twilio.request_validator import RequestValidator


@pytest.fixture
def config(base_config, migrated):
    """The simulator is an explicit choice (SIMULATOR=1, as `make run` sets it)."""
    return base_config.with_(simulator=True)


@pytest.fixture
def csrf(client, arrivals):
    """The token the simulator page hands the browser (the client keeps the session cookie)."""
    page = client.get("/simulator/")
    assert page.status_code == 200
    return re.search(r'name="csrf-token" content="([^"]+)"', page.get_data(as_text=True)).group(1)


@pytest.fixture
def arrivals(app, config):
    """Every request that reaches /whatsapp/…, with whether Twilio's validator accepts its signature
    against the public URL (recorded before any view runs, so it works with or without the bot)."""
    seen: list[dict] = []

    @app.before_request
    def _record():
        if request.path.startswith("/whatsapp/"):
            validator = RequestValidator(config.webhook_auth_token)
            seen.append({
                "path": request.path,
                "form": request.form.to_dict(),
                "valid": validator.validate(config.base_url + request.path, request.form,
                                            request.headers.get("X-Twilio-Signature", "")),
            })

    return seen
