"""The simulator's endpoints: signed Twilio-format posts, media URLs, the timeline, receipts, guards."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from pypdf import PdfReader

from simulator.sample_pdfs import sample_bytes, samples
from simulator.twilio_sandbox import WEBHOOK_PATH, inbound_form, signed_post, twiml_messages
from storage import Document
from storage.outbox import queue_message
from tests import factories
from tests.twilio_fake import inbound_params

PHONE = "+6281234567890"


def send(client, csrf, **data):
    return client.post("/simulator/send", data={"phone": PHONE, **data}, headers={"X-CSRFToken": csrf})


def ack(client, csrf, message_id, status):
    return client.post("/simulator/ack", json={"message_id": message_id, "status": status}, headers={"X-CSRFToken": csrf})


# ---- guards ----------------------------------------------------------------------------------

def test_page_lists_the_demo_staff_phones(client, seeded):
    page = client.get("/simulator/").get_data(as_text=True)
    assert "+6281100000001" in page and "+6281100000006" in page and "Rina Back Office" in page


def test_not_registered_when_twilio_is_configured(config):
    from app import create_app

    live = create_app(config.with_(twilio_account_sid="AC" + "1" * 32, twilio_auth_token="live-token"))
    assert "simulator" not in live.blueprints
    assert live.test_client().get("/simulator/").status_code == 404


def test_refuses_to_serve_outside_sandbox_even_if_registered(app, client, config):
    app.config["APP_CONFIG"] = config.with_(twilio_account_sid="AC" + "1" * 32, twilio_auth_token="live-token")
    assert client.get("/simulator/").status_code == 404
    assert client.get("/simulator/chat?phone=" + PHONE).status_code == 404


def test_posts_need_the_csrf_token(client, csrf, arrivals):
    res = client.post("/simulator/send", data={"phone": PHONE, "body": "halo"})
    assert res.status_code == 400 and "CSRF" in res.json["error"]
    res = client.post("/simulator/send", data={"phone": PHONE, "body": "halo"}, headers={"X-CSRFToken": "forged"})
    assert res.status_code == 400
    assert arrivals == []


# ---- inbound ---------------------------------------------------------------------------------

def test_a_typed_message_reaches_the_webhook_signed_like_twilio(client, csrf, arrivals, config):
    res = send(client, csrf, body="  DAFTAR ", profile_name="Siti")
    assert res.status_code == 200
    [arrival] = arrivals
    assert arrival["path"] == WEBHOOK_PATH and arrival["valid"]
    form = arrival["form"]
    assert set(inbound_params(PHONE, "x")) <= set(form)  # every field Twilio sends
    assert form["From"] == "whatsapp:" + PHONE and form["To"] == config.twilio_whatsapp_number
    assert form["Body"] == "DAFTAR" and form["NumMedia"] == "0" and form["WaId"] == PHONE[1:]
    assert form["ProfileName"] == "Siti" and len(form["MessageSid"]) == 34
    assert res.json["entry"]["text"] == "DAFTAR"


def test_the_phone_number_is_normalised_and_bad_ones_are_refused(client, csrf, arrivals):
    res = client.post("/simulator/send", data={"phone": "0812-3456-7890", "body": "halo"}, headers={"X-CSRFToken": csrf})
    assert res.status_code == 200 and arrivals[0]["form"]["From"] == "whatsapp:" + PHONE
    res = client.post("/simulator/send", data={"phone": "12", "body": "halo"}, headers={"X-CSRFToken": csrf})
    assert res.status_code == 400 and "'12'" in res.json["error"]
    assert client.get("/simulator/chat?phone=abc").status_code == 400
    assert len(arrivals) == 1


def test_an_empty_message_is_refused(client, csrf, arrivals):
    res = send(client, csrf, body="   ")
    assert res.status_code == 400 and "empty" in res.json["error"]
    res = send(client, csrf, body="x" * 5000)
    assert res.status_code == 400 and "4096" in res.json["error"]
    assert arrivals == []


def test_an_attachment_is_offered_at_a_sandbox_media_url(client, csrf, arrivals, rt, config):
    pdf = sample_bytes("kartu_keluarga")[1]
    res = send(client, csrf, file=(io.BytesIO(pdf), "KK saya.pdf", "application/pdf"))
    assert res.status_code == 200
    form = arrivals[0]["form"]
    digest = hashlib.sha256(pdf).hexdigest()
    assert arrivals[0]["valid"] and form["NumMedia"] == "1" and form["MessageSid"].startswith("MM")
    assert form["MediaUrl0"] == f"{config.base_url}/simulator/media/{digest}"
    assert form["MediaContentType0"] == "application/pdf" and form["Body"] == ""
    assert rt.files.get_bytes(digest) == pdf
    served = client.get(f"/simulator/media/{digest}")
    assert served.status_code == 200 and served.data == pdf
    assert served.mimetype == "application/pdf" and 'filename="KK_saya.pdf"' in served.headers["Content-Disposition"]


def test_a_sample_pdf_can_be_sent_by_its_requirement_code(client, csrf, arrivals):
    res = send(client, csrf, sample="sktm")
    assert res.status_code == 200
    url = arrivals[0]["form"]["MediaUrl0"]
    served = client.get(url.split("testserver.local", 1)[1])
    assert PdfReader(io.BytesIO(served.data)).pages[0].extract_text().startswith("CONTOH DOKUMEN")
    assert send(client, csrf, sample="nope").status_code == 400


def test_a_sample_photo_of_a_document_is_sent_as_a_whatsapp_photo(client, csrf, arrivals):
    from PIL import Image

    assert send(client, csrf, sample="photo-kk").status_code == 200
    form = arrivals[0]["form"]
    assert form["MediaContentType0"] == "image/jpeg" and form["NumMedia"] == "1"
    served = client.get(form["MediaUrl0"].split("testserver.local", 1)[1])
    with Image.open(io.BytesIO(served.data)) as photo:
        assert photo.format == "JPEG" and photo.getexif().get(0x0112) == 6  # stored sideways, as phones do
    assert send(client, csrf, sample="photo-nope").status_code == 400


def test_an_empty_file_is_refused(client, csrf, arrivals):
    res = send(client, csrf, file=(io.BytesIO(b""), "kosong.pdf", "application/pdf"))
    assert res.status_code == 400 and "empty" in res.json["error"] and arrivals == []


def test_a_refused_file_does_not_stay_in_the_file_store(client, csrf, arrivals, rt):
    """WhatsApp would never have sent it, so nothing refers to it: it must not stay behind (the
    retention sweep only deletes files a document names)."""
    photo = b"\xff\xd8\xff" + b"x" * (5 * 1024 * 1024)
    res = send(client, csrf, file=(io.BytesIO(photo), "besar.jpg", "image/jpeg"))
    assert res.status_code == 400 and "WhatsApp menolak" in res.json["error"] and arrivals == []
    assert not rt.files.exists(hashlib.sha256(photo).hexdigest())


def test_unknown_media_is_not_found(client):
    assert client.get("/simulator/media/" + "a" * 64).status_code == 404
    assert client.get("/simulator/media/../../secret_key").status_code == 404
    assert client.get("/simulator/media/NOTAHASH").status_code == 404


# ---- the timeline ----------------------------------------------------------------------------

def test_the_timeline_holds_what_was_sent_and_the_outbox_rendered(client, csrf, rt, run_jobs):
    send(client, csrf, body="STATUS")
    with rt.transaction() as s:
        row = queue_message(s, recipient=PHONE, key="notice.accepted",
                            variables={"tracking_code": "APS-2026-000123", "stage": "technical_review", "due": "2026-12-07T09:00:00+07:00"})
        queue_message(s, recipient="+6281100000001", key="notice.accepted", variables={"tracking_code": "APS-2026-000999"})
    items = client.get("/simulator/chat?phone=" + PHONE).json["items"]
    assert [i["kind"] for i in items] == ["in", "twiml", "out"]  # STATUS, the bot's answer, the notice
    out = items[2]
    assert out["message_id"] == row.id and out["status"] == "pending" and out["key"] == "notice.accepted"
    assert "*APS-2026-000123*" in out["text"] and "Senin, 7 Desember 2026" in out["text"]
    run_jobs()
    out = client.get("/simulator/chat?phone=" + PHONE).json["items"][-1]
    assert out["status"] == "sent" and "APS-2026-000123" in out["text"]


def test_a_document_in_the_outbox_is_a_download_link(client, rt, session, seeded):
    pdf = sample_bytes("surat_permohonan")[1]
    digest = rt.files.put_bytes(pdf)
    with rt.transaction() as s:
        application = factories.draft_with_documents(s)
        receipt = Document(application=application, kind="receipt", filename="tanda-terima.pdf", sha256=digest, size=len(pdf), pages=1, status="accepted")
        unsent = Document(application=application, kind="recommendation", filename="draft.pdf", sha256=digest, size=len(pdf), pages=1)
        s.add_all([receipt, unsent])
        s.flush()
        queue_message(s, recipient=PHONE, key="notice.accepted", document_id=receipt.id, variables={"tracking_code": "T"})
        receipt_id, unsent_id = receipt.id, unsent.id
    [out] = [i for i in client.get("/simulator/chat?phone=" + PHONE).json["items"] if i["kind"] == "out"]
    [link] = out["media"]
    assert link["name"] == "tanda-terima.pdf" and link["url"].startswith("/media/")  # a signed token, no id
    assert str(receipt_id) not in link["url"].removeprefix("/media/")[:4]
    got = client.get(link["url"])
    assert got.status_code == 200 and got.data == pdf
    assert got.headers["Content-Disposition"].startswith("attachment;") and "sandbox" in got.headers["Content-Security-Policy"]
    # issue 16: documents were served by sequential id
    for guess in (receipt_id, unsent_id):
        assert client.get(f"/simulator/documents/{guess}").status_code == 404


def test_the_data_export_in_the_outbox_is_a_download_link(client, rt, seeded):
    with rt.transaction() as s:
        who = factories.applicant(s, whatsapp=PHONE)
        queue_message(s, recipient=PHONE, key="privacy.mydata.export", applicant_id=who.id, attachment="data_export")
    [out] = [i for i in client.get("/simulator/chat?phone=" + PHONE).json["items"] if i["kind"] == "out"]
    [media] = out["media"]
    assert media["name"] == "data_export.pdf" and media["url"].startswith("/media/a/")
    got = client.get(media["url"])
    assert got.status_code == 200 and got.data.startswith(b"%PDF")


def test_a_blank_form_in_the_outbox_is_its_own_pdf_under_its_own_name(client, rt, seeded):
    """INFO sends each form (attachment "form"): the phone gets the form's link, as Twilio does,
    named by the form's filename; it was the applicant-attachment link, a 404 named form.pdf."""
    from pypdf import PdfReader

    with rt.transaction() as s:
        who = factories.applicant(s, whatsapp=PHONE)
        for code in ("surat_permohonan", "surat_pernyataan"):
            queue_message(s, recipient=PHONE, key="bot.info.form_document", applicant_id=who.id, attachment="form",
                          variables={"service": "APS", "form": code, "filename": f"formulir-{code}-APS.pdf",
                                     "title": code, "requirement": code})
    outs = [i for i in client.get("/simulator/chat?phone=" + PHONE).json["items"] if i["kind"] == "out"]
    names, texts = [], []
    for out in outs:
        [media] = out["media"]
        names.append(media["name"])
        got = client.get(media["url"])
        assert got.status_code == 200 and got.data.startswith(b"%PDF")
        texts.append(PdfReader(io.BytesIO(got.data)).pages[0].extract_text())
    assert names == ["formulir-surat_permohonan-APS.pdf", "formulir-surat_pernyataan-APS.pdf"]
    assert texts[0] != texts[1]


