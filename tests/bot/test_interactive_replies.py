"""How a question's choices travel (the delivery side of catalogue/choices.py): as reply buttons
(≤ 3) or a list picker (≤ 10) built from the synced generic Content resources, through the
outbox (TwiML cannot carry a ContentSid); as numbered lines in the TwiML before `flask whatsapp
sync` or when they do not fit."""

from __future__ import annotations

import json

import pytest

from bot.conversation import Dialog
from catalogue.choices import Choice
from storage.contents import buttons_name, list_name
from tests.bot.conftest import says
from tests.jobs.conftest import FAST, drain

BUTTONS = [Choice("yes", "Ya"), Choice("no", "Tidak"), Choice("later", "Nanti saja")]
ROWS = [Choice(f"k{i}", f"Kecamatan {i}", "Rokan Hilir" if i == 1 else "") for i in range(1, 6)]
LONG = [Choice(f"o{i}", f"Pilihan {i}") for i in range(1, 13)]


@pytest.fixture
def config(base_config, migrated, fake_twilio):
    return base_config.with_(twilio_account_sid=fake_twilio.account_sid, twilio_auth_token=fake_twilio.auth_token,
                             twilio_api_base_url=fake_twilio.api_url, twilio_content_base_url=fake_twilio.api_url, **FAST)


@pytest.fixture
def asking(monkeypatch):
    """A dialog that asks one question with the choices the test names (keyword: COBA PILIH)."""
    import bot.inbound
    from bot.dialogs import DIALOGS

    offered: dict = {}

    def start(turn):
        turn.say("bot.cancelled")  # a plain reply first: it stays in the TwiML
        turn.say("bot.status.none", choices=offered["choices"])
        turn.finish()

    dialogs = {**DIALOGS, "coba_pilih": Dialog(name="coba_pilih", start=start, keywords=("coba pilih",))}
    monkeypatch.setattr(bot.inbound, "DIALOGS", dialogs)
    return offered


def _synced(app):
    result = app.test_cli_runner().invoke(args=["whatsapp", "sync"])
    assert result.exit_code == 0, result.output
    from storage import WhatsAppContent

    rt = app.extensions["runtime"]
    with rt.transaction() as s:
        return {r.name: r.sid for r in s.query(WhatsAppContent)}


def test_three_choices_go_as_reply_buttons_through_the_outbox(app, chat, rt, fake_twilio, asking):
    sids = _synced(app)
    asking["choices"] = BUTTONS
    answer = chat.send("COBA PILIH")
    assert answer == says("bot.cancelled")  # the question left the TwiML
    drain(rt)
    [question] = [m for m in fake_twilio.messages if m.get("ContentSid")]
    assert question["ContentSid"] == sids[buttons_name(3)] and "Body" not in question
    assert json.loads(question["ContentVariables"]) == {
        "1": says("bot.status.none"), "2": "Ya", "3": "yes", "4": "Tidak", "5": "no", "6": "Nanti saja", "7": "later"}


def test_up_to_ten_choices_go_as_a_list_with_their_descriptions(app, chat, rt, fake_twilio, asking):
    sids = _synced(app)
    asking["choices"] = ROWS
    chat.send("COBA PILIH")
    drain(rt)
    [question] = [m for m in fake_twilio.messages if m.get("ContentSid")]
    assert question["ContentSid"] == sids[list_name(5)]
    values = json.loads(question["ContentVariables"])
    assert (values["2"], values["3"], values["4"], values["5"]) == ("Pilih", "Kecamatan 1", "k1", "Rokan Hilir")
    assert values["8"] == " "  # a row without a description (WhatsApp refuses an empty variable)


def test_more_than_ten_choices_and_an_unsynced_account_give_numbered_lines(app, chat, rt, fake_twilio, asking):
    asking["choices"] = BUTTONS
    numbered = "1. Ya\n2. Tidak\n3. Nanti saja"
    assert numbered in chat.send("COBA PILIH")  # nothing synced yet
    _synced(app)
    asking["choices"] = LONG
    answer = chat.send("COBA PILIH")
    assert "12. Pilihan 12" in answer
    drain(rt)
    assert not any(m.get("ContentSid") for m in fake_twilio.messages)


def test_a_question_whose_window_closed_before_it_left_goes_numbered(app, chat, rt, fake_twilio, asking):
    """The outbox row waited (a Twilio outage) past the window: no interactive message then."""
    from datetime import timedelta

    import time_machine

    from storage import utcnow

    _synced(app)
    asking["choices"] = BUTTONS
    chat.send("COBA PILIH")
    with time_machine.travel(utcnow() + timedelta(hours=25)):
        drain(rt)
    [question] = fake_twilio.messages
    assert "ContentSid" not in question and question["Body"].endswith("3. Nanti saja")


