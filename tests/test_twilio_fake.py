"""The Twilio stand-in behaves like Twilio where our code depends on it."""

from __future__ import annotations

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from tests.twilio_fake import inbound_params


def _client(fake) -> Client:
    client = Client(fake.account_sid, fake.auth_token, http_client=TwilioHttpClient())
    client.api.base_url = fake.api_url  # as TWILIO_API_BASE_URL would
    return client


def test_messages_endpoint_with_the_official_client(fake_twilio):
    msg = _client(fake_twilio).messages.create(to="whatsapp:+62811", from_="whatsapp:+14155238886", body="halo")
    assert msg.sid.startswith("SM") and msg.status == "queued"
    assert fake_twilio.messages[0]["Body"] == "halo"


def test_failures_on_demand(fake_twilio):
    fake_twilio.fail_next(400, code=63016)
    try:
        _client(fake_twilio).messages.create(to="whatsapp:+62811", from_="whatsapp:+1", body="x")
        raise AssertionError("expected an error")
    except TwilioRestException as exc:
        assert exc.status == 400 and exc.code == 63016


def test_media_redirects_to_the_cdn(fake_twilio):
    url = fake_twilio.add_media(b"%PDF-1.4", not_found_first=1)
    auth = (fake_twilio.account_sid, fake_twilio.auth_token)
    assert requests.get(url, auth=auth, timeout=5).status_code == 404
    res = requests.get(url, auth=auth, allow_redirects=False, timeout=5)
    assert res.status_code == 307
    cdn = requests.get(res.headers["Location"], timeout=5)
    assert cdn.content == b"%PDF-1.4" and fake_twilio.cdn_requests[-1]["authorization"] is None


def test_inbound_params_sign_like_twilio():
    params = inbound_params("+6281234567890", "halo")
    sig = RequestValidator("tok").compute_signature("https://x/whatsapp/webhook", params)
    assert RequestValidator("tok").validate("https://x/whatsapp/webhook", params, sig)
    assert params["From"] == "whatsapp:+6281234567890" and params["WaId"] == "6281234567890"