def test_twiml_answers_are_read_into_chat_bubbles():
    xml = b'<?xml version="1.0"?><Response><Message>Halo *Bapak/Ibu*\n1. Daftar</Message><Message><Body>dua</Body><Media>https://x/m.pdf</Media></Message></Response>'
    assert twiml_messages(xml) == [{"text": "Halo *Bapak/Ibu*\n1. Daftar", "media": []}, {"text": "dua", "media": ["https://x/m.pdf"]}]
    assert twiml_messages(b"<Response/>") == [] and twiml_messages(b"") == []


# ---- receipts --------------------------------------------------------------------------------

def test_receipts_post_signed_status_callbacks(client, csrf, rt, arrivals):
    with rt.transaction() as s:
        row = queue_message(s, recipient=PHONE, key="notice.accepted")
        row.status, row.twilio_sid = "sent", "SM" + "f" * 32
        bare = queue_message(s, recipient=PHONE, key="notice.accepted")
    assert ack(client, csrf, row.id, "delivered").status_code == 200
    assert ack(client, csrf, row.id, "read").status_code == 200
    assert [a["form"]["MessageStatus"] for a in arrivals] == ["delivered", "read"]
    assert all(a["path"] == "/whatsapp/status" and a["valid"] for a in arrivals)
    assert arrivals[0]["form"]["MessageSid"] == row.twilio_sid and arrivals[0]["form"]["To"] == "whatsapp:" + PHONE
    assert ack(client, csrf, bare.id, "delivered").status_code == 409  # not sent yet: no MessageSid
    assert ack(client, csrf, row.id, "sent").status_code == 400
    assert ack(client, csrf, "x", "read").status_code == 400
    assert ack(client, csrf, 999999, "read").status_code == 404
    assert len(arrivals) == 2


