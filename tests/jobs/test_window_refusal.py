"""WhatsApp's verdict on the 24-hour window wins over our clock: a free-form message that Twilio
refuses with 63016, at creation (400) or later in a signed status callback (`failed`,
ErrorCode 63016), goes again as its template, once; without a template the row fails with 63016.
The stand-in refuses as Twilio does (tests/twilio_fake.py: close_window)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from storage import OutboxMessage, utcnow
from storage.outbox import queue_message
from tests import factories
from tests.jobs.conftest import FAST, drain

TEMPLATE = "HX" + "c" * 32


@pytest.fixture
def deployment(app, config, fake_twilio):
    """A deployment with a Twilio account (the stand-in) and an approved dpmptsp_completed."""
    from app import create_app
    from tests.twilio_fake import ACCOUNT_SID, AUTH_TOKEN

    def make(content_sids=None):
        cfg = config.with_(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN,
                           twilio_api_base_url=fake_twilio.api_url,
                           **FAST, whatsapp_content_sids=json.dumps({"dpmptsp_completed": TEMPLATE} if content_sids is None else content_sids))
        made = create_app(cfg)
        return made, made.extensions["runtime"]

    return make


def _queue(rt, key="notice.completed", phone="+6281234567890") -> tuple[int, str]:
    """A notice to an applicant who wrote five minutes ago: inside the window by our clock."""
    with rt.transaction() as s:
        who = factories.applicant(s, whatsapp=phone, nik=f"14070141070{phone[-5:]}")
        who.last_inbound_at = utcnow() - timedelta(minutes=5)
        row = queue_message(s, recipient=who.whatsapp, key=key, applicant_id=who.id,
                            variables={"tracking_code": "APS-2026-000042"})
        return row.id, who.whatsapp


def _row(rt, message_id) -> OutboxMessage:
    with rt.transaction() as s:
        return s.get(OutboxMessage, message_id)


def _posts(fake) -> list[dict]:
    return [r for r in fake.api_requests if r["method"] == "POST"]


def test_63016_at_creation_sends_the_template_once(deployment, fake_twilio):
    app, rt = deployment()
    message_id, phone = _queue(rt)
    fake_twilio.close_window(phone, refuse="creation")
    drain(rt)
    first, second = _posts(fake_twilio)
    assert "Body" in first["form"] and "ContentSid" not in first["form"]  # our clock said: inside
    assert second["form"]["ContentSid"] == TEMPLATE and "Body" not in second["form"]
    assert json.loads(second["form"]["ContentVariables"]) == {"1": "APS-2026-000042"}
    [template] = fake_twilio.messages
    row = _row(rt, message_id)
    assert (row.status, row.twilio_sid, row.content_sid, row.error_code) == ("sent", template["sid"], TEMPLATE, "63016")
    assert row.refused_at is not None and "template" in row.error_message
    drain(rt)
    assert len(_posts(fake_twilio)) == 2  # nothing more


def test_63016_in_the_status_callback_sends_the_template_once(deployment, fake_twilio):
    app, rt = deployment()
    client = app.test_client()
    message_id, phone = _queue(rt)
    fake_twilio.close_window(phone)  # Twilio accepts the message, then fails it
    drain(rt)
    [free] = fake_twilio.messages
    assert "Body" in free and _row(rt, message_id).twilio_sid == free["sid"]
    assert [r.status_code for r in fake_twilio.post_callbacks(client)] == [204]
    drain(rt)
    free, template = fake_twilio.messages
    assert template["ContentSid"] == TEMPLATE and "Body" not in template
    row = _row(rt, message_id)
    assert (row.status, row.twilio_sid, row.refused_sid, row.error_code) == ("sent", template["sid"], free["sid"], "63016")
    # Twilio repeats its verdict on the refused send, then reports the template delivered.
    from tests.twilio_fake import signed_post

    for sid, status, code in ((free["sid"], "failed", "63016"), (free["sid"], "undelivered", "63016"), (template["sid"], "delivered", "")):
        params = {"MessageSid": sid, "MessageStatus": status, "ErrorCode": code}
        assert signed_post(client, f"/whatsapp/status?outbox={message_id}", params, auth_token=fake_twilio.auth_token,
                           base_url=rt.config.base_url).status_code == 204
    drain(rt)
    assert len(fake_twilio.messages) == 2 and fake_twilio.callbacks == []
    assert (_row(rt, message_id).status, _row(rt, message_id).twilio_sid) == ("delivered", template["sid"])


def test_a_refused_message_without_a_template_fails_with_63016(deployment, fake_twilio):
    app, rt = deployment(content_sids={})
    late_id, late_phone = _queue(rt)
    fake_twilio.close_window(late_phone)
    drain(rt)
    fake_twilio.post_callbacks(app.test_client())
    drain(rt)
    row = _row(rt, late_id)
    assert (row.status, row.error_code) == ("failed", "63016") and "no approved template" in row.error_message
    assert len(fake_twilio.messages) == 1

    soon_id, soon_phone = _queue(rt, phone="+6281299990000")
    fake_twilio.close_window(soon_phone, refuse="creation")
    drain(rt)
    row = _row(rt, soon_id)
    assert (row.status, row.error_code, row.refused_at is not None) == ("failed", "63016", True)
    assert len([p for p in _posts(fake_twilio) if p["form"]["To"] == f"whatsapp:{soon_phone}"]) == 1


def test_a_63016_callback_before_the_sid_is_recorded_still_resends(deployment, fake_twilio):
    """The callback beat the worker's own write: kept, then applied when the SID is recorded."""
    from jobs import status as message_status

    app, rt = deployment()
    message_id, phone = _queue(rt)
    with rt.transaction() as s:
        assert message_status.apply(s, rt.redis, "SM" + "9" * 32, "failed", "63016") == "early"
        row = s.get(OutboxMessage, message_id)
        row.twilio_sid, row.status = "SM" + "9" * 32, "sent"
    with rt.transaction() as s:
        assert message_status.apply_early(s, rt.redis, "SM" + "9" * 32) == 1
        assert message_status.resend_of(s, "SM" + "9" * 32).id == message_id
    from runtime.queues import enqueue_delivery

    enqueue_delivery(rt.redis, message_id, "notice", 1)
    drain(rt)
    [template] = fake_twilio.messages
    assert template["ContentSid"] == TEMPLATE and _row(rt, message_id).refused_sid == "SM" + "9" * 32


def test_other_permanent_failures_are_not_taken_for_the_window(deployment, fake_twilio):
    app, rt = deployment()
    message_id, _ = _queue(rt)
    fake_twilio.fail_next(400, code=63003)
    drain(rt)
    row = _row(rt, message_id)
    assert (row.status, row.error_code, row.refused_at) == ("failed", "63003", None)
    assert len(_posts(fake_twilio)) == 1
