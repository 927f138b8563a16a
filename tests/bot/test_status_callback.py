"""POST /whatsapp/status: signed like the webhook; a status only moves forward, in any order."""

from __future__ import annotations

import pytest

from jobs import status as message_status
from storage import OutboxMessage
from storage.outbox import queue_message
from tests.twilio_fake import signed_post


@pytest.fixture
def sent(rt):
    with rt.transaction() as s:
        row = queue_message(s, recipient="+6281234567890", key="notice.completed")
        row.status, row.twilio_sid = "sent", "SM" + "a" * 32
    return row.id


def _post(client, config, sid, status, **extra):
    params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32, **extra}
    return signed_post(client, "/whatsapp/status", params, auth_token=config.webhook_auth_token, base_url=config.base_url)


def _status(rt, message_id):
    with rt.transaction() as s:
        row = s.get(OutboxMessage, message_id)
        return row.status, row.error_code


@pytest.mark.parametrize(
    ("sequence", "expected"),
    [
        (["sent", "delivered", "read"], ("read", None)),
        (["read", "delivered", "sent"], ("read", None)),  # reversed: read stays
        (["delivered", "queued", "sent"], ("delivered", None)),
        (["delivered", "delivered"], ("delivered", None)),  # a repeat changes nothing
        (["failed", "delivered", "read"], ("failed", "30008")),  # failed stays
        (["sent", "undelivered", "sent"], ("undelivered", "30008")),
    ],
)
def test_status_only_moves_forward(client, config, rt, sent, sequence, expected):
    for status in sequence:
        # (63016, outside the window, is not a failure but a re-send: tests/jobs/test_window_refusal.py)
        extra = {"ErrorCode": "30008", "ErrorMessage": "unknown error"} if status in ("failed", "undelivered") else {}
        assert _post(client, config, "SM" + "a" * 32, status, **extra).status_code == 204
    assert _status(rt, sent) == expected


def test_a_late_failure_does_not_undo_a_delivery(client, config, rt, sent):
    _post(client, config, "SM" + "a" * 32, "delivered")
    _post(client, config, "SM" + "a" * 32, "failed", ErrorCode="30008")
    assert _status(rt, sent) == ("delivered", None)


def test_unsigned_or_wrongly_signed_callbacks_are_refused(client, config, rt, sent):
    params = {"MessageSid": "SM" + "a" * 32, "MessageStatus": "read"}
    assert client.post("/whatsapp/status", data=params).status_code == 403
    bad = signed_post(client, "/whatsapp/status", params, auth_token="wrong", base_url=config.base_url)
    assert bad.status_code == 403
    assert _status(rt, sent) == ("sent", None)


def test_unknown_status_words_are_acknowledged_and_ignored(client, config, rt, sent):
    assert _post(client, config, "SM" + "a" * 32, "teleported").status_code == 204
    assert _post(client, config, "", "read").status_code == 204
    assert _status(rt, sent) == ("sent", None)


def test_a_callback_before_the_sid_is_recorded_is_applied_when_it_is(client, config, rt):
    early_sid = "SM" + "b" * 32
    assert _post(client, config, early_sid, "delivered").status_code == 204
    with rt.transaction() as s:
        row = queue_message(s, recipient="+6281234567890", key="notice.completed")
        row.status, row.twilio_sid = "sent", early_sid
    with rt.transaction() as s:
        assert message_status.apply_early(s, rt.redis, early_sid) == 1
    assert _status(rt, row.id) == ("delivered", None)
    with rt.transaction() as s:
        assert message_status.apply_early(s, rt.redis, early_sid) == 0


def test_an_early_callback_for_an_unknown_sid_is_kept_not_lost(client, config, rt):
    sid = "SM" + "c" * 32
    assert _post(client, config, sid, "read").status_code == 204
    assert _post(client, config, sid, "delivered").status_code == 204
    assert rt.redis.llen(f"outbox:early-status:{sid}") == 2
    with rt.transaction() as s:
        assert message_status.apply_early(s, rt.redis, sid) == 0  # no row yet: still kept
    assert rt.redis.llen(f"outbox:early-status:{sid}") == 2
