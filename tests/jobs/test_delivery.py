"""Outbox delivery through a real RQ worker to the Twilio stand-in over HTTP: what is sent,
retries, permanent failures, the 24-hour window, media links, the sandbox."""

from __future__ import annotations

import json
from datetime import timedelta

import time_machine

from runtime.queues import enqueue_delivery
from storage import Document, OutboxMessage, utcnow
from storage.outbox import queue_message
from tests import factories
from tests.jobs.conftest import drain, make_runtime


def _queue(rt, *, key="notice.completed", variables=None, last_inbound=timedelta(minutes=5), **kw):
    with rt.transaction() as s:
        who = factories.applicant(s)
        who.last_inbound_at = utcnow() - last_inbound if last_inbound is not None else None
        row = queue_message(s, recipient=who.whatsapp, key=key, applicant_id=who.id,
                            variables=variables or {"tracking_code": "APS-2026-000001"}, **kw)
    return row.id


def _row(rt, message_id) -> OutboxMessage:
    with rt.transaction() as s:
        return s.get(OutboxMessage, message_id)


def test_a_message_goes_to_twilio_with_its_callback_and_the_sid_is_kept(twilio_rt, fake_twilio):
    message_id = _queue(twilio_rt)
    drain(twilio_rt)
    [sent] = fake_twilio.messages
    assert sent["To"] == "whatsapp:+6281234567890" and sent["From"] == "whatsapp:+14155238886"
    assert "APS-2026-000001" in sent["Body"] and "ContentSid" not in sent
    assert sent["StatusCallback"] == f"http://testserver.local/whatsapp/status?outbox={message_id}"
    row = _row(twilio_rt, message_id)
    assert (row.status, row.twilio_sid, row.attempts, row.error_code) == ("sent", sent["sid"], 1, None)
    assert row.body == sent["Body"] and row.lease_until is None


def test_a_job_that_runs_twice_sends_once(twilio_rt, fake_twilio):
    message_id = _queue(twilio_rt)
    enqueue_delivery(twilio_rt.redis, message_id)
    enqueue_delivery(twilio_rt.redis, message_id)
    drain(twilio_rt)
    assert len(fake_twilio.messages) == 1
    assert _row(twilio_rt, message_id).attempts == 1


def test_429_and_503_are_retried_and_delivered_once(twilio_rt, fake_twilio):
    fake_twilio.fail_next(429)
    fake_twilio.fail_next(503)
    message_id = _queue(twilio_rt)
    drain(twilio_rt)
    assert len(fake_twilio.messages) == 1
    row = _row(twilio_rt, message_id)
    assert (row.status, row.attempts, row.error_code) == ("sent", 3, None)
    assert len([r for r in fake_twilio.api_requests if r["method"] == "POST"]) == 3


def test_transient_errors_give_up_after_five_tries_with_the_code(twilio_rt, fake_twilio):
    fake_twilio.fail_next(503, times=5)
    message_id = _queue(twilio_rt)
    drain(twilio_rt)
    row = _row(twilio_rt, message_id)
    assert (row.status, row.attempts, row.error_code) == ("failed", 5, "503")
    assert fake_twilio.messages == []


def test_a_permanent_error_is_marked_failed_with_its_code_and_not_retried(twilio_rt, fake_twilio):
    fake_twilio.fail_next(400, code=21610)
    message_id = _queue(twilio_rt)
    drain(twilio_rt)
    row = _row(twilio_rt, message_id)
    assert (row.status, row.attempts, row.error_code) == ("failed", 1, "21610")
    assert "fake failure" in row.error_message
    assert len(fake_twilio.api_requests) == 1


def test_a_timeout_is_retried_and_the_message_sent_once(app, config, fake_twilio):
    from tests.twilio_fake import ACCOUNT_SID, AUTH_TOKEN

    rt = make_runtime(config.with_(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN,
                                   twilio_api_base_url=fake_twilio.api_url), twilio_http_timeout=0.3)
    fake_twilio.slow_next(5)
    message_id = _queue(rt)
    drain(rt)
    row = _row(rt, message_id)
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(fake_twilio.messages) == 1


def _ambiguous_runtime(config, fake_twilio):
    """A deployment whose sends time out after 0.3 s and which waits a minute before trying again."""
    from app import create_app
    from tests.jobs.conftest import FAST
    from tests.twilio_fake import ACCOUNT_SID, AUTH_TOKEN

    cfg = config.with_(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_api_base_url=fake_twilio.api_url,
                       **{**FAST, "twilio_http_timeout": 0.3, "outbox_ambiguous_wait_seconds": 60})
    app = create_app(cfg)
    return app, app.extensions["runtime"]


def _status_callback(app, url: str, sid: str, status: str):
    """Twilio's callback to the StatusCallback URL it was given, signed like Twilio signs it."""
    from tests.twilio_fake import signed_post

    rt = app.extensions["runtime"]
    path = url.removeprefix(rt.config.base_url)
    params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": rt.config.twilio_account_sid}
    return signed_post(app.test_client(), path, params, auth_token=rt.config.webhook_auth_token, base_url=rt.config.base_url)