def test_receipts_move_the_outbox_row_forward(client, csrf, rt):
    from storage import OutboxMessage

    with rt.transaction() as s:
        row = queue_message(s, recipient=PHONE, key="notice.accepted")
        row.status, row.twilio_sid = "sent", "SM" + "e" * 32
    assert ack(client, csrf, row.id, "delivered").json["status"] in (200, 204)
    assert ack(client, csrf, row.id, "read").json["status"] in (200, 204)
    with rt.sessions() as s:
        assert s.get(OutboxMessage, row.id).status == "read"


# ---- against the real webhook ----------------------------------------------------------------

def test_the_webhook_refuses_a_wrong_token_and_accepts_ours(app, config):
    form = inbound_form(config, PHONE, "MENU")
    assert signed_post(app, WEBHOOK_PATH, form, auth_token="not-the-token").status_code == 403
    answer = signed_post(app, WEBHOOK_PATH, form)
    assert answer.status_code == 200 and twiml_messages(answer.data)


def test_the_twiml_answer_appears_in_the_chat(client, csrf, seeded):
    res = send(client, csrf, body="MENU")
    assert res.json["status"] == 200 and res.json["replies"]
    kinds = [i["kind"] for i in client.get("/simulator/chat?phone=" + PHONE).json["items"]]
    assert kinds[:2] == ["in", "twiml"]


