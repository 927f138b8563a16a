"""What the simulator sends to our own webhooks: Twilio's forms, signed the way Twilio signs them.

The simulator plays Twilio in sandbox mode. It posts to `/whatsapp/webhook` and
`/whatsapp/status` through the app's own WSGI stack (no network hop, no dependency on the
public URL being reachable from inside), with `X-Twilio-Signature` computed by the `twilio`
library's `RequestValidator` over `config.base_url + path` and the token
`config.webhook_auth_token` — so the request takes exactly the production validation path.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from xml.etree import ElementTree

from flask import Flask
from twilio.request_validator import RequestValidator

WEBHOOK_PATH = "/whatsapp/webhook"
STATUS_PATH = "/whatsapp/status"
SANDBOX_ACCOUNT_SID = "AC" + "0" * 32
API_VERSION = "2010-04-01"


def new_sid(prefix: str = "SM") -> str:
    """A 34-character id shaped like Twilio's (`SM…` text, `MM…` with media)."""
    return prefix + uuid.uuid4().hex


@dataclass(frozen=True)
class Media:
    url: str
    content_type: str


def inbound_form(config, phone: str, body: str, *, media: Media | None = None, profile_name: str = "",
                 message_sid: str | None = None, tap: dict | None = None) -> dict[str, str]:
    """The form Twilio posts for one inbound WhatsApp message from `phone` (E.164). `tap`
    ({"kind": "button"|"list", "id", "title"}) is a tap on a reply button or a list row: Twilio
    posts the title as `Body` and `ButtonText`/`ButtonPayload` or `ListTitle`/`ListId`
    (https://www.twilio.com/docs/messaging/guides/webhook-request)."""
    sid = message_sid or new_sid("MM" if media else "SM")
    form = {
        "MessageSid": sid,
        "SmsMessageSid": sid,
        "SmsSid": sid,
        "AccountSid": config.twilio_account_sid or SANDBOX_ACCOUNT_SID,
        "From": f"whatsapp:{phone}",
        "To": config.twilio_whatsapp_number,
        "Body": body,
        "NumMedia": "1" if media else "0",
        "NumSegments": "1",
        "ProfileName": profile_name or "Pengguna Simulator",
        "WaId": phone.lstrip("+"),
        "MessageType": _message_type(media.content_type) if media else "text",
        "SmsStatus": "received",
        "ApiVersion": API_VERSION,
    }
    if media:
        form["MediaUrl0"] = media.url
        form["MediaContentType0"] = media.content_type
    if tap and tap.get("kind") == "button":
        form.update(Body=tap["title"], ButtonText=tap["title"], ButtonPayload=tap["id"], MessageType="button")
    elif tap and tap.get("kind") == "list":
        form.update(Body=tap["title"], ListTitle=tap["title"], ListId=tap["id"], MessageType="interactive")
    return form


def _message_type(content_type: str) -> str:
    """WhatsApp's type of an inbound medium (`image` for a photo, `document` for a PDF or a file)."""
    kind = content_type.split("/", 1)[0]
    return kind if kind in ("image", "video", "audio") else "document"


def status_form(config, phone: str, message_sid: str, status: str) -> dict[str, str]:
    """The form of Twilio's status callback for an outbound message to `phone`."""
    return {
        "MessageSid": message_sid,
        "SmsSid": message_sid,
        "MessageStatus": status,
        "SmsStatus": status,
        "AccountSid": config.twilio_account_sid or SANDBOX_ACCOUNT_SID,
        "From": config.twilio_whatsapp_number,
        "To": f"whatsapp:{phone}",
        "ApiVersion": API_VERSION,
        "ChannelPrefix": "whatsapp",
        "ChannelToAddress": phone,
    }


def signed_post(app: Flask, path: str, form: dict[str, str], *, auth_token: str | None = None):
    """POST `form` to `path` of `app`, signed as Twilio would sign it; returns the response.

    `auth_token` defaults to the app's webhook token (tests pass a wrong one on purpose).
    """
    config = app.config["APP_CONFIG"]
    token = config.webhook_auth_token if auth_token is None else auth_token
    signature = RequestValidator(token).compute_signature(config.base_url + path, form)
    return app.test_client().post(path, base_url=config.base_url, data=form, headers={"X-Twilio-Signature": signature})


def twiml_messages(payload: bytes) -> list[dict]:
    """The messages of a TwiML answer: [{"text", "media": [url, …]}] (empty when there are none)."""
    if not payload.strip():
        return []
    try:
        root = ElementTree.fromstring(payload)  # noqa: S314 - our own app's answer, not foreign input
    except ElementTree.ParseError:
        return [{"text": payload.decode(errors="replace"), "media": []}]
    out = []
    for message in root.iter("Message"):
        body = message.find("Body")
        text = body.text if body is not None else message.text
        media = [m.text.strip() for m in message.findall("Media") if m.text]
        out.append({"text": (text or "").strip(), "media": media})
    return out
