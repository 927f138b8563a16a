"""The webhook's edges: signatures, idempotency (also concurrent), Redis down, identities."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

import runtime
from jobs.conversation_sweeps import requeue_pending_documents
from jobs.sweeps import sweep_outbox
from storage import Applicant, Conversation, Document, InboundMessage, OutboxMessage, utcnow
from tests.bot.conftest import Chat, twiml_text
from tests.pdf_samples import blank_pdf
from tests.twilio_fake import inbound_params, signed_post


def _count(rt, model) -> int:
    with rt.sessions() as s:
        return s.scalar(select(func.count()).select_from(model))


def _nothing_stored(rt) -> bool:
    return _count(rt, InboundMessage) == 0 and _count(rt, Applicant) == 0 and _count(rt, Conversation) == 0


def test_missing_wrong_or_tampered_signature_is_refused_and_nothing_is_stored(client, config, rt):
    params = inbound_params("+6281234567890", "DAFTAR")
    url = config.base_url + "/whatsapp/webhook"
    assert client.post("/whatsapp/webhook", data=params).status_code == 403
    wrong = signed_post(client, "/whatsapp/webhook", params, auth_token="not-the-token", base_url=config.base_url)
    assert wrong.status_code == 403
    from twilio.request_validator import RequestValidator

    good_sig = RequestValidator(config.webhook_auth_token).compute_signature(url, params)
    tampered = client.post("/whatsapp/webhook", data={**params, "Body": "STATUS"}, headers={"X-Twilio-Signature": good_sig})
    assert tampered.status_code == 403
    other_host = signed_post(client, "/whatsapp/webhook", params, auth_token=config.webhook_auth_token,
                             base_url="http://internal:8000")
    assert other_host.status_code == 403
    assert _nothing_stored(rt)


def test_signature_covers_the_query_string_and_repeated_keys(client, config, rt):
    params = inbound_params("+6281234567890", "halo")
    path = "/whatsapp/webhook?tenant=rohil"
    ok = signed_post(client, path, params, auth_token=config.webhook_auth_token, base_url=config.base_url)
    assert ok.status_code == 200
    from twilio.request_validator import RequestValidator

    sig = RequestValidator(config.webhook_auth_token).compute_signature(config.base_url + path, params)
    dropped = client.post("/whatsapp/webhook", data={**params, "MessageSid": "SMother"}, headers={"X-Twilio-Signature": sig})
    assert dropped.status_code == 403
    # A repeated key the signer saw twice must be validated as both values (request.form itself).
    from werkzeug.datastructures import MultiDict

    second = dict(params, MessageSid="SM" + "9" * 32)
    multi = MultiDict([*second.items(), ("Extra", "a"), ("Extra", "b")])
    sig = RequestValidator(config.webhook_auth_token).compute_signature(config.base_url + "/whatsapp/webhook", multi)
    assert client.post("/whatsapp/webhook", data=multi, headers={"X-Twilio-Signature": sig}).status_code == 200
    assert _count(rt, InboundMessage) == 2


def test_a_repeated_message_sid_has_no_second_effect(client, config, rt, seeded, fake_twilio):
    chat = Chat(client, config, rt, fake_twilio)
    chat.send("DAFTAR")
    assert "*NIK*" in chat.send("Siti Aminah", message_sid="SM" + "1" * 32)
    assert chat.send("Siti Aminah", message_sid="SM" + "1" * 32) == ""
    with rt.sessions() as s:
        conv = s.scalar(select(Conversation))
        assert conv.step == "nik"
    assert _count(rt, InboundMessage) == 2


def test_two_concurrent_deliveries_of_one_message_are_handled_once(app, config, rt, seeded):
    params = inbound_params("+6281234567890", "DAFTAR", message_sid="SM" + "2" * 32)
    results: list = []
    barrier = threading.Barrier(2)

    def deliver():
        client = app.test_client()
        barrier.wait()
        r = signed_post(client, "/whatsapp/webhook", params, auth_token=config.webhook_auth_token, base_url=config.base_url)
        results.append((r.status_code, twiml_text(r.data)))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(code for code, _ in results) == [200, 200]
    assert sorted(bool(text) for _, text in results) == [False, True]
    assert _count(rt, InboundMessage) == 1 and _count(rt, Conversation) == 1


def test_redis_down_still_answers_200_and_loses_nothing(app, config, rt, seeded, fake_twilio, run_jobs):
    from app import create_app
    from tests.bot.conftest import register_and_activate, start_application

    down = create_app(config.with_(redis_url="redis://127.0.0.1:1/0"))  # a closed port
    try:
        offline = Chat(down.test_client(), config, down.extensions["runtime"], fake_twilio)
        register_and_activate(offline)  # the activation code is an outbox row, not yet queued
        start_application(offline)
        assert offline.send("", pdfs=[blank_pdf(1)]) == ""  # the document job answers, once it runs
    finally:
        runtime.init(config)
    with rt.sessions() as s:
        assert s.scalar(select(Document.status)) == "pending"
        code_row = s.scalar(select(OutboxMessage).where(OutboxMessage.key == "bot.act.code"))
        assert code_row.status == "pending"
    # Once Redis is back, the sweeps catch up: the document is checked, the message is sent.
    later = utcnow() + timedelta(minutes=11)
    assert requeue_pending_documents(now=later) == 1
    assert sweep_outbox(now=later) >= 1
    run_jobs()
    with rt.sessions() as s:
        assert s.scalar(select(Document.status)) == "accepted"
        assert s.get(OutboxMessage, code_row.id).status == "sent"


def test_identity_fields_are_kept_and_a_business_scoped_id_is_accepted(client, config, rt, seeded, fake_twilio):
    chat = Chat(client, config, rt, fake_twilio, number="+6281234567890")
    chat.send("halo", profile_name="Bu Siti", wa_id="6281234567890")
    bsuid = Chat(client, config, rt, fake_twilio, number="US.13491208655302741918")
    assert "Daftar akun" in bsuid.send("halo", wa_id="")
    with rt.sessions() as s:
        a = s.scalar(select(Applicant).where(Applicant.whatsapp == "+6281234567890"))
        assert (a.wa_id, a.profile_name) == ("6281234567890", "Bu Siti") and a.last_inbound_at is not None
        assert s.scalar(select(Applicant).where(Applicant.whatsapp == "US.13491208655302741918")) is not None
        message = s.scalar(select(InboundMessage).where(InboundMessage.sender == "+6281234567890"))
        assert message.payload["ProfileName"] == "Bu Siti" and message.processed_at is not None


def test_signed_request_without_a_message_is_answered_and_not_stored(client, config, rt):
    r = signed_post(client, "/whatsapp/webhook", {"AccountSid": "AC1"}, auth_token=config.webhook_auth_token,
                    base_url=config.base_url)
    assert r.status_code == 200 and twiml_text(r.data) == ""
    assert _nothing_stored(rt)


def test_long_answers_are_split_within_twilios_limit():
    from bot.webhook import MAX_BODY, bodies

    texts = ["a" * 700, "b" * 700, "\n".join(["c" * 100] * 30)]
    out = bodies(texts)
    assert all(len(body) <= MAX_BODY for body in out)
    assert out[0] == "a" * 700 + "\n\n" + "b" * 700
    assert "".join(out).replace("\n", "").count("c") == 3000
    assert bodies(["x" * 4000]) == ["x" * 1600, "x" * 1600, "x" * 800]


def test_a_nul_in_body_or_profile_name_is_stored_and_answered(chat, rt):
    """Issue 16: PostgreSQL's text holds no NUL; the message used to be lost (a 500). It is kept
    without the NUL, and answered like any other."""
    reply = chat.send("MEN\x00U", profile_name="Siti\x00 Aminah")
    assert "1. Daftar akun" in reply
    with rt.transaction() as s:
        row = s.scalar(select(InboundMessage).order_by(InboundMessage.id.desc()))
        assert row.body == "MENU" and row.payload["ProfileName"] == "Siti Aminah"