# ---- sample PDFs -----------------------------------------------------------------------------

def test_flask_demo_pdfs_writes_one_valid_pdf_per_requirement(runner, tmp_path):
    result = runner.invoke(args=["demo", "pdfs", str(tmp_path / "pdfs")])
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "pdfs").glob("*.pdf"))
    assert [f.name for f in files] == [s["filename"] for s in samples()] and len(files) == 10
    for f in files:
        assert len(PdfReader(f).pages) == 1 and f.stat().st_size < 10_000


def test_the_shipped_sample_pdfs_are_what_the_generator_makes():
    from pathlib import Path

    from simulator.sample_pdfs import render_sample

    shipped = Path(__file__).resolve().parents[2] / "docs" / "sample-pdfs"
    for item in samples():
        assert (shipped / item["filename"]).read_bytes() == render_sample(item["label"]), item["filename"]


def test_the_simulator_checks_csrf_itself_when_the_app_does_not(app, client, csrf, arrivals):
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # as if CSRFProtect were not set up
    app.extensions.pop("csrf", None)
    assert client.post("/simulator/send", data={"phone": PHONE, "body": "halo"}).status_code == 400
    assert send(client, csrf, body="halo").status_code == 200
    assert len(arrivals) == 1


# ---- it cannot leak (issue 16, item 3) -------------------------------------------------------