def test_more_pages_of_a_photo_document_end_with_a_tap_on_selesai(app, chat, rt, fake_twilio):
    """Issue 14 item 2: after a photo the verdict asks for more pages with a "Selesai" reply button."""
    from simulator.sample_photos import document_photo
    from tests.bot.conftest import register_and_activate, start_application
    from tests.pdf_samples import blank_pdf

    sids = _synced(app)
    register_and_activate(chat)
    start_application(chat)
    chat.send("", pdfs=[blank_pdf(1)])
    drain(rt)
    fake_twilio.messages.clear()
    chat.post("", media=[(fake_twilio.add_media(document_photo(1200, 900), "image/jpeg"), "image/jpeg")])
    drain(rt)
    [verdict] = [m for m in fake_twilio.messages if m.get("ContentSid")]
    assert verdict["ContentSid"] == sids[buttons_name(1)]
    values = json.loads(verdict["ContentVariables"])
    assert values["1"].startswith("✅ *KTP-el orang tua/wali*: 1 foto → PDF 1 halaman — diterima.")
    assert (values["2"], values["3"]) == ("Selesai", "selesai")
    assert "*3/10: Kartu Keluarga (KK)*" in chat.send(tap=("selesai", "Selesai"))


def test_the_application_summary_offers_ajukan_and_batal_as_buttons_never_as_numbers(app, chat, rt, fake_twilio):
    """At the summary a typed number replaces that document, so "Ajukan" and "Batal" are buttons
    only (the text says to type YA): beside the summary when synced, with the last document's
    verdict in one bubble; never numbered lines. A tap on "Ajukan" submits."""
    from sqlalchemy import select

    from storage import Application
    from tests.bot.conftest import register_and_activate, start_application
    from tests.pdf_samples import blank_pdf

    register_and_activate(chat)
    start_application(chat)
    chat.send("", pdfs=[blank_pdf(p) for p in range(1, 10)])
    drain(rt)
    text_only = chat.send("LEWATI")  # nothing synced yet: the summary in the TwiML, no numbered choices
    assert "*Ringkasan permohonan*" in text_only and "Balas *YA*" in text_only and "Ajukan" not in text_only
    _synced(app)
    chat.send("3")  # a number still means a document: replace the KK
    chat.send("", pdfs=[blank_pdf(12)])
    drain(rt)
    last = [m for m in fake_twilio.messages if m.get("ContentSid")][-1]  # the verdict and the summary, one bubble
    values = json.loads(last["ContentVariables"])
    assert values["1"].startswith("✅ *Kartu Keluarga (KK)*") and "*Ringkasan permohonan*" in values["1"]
    assert (values["2"], values["3"], values["4"], values["5"]) == ("Ajukan", "YA", "Batal", "BATAL")
    assert "1. Ajukan" not in values["1"]
    assert chat.send("Ajukan", tap=("YA", "Ajukan")) == ""
    with rt.sessions() as s:
        assert s.scalar(select(Application.stage)) == "completeness_check"


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_menu_entry_fits_a_list_row(language):
    """The menu is the first thing a citizen sees: one label over a list row's 24 characters and
    WhatsApp would show it as numbered text instead of a list to tap."""
    from types import SimpleNamespace

    from bot.dialogs import DIALOGS
    from bot.dialogs.menu import choices
    from catalogue.choices import ROW_TITLE
    from storage.contents import interactive_name

    offered = choices(SimpleNamespace(dialogs=DIALOGS, language=language))
    assert [c.title for c in offered if len(c.title) > ROW_TITLE] == []
    assert interactive_name(offered) == list_name(len(offered))


def test_a_greeting_is_answered_with_the_menu_as_a_list(app, chat, rt, fake_twilio):
    sids = _synced(app)
    chat.send("halo kak")
    drain(rt)
    [menu] = [m for m in fake_twilio.messages if m.get("ContentSid")]
    values = json.loads(menu["ContentVariables"])
    assert menu["ContentSid"] == sids[list_name(8)]
    assert (values["3"], values["4"], values["5"]) == ("Daftar akun", "DAFTAR", " ")
    assert chat.send("", list_item=("AJUKAN", "Ajukan permohonan"))  # the tap answers it


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_survey_question_fits_a_list_or_buttons(language):
    """The SKM's own wordings are longer than a list row ("Ada tetapi tidak berfungsi"): the row
    carries them cut, and whole as its description, instead of the question falling back to text."""
    from bot.dialogs.survey import BY_CODE, PROFILE, _element_choices, _profile_choices
    from storage.contents import interactive_name

    offered = [_element_choices(code, language) for code in BY_CODE] + [_profile_choices(n, language) for n in PROFILE]
    assert [[c.title for c in choices] for choices in offered if interactive_name(choices) is None] == []
    cut = [c for c in _element_choices("PENGADUAN", "id") if c.description]
    assert cut and all(c.title.endswith("…") and c.label == c.description for c in cut)  # numbered lines keep the words
