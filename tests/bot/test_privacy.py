"""UU 27/2022 in the chat: the complete notice at consent and on PRIVASI, consent stored with the
notice's version (a new version asks again), DATA SAYA's masked summary and its PDF copy sent
through the expiring media link."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from storage import Applicant, OutboxMessage
from storage.privacy import mask_address, mask_phone, notice_version
from tests.bot.conftest import NIK, register, register_and_activate, start_application
from tests.pdf_samples import blank_pdf


def _applicant(rt) -> Applicant:
    with rt.sessions() as s:
        return s.scalar(select(Applicant))


def _set_consent_version(rt, version) -> None:
    with rt.transaction() as s:
        s.scalar(select(Applicant)).consent_version = version


# ---- the notice -------------------------------------------------------------------------------
NOTICE_PARTS = ("Pengendali data", "Tujuan", "Dasar hukum", "Pasal 20 ayat (2) huruf e", "Data yang dikumpulkan",
                "Penerima", "Tim Teknis", "Lama penyimpanan", "90 hari", "Hak Bapak/Ibu", "DATA SAYA", "HAPUS DATA",
                "Pejabat Pelindungan Data Pribadi", "ppdp.dpmptsp@rokanhilirkab.go.id")


def test_registration_shows_the_complete_notice_and_stores_its_version_with_the_consent(chat, rt):
    for text in ("DAFTAR", "Siti Aminah", NIK, "Jl. Merdeka No. 1, RT 01/RW 02"):
        chat.send(text)
    consent = chat.send("2")
    for part in NOTICE_PARTS:
        assert part in consent, part
    assert f"versi {notice_version()}" in consent and "Balas *YA*" in consent
    assert consent.index("Pemberitahuan Pelindungan Data Pribadi") < consent.index("Persetujuan pemrosesan")
    chat.send("YA")
    applicant = _applicant(rt)
    assert applicant.consent_at is not None and applicant.consent_version == notice_version()
    assert applicant.consent_message_sid  # proof of consent: the message that gave it (Pasal 24)


def test_privasi_shows_the_notice_at_any_time_even_unregistered_and_mid_dialog(chat, rt):
    assert "Pejabat Pelindungan Data Pribadi" in chat.send("PRIVASI")
    chat.send("DAFTAR")
    assert "Pengendali data" in chat.send("privasi")
    assert _applicant(rt).consent_at is None  # reading it is not agreeing to it


def test_notice_in_english(chat):
    chat.send("LANGUAGE")
    chat.send("2")
    reply = chat.send("PRIVACY")
    assert "Personal Data Protection Notice" in reply and "Data Protection Officer" in reply


# Indonesian words that have no place in the English notice (the facts once came in Indonesian only).
INDONESIAN = ("Dinas ", "Pejabat", "Senin", "Jumat", "Kamis", "istirahat", "sebagai penyedia", " dan ", "Tim Teknis",
              "PRIVASI", "DATA SAYA", "UBAH DATA", "HAPUS DATA")


def test_the_english_notice_is_english_throughout_and_gives_the_offices_own_hours(chat):
    from catalogue.office import office

    chat.send("LANGUAGE")
    chat.send("2")
    reply = chat.send("PRIVACY")
    for word in INDONESIAN:
        assert word not in reply, word
    assert office().hours_en in reply  # the DPO is reached during the office's hours, Friday included
    assert office().address_line in reply
    # The rights by the English words the chat takes: each one answers.
    for word in ("PRIVACY", "MY DATA", "UPDATE DATA", "ERASE MY DATA"):
        assert f"*{word}*" in reply, word
    assert "Data Protection Officer" in chat.send("privacy")
    assert "The data we hold about you" in chat.send("my data")
    assert "Reply *ERASE* to go on, or *NO* to stop." in chat.send("erase my data")
    assert "nothing was erased" in chat.send("no")


def test_the_indonesian_notice_gives_the_same_hours_as_the_office(chat):
    from catalogue.office import office

    reply = chat.send("PRIVASI")
    assert office().hours in reply and "Jumat 07.30–16.30" in office().hours


def test_the_notice_names_child_data_only_for_a_service_for_a_child(chat):
    """The data collected is illustrated by what every applicant meets; children's data is named
    as its own case, with the parent's or guardian's consent (Pasal 25)."""
    reply = chat.send("PRIVASI")
    collected = reply[reply.index("*4. Data yang dikumpulkan:*"):reply.index("*5. Penerima:*")]
    assert "reklame" in collected and "STR" in collected
    assert "Bila Bapak/Ibu memohon layanan untuk seorang anak" in collected and "Pasal 25" in collected
    assert "Pasal 25" not in reply[reply.index("*3. Dasar hukum:*"):reply.index("*4.")]
    kept = reply[reply.index("*6. Lama penyimpanan:*"):reply.index("*7.")]
    assert "pertanyaan kepada petugas 180 hari" in kept  # every retention period, questions included


# ---- a new version asks again ----------------------------------------------------------------------
def test_a_new_notice_version_is_asked_at_the_next_message_and_yes_records_it(chat, rt):
    register_and_activate(chat)
    _set_consent_version(rt, "2020-01-01")
    reply = chat.send("STATUS KU")  # any message
    assert "diperbarui" in reply and "Pengendali data" in reply and f"versi {notice_version()}" in reply
    assert "Balas *YA* atau *TIDAK*" in chat.send("mungkin")
    assert "persetujuan Bapak/Ibu sudah dicatat" in chat.send("YA")
    assert _applicant(rt).consent_version == notice_version()
    assert "diperbarui" not in chat.send("MENU")


def test_the_new_version_is_asked_with_two_buttons_and_a_tap_answers(chat, rt):
    """A yes/no question carries its choices: buttons when synced, numbered lines otherwise."""
    register_and_activate(chat)
    _set_consent_version(rt, "2020-01-01")
    assert "1. Ya, saya setuju\n2. Tidak setuju" in chat.send("halo")
    assert "persetujuan Bapak/Ibu sudah dicatat" in chat.send("Ya, saya setuju", tap=("YA", "Ya, saya setuju"))
    assert _applicant(rt).consent_version == notice_version()


def test_reconsent_puts_the_applicant_back_where_they_were(chat, rt):
    register_and_activate(chat)
    start_application(chat)
    _set_consent_version(rt, None)
    assert "diperbarui" in chat.send("", pdfs=[blank_pdf(1)])
    chat.send("YA")
    with rt.sessions() as s:
        from storage import Conversation

        conv = s.scalar(select(Conversation))
        assert (conv.dialog, conv.step) == ("application", "documents") and conv.data.get("application_id")


def test_reconsent_declined_keeps_the_old_version_and_rights_stay_open(chat, rt):
    register_and_activate(chat)
    _set_consent_version(rt, "2020-01-01")
    chat.send("AJUKAN")
    assert "HAPUS DATA" in chat.send("TIDAK")
    assert _applicant(rt).consent_version == "2020-01-01"
    # Rights and STATUS never wait for the new consent.
    assert "diperbarui" not in chat.send("DATA SAYA")
    assert "diperbarui" not in chat.send("STATUS")
    assert "diperbarui" in chat.send("AJUKAN")


# ---- DATA SAYA ------------------------------------------------------------------------------------
def test_data_saya_summary_is_masked(chat, rt):
    register_and_activate(chat)
    start_application(chat)
    reply = chat.send("DATA SAYA")
    assert "Siti Aminah" in reply and "1407********0001" in reply and NIK not in reply
    assert "Jl. M****** …" in reply and "Merdeka" not in reply
    assert mask_phone(chat.number) in reply and chat.number not in reply
    assert "Bangko" in reply or "DRAF" in reply
    assert "Balas *PDF*" in reply


def test_data_saya_offers_the_copy_and_the_menu_as_buttons(chat, rt):
    register_and_activate(chat)
    assert "1. Kirim salinan PDF\n2. Kembali ke menu" in chat.send("DATA SAYA")
    assert "Silakan pilih layanan" in chat.send("2")  # the second choice, typed: the menu
    chat.send("DATA SAYA")
    assert "dokumen PDF" in chat.send("Kirim salinan PDF", tap=("PDF", "Kirim salinan PDF"))


def test_data_saya_for_a_number_that_never_registered(chat):
    reply = chat.send("DATA SAYA")
    assert "Nama: -" in reply and "NIK: -" in reply and "belum diberikan" in reply


def test_data_saya_pdf_is_sent_through_an_expiring_media_link(chat, rt, run_jobs, client, fake_twilio):
    register_and_activate(chat)
    start_application(chat)
    chat.send("", pdfs=[blank_pdf(1)])
    run_jobs()
    chat.send("DATA SAYA")
    assert "Balas *PDF*" in chat.send("apa")  # a wrong answer re-asks
    assert "dokumen PDF" in chat.send("PDF")
    with rt.sessions() as s:
        row = s.scalar(select(OutboxMessage).where(OutboxMessage.key == "privacy.mydata.export"))
        assert row.attachment == "data_export" and row.document_id is None
    run_jobs()
    sent = [m for m in fake_twilio.messages if m.get("MediaUrl")]
    assert sent, "the export left without its media"
    url = sent[-1]["MediaUrl"]
    assert url.startswith("http://testserver.local/media/a/")
    response = client.get(url.removeprefix("http://testserver.local"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "SALINAN DATA PRIBADI" in text and NIK in text and "Jl. Merdeka No. 1" in text
    assert "Surat permohonan" in text and "diterima" in text  # the list of their documents


def test_media_attachment_link_refuses_tampered_and_expired_tokens(client, config, rt):
    from jobs.media import attachment_url

    url = attachment_url(config, "data_export", 1).removeprefix(config.base_url)
    assert client.get(url[:-2] + "xx").status_code == 404
    assert client.get("/media/a/not-a-token").status_code == 404
    assert client.get(url).status_code == 404  # no such applicant
    expired = config.with_(media_link_seconds=-1)
    from jobs.media import attachment_for_token

    assert attachment_for_token(expired, url.rsplit("/", 1)[1]) is None


def test_masks():
    assert mask_phone("+6281234567890") == "+6281*****7890"
    assert mask_phone("12345") == "*****"
    assert mask_address("Jl. Merdeka No. 1") == "Jl. M****** …"
    assert mask_address("") == ""


def test_registration_helper_still_works(chat, rt):
    register(chat)
    assert _applicant(rt).consent_version == notice_version()


def test_the_menu_offers_privacy(chat):
    menu = chat.send("MENU")
    line = next(line for line in menu.splitlines() if "Privasi & data saya" in line)
    assert "Pejabat Pelindungan Data Pribadi" in chat.send(line.split(".")[0])