def test_a_send_that_timed_out_but_reached_twilio_is_not_sent_again(app, config, fake_twilio):
    """Twilio took the message but its answer was lost: the retry waits; Twilio's status callback,
    which names our row, arrives meanwhile; the row takes that SID and the retry sends nothing."""
    app, rt = _ambiguous_runtime(config, fake_twilio)
    fake_twilio.slow_next(5, accepted=True)
    message_id = _queue(rt)
    drain(rt)
    row = _row(rt, message_id)
    assert (row.status, row.error_code, row.twilio_sid) == ("pending", "timeout", None)
    assert row.next_attempt_at > utcnow() + timedelta(seconds=50)  # waits for the callback, not 2 s
    [taken] = fake_twilio.messages

    assert _status_callback(app, taken["StatusCallback"], taken["sid"], "sent").status_code == 204
    row = _row(rt, message_id)
    assert (row.status, row.twilio_sid, row.error_code) == ("sent", taken["sid"], None)

    enqueue_delivery(rt.redis, message_id, attempts=1)  # the waiting retry comes due
    drain(rt)
    assert len(fake_twilio.messages) == 1
    assert _row(rt, message_id).attempts == 1
    assert _status_callback(app, taken["StatusCallback"], taken["sid"], "delivered").status_code == 204
    assert _row(rt, message_id).status == "delivered"


def test_without_a_callback_the_timed_out_send_is_tried_again(app, config, fake_twilio):
    app, rt = _ambiguous_runtime(config, fake_twilio)
    fake_twilio.slow_next(5)  # the client hung up before Twilio took it: nothing to report
    message_id = _queue(rt)
    drain(rt)
    assert fake_twilio.messages == [] and _row(rt, message_id).status == "pending"
    with time_machine.travel(utcnow() + timedelta(seconds=61)):
        enqueue_delivery(rt.redis, message_id, attempts=1)
        drain(rt)
    row = _row(rt, message_id)
    assert (row.status, row.attempts) == ("sent", 2) and len(fake_twilio.messages) == 1


def test_a_timed_out_send_that_reached_twilio_is_found_there_without_a_callback(app, config, fake_twilio):
    """Issue 16: no callback came (lost, or not yet), yet Twilio has the message. The retry looks
    it up in Twilio's Messages list (by To and From), adopts its SID, sends nothing."""
    app, rt = _ambiguous_runtime(config, fake_twilio)
    fake_twilio.slow_next(5, accepted=True)
    other = _queue(rt)  # the same person's other message, already sent: never taken for this one
    drain(rt)
    fake_twilio.slow_next(5, accepted=True)
    with rt.transaction() as s:
        first = s.get(OutboxMessage, other)
        message_id = queue_message(s, recipient=first.recipient, key=first.key, applicant_id=first.applicant_id,
                                   variables=first.variables).id
    drain(rt)
    assert len(fake_twilio.messages) == 2 and _row(rt, message_id).status == "pending"
    with time_machine.travel(utcnow() + timedelta(seconds=61)):
        enqueue_delivery(rt.redis, other, attempts=1)
        drain(rt)
        enqueue_delivery(rt.redis, message_id, attempts=1)
        drain(rt)
    assert len(fake_twilio.messages) == 2  # nothing sent twice
    rows = [_row(rt, other), _row(rt, message_id)]
    assert [(r.status, r.error_code, r.attempts) for r in rows] == [("sent", None, 2)] * 2
    # Each row took one of the two messages Twilio holds (the same text to the same person: either way round).
    assert {r.twilio_sid for r in rows} == {m["sid"] for m in fake_twilio.messages}
    lookups = [r for r in fake_twilio.api_requests if r["method"] == "GET" and r["path"].endswith("/Messages.json")]
    # Not by DateSent: a message Twilio still holds queued has no date_sent (tests/jobs/test_resilience.py).
    assert lookups and all("To=whatsapp" in r["query"] and "DateSent" not in r["query"] for r in lookups)


def test_a_callback_naming_a_row_that_was_not_ambiguous_changes_nothing(app, config, fake_twilio):
    """Only a row whose last try timed out can take a SID from a callback: a forged or stray
    ?outbox= cannot relabel a sent message or a pending one."""
    app, rt = _ambiguous_runtime(config, fake_twilio)
    message_id = _queue(rt)
    drain(rt)
    sent = _row(rt, message_id)
    with rt.transaction() as s:
        pending_id = queue_message(s, recipient=sent.recipient, key="notice.completed", applicant_id=sent.applicant_id,
                                   variables={"tracking_code": "APS-2026-000002"}).id  # not sent yet: no job run
    for target in (message_id, pending_id):
        url = f"{rt.config.base_url}/whatsapp/status?outbox={target}"
        assert _status_callback(app, url, "SM" + "e" * 32, "delivered").status_code == 204
    assert _row(rt, message_id).twilio_sid == sent.twilio_sid
    assert (_row(rt, pending_id).status, _row(rt, pending_id).twilio_sid) == ("pending", None)


