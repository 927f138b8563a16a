"""The simulator plays by WhatsApp's rules: each phone's 24-hour window (a control moves its clock),
63016 for a free-form message outside it and then the template, buttons and lists only when the
message carries them, taps posted as Twilio posts them, media over WhatsApp's limits refused."""

from __future__ import annotations

import pytest

from bot.conversation import Dialog
from catalogue.choices import Choice
from storage.outbox import queue_message
from tests.simulator.test_simulator import PHONE, send

NOTICE = {"tracking_code": "APS-2026-000321"}


@pytest.fixture
def synced(app, rt):
    """What `make run` does in sandbox mode: the simulator's Content resources recorded."""
    from jobs.contents import sync_sandbox

    with rt.transaction() as s:
        sync_sandbox(rt.config, s)


def _chat(client) -> dict:
    return client.get("/simulator/chat?phone=" + PHONE).json


def test_a_notice_after_the_phones_window_closed_fails_with_63016_then_goes_as_its_template(client, csrf, rt, run_jobs, seeded, synced):
    assert send(client, csrf, body="halo").status_code == 200
    assert _chat(client)["window"]["open"] is True
    moved = client.post("/simulator/clock", data={"phone": PHONE, "hours": "25"}, headers={"X-CSRFToken": csrf})
    assert moved.status_code == 200 and moved.json["window"]["open"] is False and moved.json["window"]["offset_hours"] == 25
    with rt.transaction() as s:  # our clock says the applicant wrote a moment ago: free text
        queue_message(s, recipient=PHONE, key="notice.completed", variables=NOTICE)
    run_jobs()
    outs = [i for i in _chat(client)["items"] if i["kind"] == "out" and i["key"] == "notice.completed"]
    refused, template = outs[-2:]
    assert refused["status"] == "failed" and refused["error"].startswith("63016") and "*APS-2026-000321*" in refused["text"]
    assert template["status"] == "sent" and template["template"] and template["refused"]
    assert template["text"].startswith("Dokumen berkas APS-2026-000321 telah diserahkan")  # the registered template text


def test_free_text_inside_the_window_and_unknown_phones_are_not_refused(client, csrf, rt, run_jobs, seeded, synced):
    send(client, csrf, body="halo")
    with rt.transaction() as s:
        queue_message(s, recipient=PHONE, key="notice.completed", variables=NOTICE)
        queue_message(s, recipient="+6281100000009", key="notice.completed", variables=NOTICE)  # never wrote here
    run_jobs()
    outs = [i for i in _chat(client)["items"] if i["kind"] == "out" and i["key"] == "notice.completed"]
    assert [o["status"] for o in outs] == ["sent"] and outs[0]["template"] is None and not outs[0]["refused"]


def test_bad_clock_moves_are_refused(client, csrf):
    for hours in ("0", "-3", "1000", "soon"):
        answer = client.post("/simulator/clock", data={"phone": PHONE, "hours": hours}, headers={"X-CSRFToken": csrf})
        assert answer.status_code == 400 and "hours" in answer.json["error"]


@pytest.fixture
def asking(monkeypatch):
    import bot.inbound
    from bot.dialogs import DIALOGS

    def start(turn):
        turn.say("bot.status.none", choices=[Choice("yes", "Ya"), Choice("no", "Tidak")])
        turn.finish()

    monkeypatch.setattr(bot.inbound, "DIALOGS", {**DIALOGS, "coba": Dialog(name="coba", start=start, keywords=("coba pilih",))})


def test_buttons_are_drawn_only_when_the_message_carries_them(client, csrf, rt, run_jobs, seeded, asking):
    answer = send(client, csrf, body="COBA PILIH").json
    assert answer["replies"][0]["text"].endswith("1. Ya\n2. Tidak")  # nothing synced: numbered text
    assert not any(i.get("interactive") for i in _chat(client)["items"])
    from jobs.contents import sync_sandbox

    with rt.transaction() as s:
        sync_sandbox(rt.config, s)
    assert send(client, csrf, body="COBA PILIH").json["replies"] == []  # the question left the TwiML
    run_jobs()
    [question] = [i for i in _chat(client)["items"] if i.get("interactive")]
    assert question["interactive"] == {"kind": "buttons", "button": "Pilih", "options": [
        {"id": "yes", "title": "Ya", "description": ""}, {"id": "no", "title": "Tidak", "description": ""}]}
    assert not question["text"].endswith("2. Tidak")


def test_a_tap_is_posted_as_twilio_posts_it(client, csrf, arrivals):
    assert send(client, csrf, tap_kind="button", tap_id="yes", tap_title="Ya").status_code == 200
    assert send(client, csrf, tap_kind="list", tap_id="k14.07.01", tap_title="Bangko").status_code == 200
    button, row = (a["form"] for a in arrivals if a["path"] == "/whatsapp/webhook")
    assert (button["ButtonPayload"], button["ButtonText"], button["Body"], button["MessageType"]) == ("yes", "Ya", "Ya", "button")
    assert (row["ListId"], row["ListTitle"], row["Body"]) == ("k14.07.01", "Bangko", "Bangko") and "ButtonPayload" not in row
    assert all(a["valid"] for a in arrivals)
    bad = send(client, csrf, tap_kind="swipe", tap_id="x", tap_title="x")
    assert bad.status_code == 400 and "tap" in bad.json["error"]


def test_media_over_whatsapps_limits_is_refused(client, csrf, arrivals):
    import io

    big_photo = io.BytesIO(b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1))
    answer = client.post("/simulator/send", data={"phone": PHONE, "file": (big_photo, "foto.jpg", "image/jpeg")},
                         headers={"X-CSRFToken": csrf})
    assert answer.status_code == 400 and "5 MB" in answer.json["error"]
    assert arrivals == []


@pytest.mark.parametrize(("content_type", "kind"), [
    ("image/jpeg", "image"), ("image/heic", "image"), ("application/pdf", "document"), ("text/plain", "document"),
])
def test_a_file_is_posted_with_whatsapps_message_type(base_config, content_type, kind):
    from simulator.twilio_sandbox import Media, inbound_form
    from tests.twilio_fake import inbound_params

    form = inbound_form(base_config, "+6281234567890", "", media=Media("http://x/simulator/media/1", content_type))
    assert form["MessageType"] == kind
    assert inbound_params("+6281234567890", media=[("http://x/m", content_type)])["MessageType"] == kind
    assert inbound_form(base_config, "+6281234567890", "halo")["MessageType"] == "text"
