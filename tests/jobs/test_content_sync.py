"""`flask whatsapp sync` against the Twilio stand-in's Content API: every resource created once,
templates submitted for WhatsApp's approval and their verdict read back into the database; the
outbox then sends the synced templates, and a notice's document travels in an approved media
template's header."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from jobs.contents import definitions
from jobs.templates import templates
from storage import Document, OutboxMessage, WhatsAppContent, utcnow
from storage.contents import interactive_names
from storage.outbox import queue_message
from tests import factories
from tests.jobs.conftest import FAST, drain


@pytest.fixture
def deployment(app, config, fake_twilio):
    from app import create_app
    from tests.twilio_fake import ACCOUNT_SID, AUTH_TOKEN

    cfg = config.with_(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_api_base_url=fake_twilio.api_url,
                       twilio_content_base_url=fake_twilio.api_url, **FAST)
    made = create_app(cfg)
    return made, made.extensions["runtime"]


def _sync(app):
    result = app.test_cli_runner().invoke(args=["whatsapp", "sync"])
    assert result.exit_code == 0, result.output
    return result.output


def _rows(rt) -> dict:
    with rt.transaction() as s:
        return {(r.name, r.language): (r.sid, r.approval, r.content_type) for r in s.scalars(select(WhatsAppContent))}


def _creates(fake) -> int:
    return len([r for r in fake.api_requests if r["method"] == "POST" and r["path"] == "/v1/Content"])


def test_sync_creates_every_resource_submits_the_templates_and_reads_their_status(deployment, fake_twilio):
    app, rt = deployment
    _sync(app)
    rows = _rows(rt)
    documents = [t for t in templates().values() if t.document]
    assert len(rows) == len(definitions(rt.config)) == 2 * len(templates()) + 2 * len(documents) + len(interactive_names())
    assert _creates(fake_twilio) == len(rows)
    assert rows[("dpmptsp_completed", "id")][1:] == ("received", "twilio/text")
    assert rows[("dpmptsp_accepted_dokumen", "en")][1:] == ("received", "twilio/media")
    assert rows[("dpmptsp_choice_buttons_3", "id")][1:] == ("not_needed", "twilio/quick-reply")
    assert rows[("dpmptsp_choice_list_desc_10", "id")][1:] == ("not_needed", "twilio/list-picker")
    assert ("dpmptsp_choice_list_10", "id") not in rows  # Twilio requires a description: every list carries one
    created = fake_twilio.contents[rows[("dpmptsp_completed", "en")][0]]
    assert created["language"] == "en" and created["variables"] == {"1": "tracking code"}
    assert created["types"]["twilio/text"]["body"] == templates()["notice.completed"].texts["en"]
    assert created["approval"]["category"] == "UTILITY" and created["approval"]["name"] == "dpmptsp_completed_en"
    media = fake_twilio.contents[rows[("dpmptsp_accepted_dokumen", "id")][0]]["types"]["twilio/media"]
    assert media["media"] == ["http://testserver.local/media/{{4}}"]
    buttons = fake_twilio.contents[rows[("dpmptsp_choice_buttons_2", "id")][0]]["types"]["twilio/quick-reply"]
    assert buttons == {"body": "{{1}}", "actions": [{"title": "{{2}}", "id": "{{3}}"}, {"title": "{{4}}", "id": "{{5}}"}]}
    assert not any("approval" in c for c in fake_twilio.contents.values() if "twilio/list-picker" in c["types"])

    fake_twilio.review()  # WhatsApp's reviewers approve what follows Meta's rules
    output = _sync(app)
    assert _creates(fake_twilio) == len(rows)  # nothing created again
    assert "dpmptsp_completed [id] twilio/text" in output and "approved" in output
    assert {approval for (_, approval, kind) in _rows(rt).values() if kind in ("twilio/text", "twilio/media")} == {"approved"}


def test_a_changed_definition_is_created_anew_and_the_old_one_deleted(deployment, fake_twilio):
    app, rt = deployment
    _sync(app)
    with rt.transaction() as s:
        row = s.scalar(select(WhatsAppContent).where(WhatsAppContent.name == "dpmptsp_completed", WhatsAppContent.language == "id"))
        old_sid, row.digest = row.sid, "changed"
    _sync(app)
    new_sid = _rows(rt)[("dpmptsp_completed", "id")][0]
    assert new_sid != old_sid and old_sid not in fake_twilio.contents and new_sid in fake_twilio.contents
    assert {"method": "DELETE", "path": f"/v1/Content/{old_sid}"} in fake_twilio.api_requests
    assert _rows(rt)[("dpmptsp_completed", "id")][1] == "received"  # submitted again


def test_the_outbox_uses_approved_synced_templates_and_not_rejected_ones(deployment, fake_twilio):
    app, rt = deployment
    _sync(app)
    fake_twilio.review()
    _sync(app)
    with rt.transaction() as s:
        who = factories.applicant(s)
        who.last_inbound_at = utcnow() - timedelta(days=2)
        queue_message(s, recipient=who.whatsapp, key="notice.completed", applicant_id=who.id,
                      variables={"tracking_code": "APS-2026-000009"})
        s.execute(WhatsAppContent.__table__.update().where(WhatsAppContent.name == "dpmptsp_cancelled").values(approval="rejected"))
        queue_message(s, recipient=who.whatsapp, key="notice.cancelled", applicant_id=who.id,
                      variables={"tracking_code": "APS-2026-000009"})
    drain(rt)
    completed, cancelled = fake_twilio.messages
    assert completed["ContentSid"] == _rows(rt)[("dpmptsp_completed", "id")][0]
    assert "ContentSid" not in cancelled  # rejected: no usable template
    with rt.transaction() as s:
        assert [r.error_code for r in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))] == [None, "no_template"]


def test_an_approved_media_template_carries_the_document_outside_the_window(deployment, fake_twilio):
    app, rt = deployment
    _sync(app)
    fake_twilio.review()
    _sync(app)
    pdf = factories.pdf_bytes("Tanda Terima")
    with rt.transaction() as s:
        from cli import seed_demo
        from workflow import engine

        seed_demo(s)
        who = factories.applicant(s)
        who.last_inbound_at = utcnow() - timedelta(days=2)
        application = engine.start(s, applicant=who, service=factories.service(s))
        doc = Document(filename="Tanda Terima APS.pdf", kind="receipt", sha256=rt.files.put_bytes(pdf), size=len(pdf),
                       pages=1, status="accepted")
        application.documents.append(doc)
        s.flush()
        queue_message(s, recipient=who.whatsapp, key="notice.accepted", applicant_id=who.id, application_id=application.id,
                      document_id=doc.id, variables={"tracking_code": "APS-2026-000010", "stage": "technical_review",
                                                     "due": "2026-12-08T16:00:00+07:00"})
    drain(rt)
    [sent] = fake_twilio.messages
    assert sent["ContentSid"] == _rows(rt)[("dpmptsp_accepted_dokumen", "id")][0] and "MediaUrl" not in sent
    variables = json.loads(sent["ContentVariables"])
    assert variables["1"] == "APS-2026-000010" and variables["4"].endswith("/Tanda-Terima-APS.pdf")
    answer = app.test_client().get("/media/" + variables["4"])  # the URL WhatsApp builds from the template
    assert answer.status_code == 200 and answer.data == pdf
    with rt.transaction() as s:
        row = s.scalar(select(OutboxMessage))
        assert row.document_held is False and row.status == "sent"


def test_sync_without_a_twilio_account_records_the_simulators_resources(app, rt, fake_twilio):
    result = app.test_cli_runner().invoke(args=["whatsapp", "sync"])
    assert result.exit_code == 0 and "sandbox" in result.output
    rows = _rows(rt)
    assert len(rows) == len(definitions(rt.config)) and fake_twilio.api_requests == []
    assert rows[("dpmptsp_completed", "id")][1] == "approved" and rows[("dpmptsp_choice_buttons_2", "id")][1] == "not_needed"
    app.test_cli_runner().invoke(args=["whatsapp", "sync"])
    assert _rows(rt) == rows  # the same SIDs again