def test_inside_the_window_free_text_outside_a_template(app, config, fake_twilio):
    from tests.twilio_fake import ACCOUNT_SID, AUTH_TOKEN

    rt = make_runtime(config.with_(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN,
                                   twilio_api_base_url=fake_twilio.api_url),
                      whatsapp_content_sids=json.dumps({"dpmptsp_stage_update": {"id": "HX" + "1" * 32}}))
    variables = {"tracking_code": "APS-2026-000007", "stage": "verification", "due": "2026-12-01T10:00:00+07:00"}
    with time_machine.travel(utcnow(), tick=False) as clock:
        with rt.transaction() as s:
            who = factories.applicant(s)
            who.last_inbound_at = utcnow()
            applicant_id, phone = who.id, who.whatsapp

        def send():
            with rt.transaction() as s:
                row = queue_message(s, recipient=phone, key="notice.stage_entered", applicant_id=applicant_id, variables=variables)
            drain(rt)
            return _row(rt, row.id), fake_twilio.messages[-1]

        clock.shift(timedelta(hours=23, minutes=59))
        row, sent = send()
        assert "Body" in sent and "ContentSid" not in sent and row.content_sid is None

        clock.shift(timedelta(minutes=2))  # 24 h and 1 min after the applicant last wrote
        row, sent = send()
        assert sent["ContentSid"] == "HX" + "1" * 32 and "Body" not in sent

        assert json.loads(sent["ContentVariables"]) == {
            "1": "APS-2026-000007", "2": "diverifikasi oleh Sub Koordinator Perizinan", "3": "Selasa, 1 Desember 2026 pukul 10.00 WIB",
        }
        assert row.content_sid == "HX" + "1" * 32 and row.status == "sent" and row.error_code is None


def test_outside_the_window_without_a_template_sends_text_and_records_the_gap(twilio_rt, fake_twilio):
    message_id = _queue(twilio_rt, key="notice.completed", last_inbound=timedelta(days=3))
    drain(twilio_rt)
    row = _row(twilio_rt, message_id)
    assert "Body" in fake_twilio.messages[0]
    assert (row.status, row.error_code) == ("sent", "no_template")
    assert "notice.completed" in row.error_message


def test_a_document_goes_as_an_expiring_signed_media_link(twilio_rt, fake_twilio, client):
    pdf = b"%PDF-1.4 receipt"
    digest = twilio_rt.files.put_bytes(pdf)
    message_id = _queue_with_document(twilio_rt, digest)
    drain(twilio_rt)
    media = fake_twilio.messages[0]["MediaUrl"]
    assert media.startswith("http://testserver.local/media/")
    path = media.removeprefix("http://testserver.local")
    answer = client.get(path)
    assert answer.status_code == 200 and answer.data == pdf and answer.mimetype == "application/pdf"
    assert "filename=" in answer.headers["Content-Disposition"]
    assert client.get(path[:-3] + "abc").status_code == 404  # tampered
    with time_machine.travel(utcnow() + timedelta(hours=7)):
        assert client.get(path).status_code == 404  # expired
    assert _row(twilio_rt, message_id).status == "sent"


def _queue_with_document(rt, digest) -> int:
    from cli import seed_demo
    from workflow import engine

    with rt.transaction() as s:
        seed_demo(s)
        who = factories.applicant(s)
        who.last_inbound_at = utcnow()
        application = engine.start(s, applicant=who, service=factories.service(s))
        doc = Document(filename="tanda-terima.pdf", kind="receipt", sha256=digest, size=16, pages=1, status="accepted")
        application.documents.append(doc)
        s.flush()
        row = queue_message(s, recipient=who.whatsapp, key="notice.completed", applicant_id=who.id,
                            variables={"tracking_code": "APS-2026-000002"}, document_id=doc.id)
    return row.id


def test_sandbox_records_the_message_as_sent_with_its_text(sandbox_rt, fake_twilio):
    message_id = _queue(sandbox_rt, last_inbound=None)
    drain(sandbox_rt)
    row = _row(sandbox_rt, message_id)
    assert row.status == "sent" and row.twilio_sid.startswith("SB") and "APS-2026-000001" in row.body
    assert row.error_code is None
    assert fake_twilio.messages == []


def test_a_message_that_cannot_be_rendered_fails_once_and_is_not_swept_again(twilio_rt, fake_twilio):
    from jobs.sweeps import sweep_outbox

    message_id = _queue(twilio_rt, key="no.such.key")
    drain(twilio_rt)
    row = _row(twilio_rt, message_id)
    assert (row.status, row.error_code) == ("failed", "render")
    assert "no.such.key" in row.error_message
    assert sweep_outbox() == 0 and fake_twilio.api_requests == []
