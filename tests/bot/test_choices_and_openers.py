"""Choices answered by a tap (as Twilio posts it: ButtonPayload / ListId), by the number or by the
option's words; conversations opened as people open them; the name check; the registration
summary that is also the consent question; UBAH DATA."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobs.survey_invitations import run as survey_sweep
from storage import Applicant, Conversation, InboundMessage, SurveyResponse
from tests.bot.conftest import NIK, activation_code, register, register_and_activate, says
from tests.bot.test_survey import collected

ADDRESS = "Jl. Merdeka No. 1, RT 01/RW 02"


def _applicant(rt, number) -> Applicant:
    with rt.sessions() as s:
        return s.scalar(select(Applicant).where(Applicant.whatsapp == number))


def _step(rt, number) -> tuple[str, str]:
    with rt.sessions() as s:
        conv = s.scalar(select(Conversation).where(Conversation.whatsapp == number))
        return conv.dialog, conv.step


# ---- taps, numbers, words --------------------------------------------------------------------
def test_menu_answers_a_tap_a_number_and_words(chat, rt):
    menu = chat.send("MENU")
    assert "1. Daftar akun\n2. Ajukan permohonan\n3. Cek status permohonan" in menu
    assert "*nama lengkap*" in chat.send("Daftar akun", list_item=("DAFTAR", "Daftar akun"))
    chat.send("MENU")
    assert says("bot.language.prompt") in chat.send("4")
    chat.send("MENU")
    assert says("bot.status.none") in chat.send("cek status permohonan")
    with rt.sessions() as s:  # the tap is kept with the message
        row = s.scalar(select(InboundMessage).where(InboundMessage.body == "Daftar akun"))
        assert row.payload["ListId"] == "DAFTAR" and row.payload["ListTitle"] == "Daftar akun"


def test_numbered_lines_name_each_option_in_full_and_the_full_name_answers(chat, rt):
    """A list row's title is cut to 24 characters ("Rekomendasi Bantuan Pen…"); the numbered
    text has no such limit, so it names the service in full, and typing that name picks it."""
    register_and_activate(chat)
    listed = chat.send("AJUKAN")
    assert "1. Rekomendasi Bantuan Pengiriman Pelajar Anak Putus Sekolah\n" in listed and "…" not in listed
    assert says("bot.apply.question", question="Siapa *nama lengkap anak* yang akan dibantu?") in chat.send(
        "Rekomendasi Bantuan Pengiriman Pelajar Anak Putus Sekolah")


def test_language_by_tap_and_by_words(chat, rt):
    chat.send("BAHASA")
    assert says("bot.language.done", "en") in chat.send("English", tap=("en", "English"))
    chat.send("LANGUAGE")
    assert says("bot.language.done", "id") in chat.send("indonesia")
    chat.send("BAHASA")
    assert says("bot.language.invalid") in chat.send("klingon")


def test_kecamatan_list_pages_and_its_answers(chat, rt):
    for text in ("DAFTAR", "Siti Aminah", NIK, ADDRESS):
        reply = chat.send(text)
    assert reply.count("\n1") >= 1 and "10. Lainnya…" in reply and "Balai Jaya" not in reply
    more = chat.send("10")  # Lainnya: the second page, numbered on its own
    assert says("bot.reg.kecamatan.more") in more and "1. Bangko Pusako" in more
    assert "10. Luar Kab. Rokan Hilir" in more and "Lainnya" not in more
    assert "Kecamatan: Balai Jaya" in chat.send("9")  # the 9th row of the page shown
    chat.send("Ubah kecamatan", list_item=("UBAH_KECAMATAN", "Ubah kecamatan"))
    assert "Kecamatan: Bagan Sinembah Raya" in chat.send("bagan sinembah raya")  # words
    chat.send("4")  # Ubah alamat (typed number)
    chat.send(ADDRESS)
    chat.send("ubah kecamatan")
    assert "Kecamatan: Rimba Melintang" in chat.send("Rimba Melintang", list_item=("14.07.04", "Rimba Melintang"))
    assert _applicant(rt, chat.number).kecamatan == "14.07.04"


def test_survey_answers_in_words_and_taps(chat, rt):
    app_id = collected(rt)
    chat.send("halo")
    survey_sweep()
    first = chat.send("Ya, isi survei", tap=("YA", "Ya, isi survei"))
    assert "1. Tidak sesuai\n2. Kurang sesuai\n3. Sesuai\n4. Sangat sesuai" in first
    chat.send("Sangat sesuai", list_item=("PERSYARATAN_4", "Sangat sesuai"))  # tap
    chat.send("mudah")  # the label's words
    chat.send("sangat baik")  # the scale in everyday words → 4
    assert "*5/9" in chat.send("Gratis")  # Biaya: its own label, not a number
    assert says("survey.invalid_choice") in chat.send("lumayan lah")
    for answer in ("very suitable", "3", "4", "2", "3"):
        chat.send(answer)
    chat.send("Perempuan")
    chat.send("Lewati")
    chat.send("SMA/SMK")
    chat.send("pelajar/mahasiswa")
    chat.send("0")
    with rt.sessions() as s:
        response = s.scalar(select(SurveyResponse).where(SurveyResponse.application_id == app_id))
        assert list(response.answers.values()) == [4, 3, 4, 4, 4, 3, 4, 2, 3]
        assert response.profile == {"gender": "p", "age": "", "education": "sma", "occupation": "pelajar"}
        assert response.status == "completed"


# ---- openers -------------------------------------------------------------------------------
@pytest.mark.parametrize("opener", [
    "halo kak", "hai min", "Permisi min, mau tanya syarat rekomendasi", "selamat pagi", "pagi", "P",
    "misi", "kak", "gan", "min", "mau tanya syarat bantuan pendidikan", "Siang kak 🙏", "ass wr wb",
    "permisi min, mau tanya …", "mlm kak", "Permisi, apakah kantor buka hari ini?", "hai kak, mau daftar",
    "halo, mau bikin izin", "Selamat malam bapak/ibu",
])
def test_openers_lead_to_the_menu(chat, opener):
    reply = chat.send(opener)
    assert says("bot.menu.new") in reply and "1. Daftar akun" in reply
    assert says("bot.menu.unknown") not in reply


@pytest.mark.parametrize("salam", ["Assalamualaikum", "assalamu'alaikum wr. wb.", "Asslamualaikum kak",
                                   "ass wr wb", "Assalamu alaikum min, mau tanya"])
def test_salam_is_answered_in_kind_before_the_menu(chat, salam):
    reply = chat.send(salam)
    assert reply.startswith(says("bot.menu.salam")) and "1. Daftar akun" in reply


def test_salam_after_a_day_away_is_answered_before_anything_else(chat):
    from datetime import timedelta

    import time_machine

    chat.send("DAFTAR")
    with time_machine.travel(timedelta(hours=25), tick=True):
        reply = chat.send("Assalamualaikum")
    assert reply.startswith(says("bot.menu.salam")) and says("bot.expired") in reply


def test_unknown_text_is_still_unknown(chat):
    assert says("bot.menu.unknown") in chat.send("kucing saya hilang")


# ---- names ---------------------------------------------------------------------------------
@pytest.mark.parametrize("answer,reason", [
    ("hello, I want to apply for a permit for my son", "bot.reg.name.not_a_name"),
    ("mau tanya syaratnya apa?", "bot.reg.name.not_a_name"),
    ("halo kak", "bot.reg.name.not_a_name"),
    ("0812 3456 7890", "bot.reg.name.digits"),
    ("Siti Aminah Binti Abdul Rahman Hasan Basri Lubis", "bot.reg.name.too_long"),
    ("x", "bot.reg.name.invalid"),
])
def test_an_answer_that_is_not_a_name_is_asked_again(chat, rt, answer, reason):
    chat.send("DAFTAR")
    reply = chat.send(answer)
    assert says(reason) in reply and says("bot.reg.name") in reply
    assert _applicant(rt, chat.number).name is None


@pytest.mark.parametrize("name", ["I Made Sutrisno", "Ni Luh Putu Ayu", "Yang Li Ming", "Anak Agung Gede Oka",
                                  "Ma'ruf Amin", "Moh. Hatta", "Siti Nur Azizah binti Ahmad"])
def test_real_names_pass(chat, rt, name):
    chat.send("DAFTAR")
    assert says("bot.reg.nik") in chat.send(name)
    assert _applicant(rt, chat.number).name == name


def test_a_name_introduced_in_a_sentence_keeps_the_name(chat, rt):
    chat.send("DAFTAR")
    assert says("bot.reg.nik") in chat.send("nama saya Muhammad Nur bin Abdullah")
    assert _applicant(rt, chat.number).name == "Muhammad Nur bin Abdullah"


# ---- summary + consent ---------------------------------------------------------------------
def test_summary_corrects_a_field_then_one_yes_confirms_and_consents(chat, rt):
    for text in ("DAFTAR", "Siti Aminh", NIK, ADDRESS):
        chat.send(text)
    summary = chat.send("2")
    assert "Nama: Siti Aminh" in summary and NIK not in summary and "NIK: 1407********0001" in summary
    assert "UU No. 27 Tahun 2022" in summary and "6. Tidak setuju" in summary
    assert says("bot.reg.name") in chat.send("Ubah nama", list_item=("UBAH_NAME", "Ubah nama"))
    again = chat.send("Siti Aminah")
    assert "Nama: Siti Aminah" in again and _step(rt, chat.number) == ("registration", "confirm")
    assert _applicant(rt, chat.number).consent_at is None
    assert says("bot.reg.consent.invalid") in chat.send("mungkin")
    reply = chat.send("Benar, saya setuju", list_item=("YA", "Benar, saya setuju"))
    assert says("bot.reg.done", name="Siti Aminah") in reply and says("bot.act.sent", minutes=15) in reply
    assert _applicant(rt, chat.number).consent_at is not None


def test_declining_at_the_summary_records_no_consent(chat, rt):
    for text in ("DAFTAR", "Siti Aminah", NIK, ADDRESS, "2"):
        chat.send(text)
    assert says("bot.reg.consent.declined") in chat.send("TIDAK")
    assert _applicant(rt, chat.number).consent_at is None


# ---- UBAH DATA -----------------------------------------------------------------------------
def test_ubah_data_changes_name_and_address_not_the_nik(chat, rt):
    register(chat)
    chat.send(activation_code(chat))
    menu = chat.send("UBAH DATA")
    assert "Nama: Siti Aminah" in menu and "1. Ubah nama" in menu and "5. Selesai" in menu
    chat.send("1")
    assert says("bot.reg.name.not_a_name") in chat.send("mau ganti nama kak?")
    saved = chat.send("Siti Aminah Lubis")
    assert says("bot.profile.saved") in saved and "Nama: Siti Aminah Lubis" in saved
    chat.send("ubah alamat")
    chat.send("Jl. Sudirman No. 9, Bagansiapiapi")
    assert says("bot.profile.nik_at_office") in chat.send("Ubah NIK", list_item=("UBAH_NIK", "Ubah NIK"))
    assert says("bot.profile.finished") in chat.send("selesai")
    a = _applicant(rt, chat.number)
    assert (a.name, a.address, a.nik) == ("Siti Aminah Lubis", "Jl. Sudirman No. 9, Bagansiapiapi", NIK)
    assert _step(rt, chat.number) == ("menu", "start")


def test_ubah_data_before_registering_starts_registration(chat):
    reply = chat.send("ubah data")
    assert says("bot.profile.need_registration") in reply and says("bot.reg.name") in reply


def test_the_same_prompt_is_never_said_twice_in_one_turn(chat):
    reply = chat.send("MENU")
    assert reply.count(says("bot.menu")) == 1