def test_an_uploaded_html_or_svg_is_a_sandboxed_download_never_a_page(client, csrf, arrivals, rt):
    for name, kind, data in (("x.html", "text/html", b"<script>fetch('/backoffice/')</script>"),
                             ("x.svg", "image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")):
        assert send(client, csrf, file=(io.BytesIO(data), name, kind)).status_code == 200
        served = client.get(f"/simulator/media/{hashlib.sha256(data).hexdigest()}")
        assert served.status_code == 200 and served.data == data
        assert served.headers["Content-Disposition"].startswith("attachment;")
        assert served.headers["Content-Security-Policy"].startswith("sandbox")
        assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_the_chat_keeps_no_nik_or_code_in_clear_and_forgets(client, csrf, rt):
    send(client, csrf, body="NIK saya 1407014107050001")
    send(client, csrf, body="١٤٠٧٠١٤١٠٧٠٥٠٠٠١")
    send(client, csrf, body="482913")  # an activation code, typed
    send(client, csrf, body="1407 0141.0705-0001")  # the separators the bot accepts in a NIK
    everything = b" ".join(rt.redis.lrange("simulator:chat:" + PHONE, 0, -1)).decode()
    assert "1407014107050001" not in everything and "482913" not in everything
    assert "0141.0705" not in everything and everything.count("1407********0001") == 3
    assert "1407********0001" in json.loads(rt.redis.lrange("simulator:chat:" + PHONE, 0, 0)[0])["text"]
    items = client.get("/simulator/chat?phone=" + PHONE).json["items"]
    texts = " ".join(i["text"] for i in items)
    assert "1407014107050001" not in texts and "482913" not in texts
    assert 0 < rt.redis.ttl("simulator:chat:" + PHONE) <= 24 * 3600


def test_an_activation_code_shows_only_while_it_can_be_used(client, rt):
    from datetime import timedelta

    from storage import OutboxMessage, utcnow

    with rt.transaction() as s:
        fresh = queue_message(s, recipient=PHONE, key="bot.act.code", variables={"code": "123456", "minutes": 15})
        old = queue_message(s, recipient=PHONE, key="bot.act.code", variables={"code": "654321", "minutes": 15})
        s.flush()
        s.get(OutboxMessage, old.id).created_at = utcnow() - timedelta(minutes=16)
    texts = {i["message_id"]: i["text"] for i in client.get("/simulator/chat?phone=" + PHONE).json["items"] if i["kind"] == "out"}
    assert "123456" in texts[fresh.id] and "654321" not in texts[old.id]


def test_the_simulator_is_off_unless_chosen(base_config, migrated):
    from app import create_app

    plain = create_app(base_config)  # sandbox mode, SIMULATOR not set
    assert base_config.sandbox and "simulator" not in plain.blueprints
    assert plain.test_client().get("/simulator/").status_code == 404


@pytest.mark.parametrize("change", [{"public_base_url": "https://izin.rokanhilirkab.go.id"}, {"production": True}])
def test_a_deployment_refuses_sandbox_mode_and_preflight_says_why(base_config, migrated, change):
    import click

    from app import SandboxRefused, create_app

    refusing = base_config.with_(simulator=True, **change)
    with pytest.raises(SandboxRefused, match="TWILIO_ACCOUNT_SID"):
        create_app(refusing)
    with pytest.raises(SandboxRefused), click.Context(click.Command("run")):  # `flask run` serves it: refused too
        create_app(refusing)
    with click.Context(click.Command("flask")):  # as the `flask` command builds it
        app = create_app(refusing)
    assert "simulator" not in app.blueprints  # not even for `flask run`
    result = app.test_cli_runner().invoke(args=["preflight"])
    assert result.exit_code == 1 and "refusing sandbox mode" in result.output and "TWILIO_ACCOUNT_SID" in result.output
    # With a Twilio account the same deployment starts (and has no simulator).
    live = create_app(refusing.with_(twilio_account_sid="AC" + "1" * 32, twilio_auth_token="live-token"))
    assert "simulator" not in live.blueprints
