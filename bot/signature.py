"""Twilio's `X-Twilio-Signature`, checked against the public URL Twilio called.

Behind a proxy the internal URL differs from the one Twilio signed, so the URL is rebuilt from
PUBLIC_BASE_URL (config.base_url) and the request's path and query string.
"""

from __future__ import annotations

from twilio.request_validator import RequestValidator


def public_url(request, config) -> str:
    path = request.full_path if request.query_string else request.path
    return config.base_url + path


def valid_twilio_request(request, config) -> bool:
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    validator = RequestValidator(config.webhook_auth_token)
    return validator.validate(public_url(request, config), request.form, signature)
