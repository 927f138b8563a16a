"""Golden conversations replayed through the signed webhook, with the real RQ worker checking
documents fetched from the Twilio stand-in. Each reply is compared with the catalogue text."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from sqlalchemy import select

from storage import Applicant, Application, Conversation, InboundMessage
from tests import factories
from tests.bot.conftest import (
    NIK,
    activation_code,
    apply_for,
    asks,
    register,
    register_and_activate,
    says,
    start_application,
)
from tests.pdf_samples import blank_pdf, docx_bytes
from workflow import engine


def _app(rt) -> Application:
    with rt.sessions() as s:
        app = s.scalar(select(Application).order_by(Application.id.desc()))
        _loaded = (app.documents, app.service.requirements, app.history)  # load while the session is open
        del _loaded
        return app


def test_happy_path_register_activate_apply_submit(chat, rt, run_jobs):
    menu = chat.send("Assalamualaikum")
    assert says("bot.menu.new") in menu and "1. Daftar akun" in menu

    assert "*nama lengkap*" in chat.send("1")
    assert "*NIK*" in chat.send("Siti Aminah")
    assert "*alamat*" in chat.send(NIK)
    kecamatan = chat.send("Jl. Merdeka No. 1, RT 01/RW 02")
    assert "1. Kubu\n2. Bangko" in kecamatan and "9. Tanah Putih Tj. Melawan\n10. Lainnya…" in kecamatan
    summary = chat.send("2")
    assert "UU No. 27 Tahun 2022" in summary and "NIK: " in summary and "Kecamatan: Bangko" in summary
    assert "1. Benar, saya setuju" in summary and "2. Ubah nama" in summary
    reply = chat.send("ya")
    assert says("bot.reg.done", name="Siti Aminah") in reply and says("bot.act.sent", minutes=15) in reply
    code = activation_code(chat)
    assert says("bot.act.done") in chat.send(code)

    documents = start_application(chat)
    assert "10. Bukti KIP/KKS/DTKS (jika ada) _(opsional)_" in documents
    assert "*1/10: Surat permohonan" in documents

    # Two files in one message fill requirements 1 and 2; then one at a time up to 9. Nothing is
    # said on arrival: each document gets one message, its verdict, from the document job.
    assert chat.send("", pdfs=[blank_pdf(1), blank_pdf(2)]) == ""
    for pages in range(3, 10):
        assert chat.send("", pdfs=[blank_pdf(pages)]) == ""
    # Leaving and coming back resumes the draft where it was.
    assert "1. Daftar akun" in chat.send("MENU")
    resumed = chat.send("AJUKAN")
    assert "Kita lanjutkan permohonan" in resumed and "*10/10: Bukti KIP" in resumed
    chat.outbox()
    run_jobs()
    verdicts = chat.outbox()
    assert [r.key for r in verdicts] == ["doc.accepted"] * 9
    assert verdicts[0].variables["pages"] == 1 and verdicts[1].variables["requirement"] == "KTP-el orang tua/wali"
    assert verdicts[1].variables["what"] == "PDF 2 halaman"
    # The next prompt goes under the last verdict only, and not at all here: "AJUKAN" asked 10/10 already.
    assert [r.variables["next"] for r in verdicts] == [""] * 9

    app = _app(rt)
    assert app.stage == "draft" and app.details == {"child_name": "Budi Santoso", "child_birth_date": "2011-02-14",
                                            "destination": "SMA Negeri 1 Bangko"}

    # Replace document 3, skip the optional 10th, then submit.
    assert "*3/10: Kartu Keluarga" in chat.send("3")
    chat.send("kk_baru.pdf", pdfs=[blank_pdf(12)])
    run_jobs()
    rows = chat.outbox()
    assert [r.key for r in rows] == ["doc.accepted"] and "*10/10: Bukti KIP" in rows[0].variables["next"]
    assert says("doc.accepted", **rows[0].variables).startswith("✅ *Kartu Keluarga (KK)*: kk_baru.pdf, 12 halaman — diterima.")
    summary = chat.send("LEWATI")
    assert "3. ✅ Kartu Keluarga (KK): kk_baru.pdf, 12 halaman" in summary and "10. ➖ Bukti KIP" in summary
    assert chat.send("YA") == ""
    app = _app(rt)
    assert app.stage == "completeness_check" and app.tracking_code.startswith("APS-")
    notice = [r for r in chat.outbox() if r.key == "notice.submitted"][0]
    assert notice.variables["tracking_code"] == app.tracking_code and notice.variables["expected"]
    assert sum(d.status == "superseded" for d in app.documents) == 1


def test_optional_document_is_skipped_a_required_one_is_not(chat, rt, run_jobs, seeded):
    register_and_activate(chat)
    start_application(chat)
    assert says("bot.apply.doc.cannot_skip", requirement="Surat permohonan kepada Bupati Rokan Hilir c.q. Kepala DPMPTSP") in chat.send("LEWATI")
    chat.send("", pdfs=[blank_pdf(p) for p in range(1, 10)])
    run_jobs()
    assert "*10/10: Bukti KIP" in chat.outbox()[-1].variables["next"]
    reply = chat.send("lewati")
    assert "Bukti KIP/KKS/DTKS (jika ada)* dilewati" in reply and "*Ringkasan permohonan*" in reply
    assert "10. ➖ Bukti KIP" in reply
    chat.send("YA")
    assert _app(rt).stage == "completeness_check"


def test_refused_file_is_answered_with_the_reason_and_asked_again(chat, rt, run_jobs, no_libreoffice):
    register_and_activate(chat)
    start_application(chat)
    chat.send("surat.docx", pdfs=[docx_bytes()])
    chat.outbox()
    run_jobs()
    rows = chat.outbox()
    assert [r.key for r in rows] == ["doc.refused.office_unavailable"]
    text = says("doc.refused.office_unavailable", **rows[0].variables)
    assert text.startswith("❌ *Surat permohonan kepada Bupati Rokan Hilir c.q. Kepala DPMPTSP* (surat.docx) belum dapat diterima.")
    assert text.endswith("📄 Silakan kirim *1/10: Surat permohonan kepada Bupati Rokan Hilir c.q. Kepala DPMPTSP* (PDF atau foto).")
    # The same PDF twice: once for requirement 1, then again for requirement 2 → refused as a duplicate.
    chat.send("", pdfs=[blank_pdf(1)])
    chat.send("", pdfs=[blank_pdf(1)])
    run_jobs()
    keys = [r.key for r in chat.outbox()]
    assert "doc.accepted" in keys and "bot.doc.duplicate" in keys


def test_invalid_then_valid_for_each_field(chat, rt):
    chat.send("DAFTAR")
    assert says("bot.reg.name.digits") in chat.send("12345")
    assert says("bot.reg.name.invalid") in chat.send("<script>alert('x')</script>")
    _reset_failures(rt, chat.number)
    chat.send("Siti Aminah")
    wrong_niks = {
        "1407-0141": "bot.reg.nik.format",
        "14070141070500AB": "bot.reg.nik.format",
        "9907014107050001": "bot.reg.nik.province",
        "1400014107050001": "bot.reg.nik.region",
        "1407013207050001": "bot.reg.nik.day",
        "1407017207050001": "bot.reg.nik.day",
        "1407013102050001": "bot.reg.nik.date",
        "1407014107050000": "bot.reg.nik.serial",
    }
    for nik, reason in wrong_niks.items():
        reply = chat.send(nik)
        assert says(reason) in reply, nik
        assert "*NIK*" in reply  # re-prompted
        _reset_failures(rt, chat.number)
    assert "*alamat*" in chat.send("3201 0150 0990 0001")  # outside Rokan Hilir is fine; spaces allowed
    with rt.sessions() as s:  # no NIK, right or wrong, stays in the stored messages
        bodies = list(s.scalars(select(InboundMessage.body)))
        assert "**** **** **** 0001" in bodies and not any(nik[:12] in b for nik in wrong_niks for b in bodies)
    assert says("bot.reg.address.invalid") in chat.send("Jl. A")
    chat.send("Jl. Merdeka No. 1, RT 01/RW 02")
    assert says("bot.reg.kecamatan.invalid") in chat.send("20")
    assert "UU No. 27" in chat.send("19")
    assert says("bot.reg.consent.invalid") in chat.send("mungkin")
    chat.send("YA")
    with rt.sessions() as s:
        a = s.scalar(select(Applicant).where(Applicant.whatsapp == chat.number))
        assert (a.nik, a.kecamatan, a.consent_at is not None) == ("3201015009900001", "luar", True)
    assert says("bot.act.format") in chat.send("12ab")
    chat.send(activation_code(chat))
    apply_for(chat)
    assert says("bot.reg.name.invalid") in chat.send("x")
    chat.send("Budi Santoso")
    assert asks("APS", "child_birth_date", "invalid") in chat.send("31-02-2011")
    chat.send("14 Februari 2011")
    assert asks("APS", "destination", "invalid") in chat.send("A")
    chat.send("SMA Negeri 1 Bangko")
    assert says("bot.apply.doc.expected") in chat.send("ini dokumennya")
    assert says("bot.apply.doc.no_such_number", count=10) in chat.send("11")


def _reset_failures(rt, number):
    with rt.transaction() as s:
        s.scalar(select(Conversation).where(Conversation.whatsapp == number)).failures = 0


def test_nik_registered_to_another_number_is_refused_politely(chat, rt):
    with rt.transaction() as s:
        factories.applicant(s, whatsapp="+6281111111111", nik=NIK)
    chat.send("DAFTAR")
    chat.send("Siti Aminah")
    assert says("bot.reg.nik.taken") in chat.send(NIK)


def test_three_failures_offer_the_menu_and_keep_what_was_saved(chat, rt):
    chat.send("DAFTAR")
    chat.send("Siti Aminah")
    chat.send("123")
    chat.send("456")
    reply = chat.send("789")
    assert says("bot.too_many_failures") in reply and "1. Daftar akun" in reply
    with rt.sessions() as s:
        conv = s.scalar(select(Conversation).where(Conversation.whatsapp == chat.number))
        assert (conv.dialog, conv.step) == ("menu", "start")
        assert s.scalar(select(Applicant.name).where(Applicant.whatsapp == chat.number)) == "Siti Aminah"


def test_cancel_midway_and_unknown_input(chat, rt):
    assert says("bot.menu.unknown") in chat.send("apa kabar")
    assert says("bot.menu.media_outside_application") in chat.send("", pdfs=[blank_pdf(1)])
    chat.send("DAFTAR")
    chat.send("Siti Aminah")
    assert says("bot.cancelled") in chat.send("batal")
    assert says("bot.menu.unknown") in chat.send(NIK)  # no longer in the registration dialog


def test_a_dialog_idle_for_24_hours_restarts_politely(chat, rt):
    chat.send("DAFTAR")
    chat.send("Siti Aminah")
    with time_machine.travel(timedelta(hours=25), tick=True):
        reply = chat.send(NIK)
    assert says("bot.expired") in reply and "1. Daftar akun" in reply


def test_wrong_activation_code_five_times_then_resend(chat, rt):
    register(chat)
    code = activation_code(chat)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for left in (4, 3, 2, 1):
        assert says("bot.act.wrong", left=left) in chat.send(wrong)
    assert says("bot.act.locked") in chat.send(wrong)
    assert says("bot.act.locked") in chat.send(code)  # even the right one: the code is spent
    # KIRIM ULANG is rate-limited: a minute after the last send.
    assert "Mohon tunggu" in chat.send("KIRIM ULANG")
    with time_machine.travel(timedelta(seconds=61), tick=True):
        assert says("bot.act.sent", minutes=15) in chat.send("kirim ulang")
        new_code = activation_code(chat)
        assert says("bot.act.done") in chat.send(new_code)
    with rt.sessions() as s:
        a = s.scalar(select(Applicant).where(Applicant.whatsapp == chat.number))
        conv = s.scalar(select(Conversation).where(Conversation.whatsapp == chat.number))
        assert a.is_active and "activation" not in conv.data


def test_activation_code_expires_after_15_minutes_and_is_hashed(chat, rt):
    register(chat)
    code = activation_code(chat)
    with rt.sessions() as s:
        conv = s.scalar(select(Conversation).where(Conversation.whatsapp == chat.number))
        assert code not in str(conv.data)
    with time_machine.travel(timedelta(minutes=16), tick=True):
        assert says("bot.act.expired") in chat.send(code)


def test_activation_hash_is_keyed_by_the_server_secret(chat, rt):
    """The stored hash is an HMAC under a key derived from SECRET_KEY: the database alone cannot
    check a guess."""
    import hashlib
    import hmac as hmac_mod

    register(chat)
    code = activation_code(chat)
    with rt.sessions() as s:
        state = s.scalar(select(Conversation).where(Conversation.whatsapp == chat.number)).data["activation"]
    salt = bytes.fromhex(state["salt"])
    key = rt.settings["activation_key"].encode()
    assert state["scheme"] == "hmac-sha256"
    assert state["hash"] == hmac_mod.new(key, salt + code.encode(), hashlib.sha256).hexdigest()
    assert state["hash"] != hmac_mod.new(b"another key", salt + code.encode(), hashlib.sha256).hexdigest()
    assert state["hash"] != hashlib.sha256(salt + code.encode()).hexdigest()
    assert says("bot.act.done", name="Siti Aminah") in chat.send(code)


def test_returned_file_resend_and_resubmit(chat, rt, run_jobs):
    register_and_activate(chat)
    with rt.transaction() as s:
        a = s.scalar(select(Applicant).where(Applicant.whatsapp == chat.number))
        app = factories.draft_with_documents(s, a)
        app.details = {"child_name": "Budi", "child_birth_date": "2011-02-14", "destination": "SMA 1"}
        engine.fire(app, "submit", a)
        engine.fire(app, "return", factories.staff(s, "backoffice"), reasons=["Kartu Keluarga (KK) tidak terbaca"])
    chat.outbox()
    status = chat.send("STATUS")
    assert "dikembalikan untuk dilengkapi" in status and "• Kartu Keluarga (KK) tidak terbaca" in status
    assert "*3/10: Kartu Keluarga" in chat.send("PERBAIKI")
    assert says("bot.cancelled") in chat.send("BATAL")
    # As the notice says: just send the PDF in the chat, then YA.
    reply = chat.send("", pdfs=[blank_pdf(20)])
    assert "dikembalikan untuk dilengkapi" in reply and "• Kartu Keluarga (KK)" in reply
    run_jobs()
    rows = chat.outbox()
    assert [r.key for r in rows] == ["doc.accepted"] and "*Berkas APS-" in rows[0].variables["next"]
    assert chat.send("YA") == ""
    app = _app(rt)
    assert app.stage == "completeness_check" and [h.action for h in app.history][-1] == "resubmit"
    assert [r.key for r in chat.outbox()] == ["notice.resubmitted"]


def test_a_return_with_ticked_reasons_asks_for_those_documents(chat, rt):
    """The back office ticked reasons (no typed line names the document): STATUS says them in
    words and PERBAIKI asks for exactly the SKTM (workflow.return_reasons)."""
    register_and_activate(chat)
    with rt.transaction() as s:
        a = s.scalar(select(Applicant).where(Applicant.whatsapp == chat.number))
        app = factories.draft_with_documents(s, a)
        app.details = {"child_name": "Budi", "child_birth_date": "2011-02-14", "destination": "SMA 1"}
        engine.fire(app, "submit", a)
        engine.fire(app, "return", factories.staff(s, "backoffice"), reason_codes=["sktm:expired", "sktm:unsigned"])
    chat.outbox()
    status = chat.send("STATUS")
    assert "• Surat Keterangan Tidak Mampu (SKTM) dari Lurah/Penghulu: sudah kedaluwarsa/tidak berlaku lagi, " \
           "belum ditandatangani/distempel" in status
    reply = chat.send("PERBAIKI")
    assert "*4/10: Surat Keterangan Tidak Mampu" in reply and "Kartu Keluarga" not in reply.split("*4/10")[1]


def test_a_file_sent_after_a_return_marks_the_returned_documents_in_the_which_list(chat, rt):
    """Two documents returned, a file sent without PERBAIKI: the "which requirement?" list marks
    the returned ones 🔁 (to send again), not ✅ as if nothing were wrong with them."""
    register_and_activate(chat)
    with rt.transaction() as s:
        a = s.scalar(select(Applicant).where(Applicant.whatsapp == chat.number))
        app = factories.draft_with_documents(s, a)
        engine.fire(app, "submit", a)
        engine.fire(app, "return", factories.staff(s, "backoffice"),
                    reason_codes=["ktp_wali:unreadable", "kartu_keluarga:child_not_listed"])
    chat.outbox()
    reply = chat.send("", pdfs=[blank_pdf(1)])
    assert "\n2. 🔁 KTP-el orang tua/wali\n3. 🔁 Kartu Keluarga (KK)\n" in reply
    assert "\n7. ✅ Pas foto anak (3x4)\n" in reply and "✅ KTP-el" not in reply and "✅ Kartu Keluarga" not in reply


def test_the_return_notice_says_photos_are_welcome_too():
    """A returned document may come back as a photo like any other: the notice must not say PDF only."""
    from catalogue import render

    for key in ("notice.returned", "reminder.returned"):
        for language, words in (("id", "(PDF atau foto)"), ("en", "(PDF or photo)")):
            text = render(key, language, "Asia/Jakarta", tracking_code="APS-2026-000001", reasons=["x"], days=3)
            assert words in text and "sebagai PDF" not in text and "as PDFs" not in text


def test_status_of_a_finished_file_does_not_print_empty_holder_and_due_lines(chat, rt):
    """A completed file: "Status: selesai" and its history, without "Ditangani: -" and
    "Target selesai tahap ini: -" (nobody holds it and no step is due)."""
    register_and_activate(chat)
    with rt.transaction() as s:
        a = s.scalar(select(Applicant).where(Applicant.whatsapp == chat.number))
        app = factories.draft_with_documents(s, a)
        engine.fire(app, "submit", a)
        factories.advance(s, app, until="completed")
    reply = chat.send("STATUS")
    assert "Status: selesai" in reply
    assert "Riwayat:" in reply and "Ditangani: -" not in reply and "Target selesai tahap ini: -" not in reply, reply


def test_status_lists_each_application(chat, rt):
    register_and_activate(chat)
    assert says("bot.status.none") in chat.send("STATUS")
    with rt.transaction() as s:
        a = s.scalar(select(Applicant).where(Applicant.whatsapp == chat.number))
        app = factories.draft_with_documents(s, a)
        engine.fire(app, "submit", a)
        code = app.tracking_code
    reply = chat.send("status")
    assert f"*{code}*" in reply and "diperiksa kelengkapannya oleh Back Office" in reply
    assert "Ditangani: Back Office" in reply and "Riwayat:" in reply


def test_an_english_applicant_resumes_a_draft_under_its_english_name(chat, rt):
    """"Let us continue your unfinished application *Recommendation for …*", not the Indonesian name."""
    register_and_activate(chat)
    chat.send("LANGUAGE")
    chat.send("2")
    chat.send("APPLY")
    chat.send("1")  # the list's first service: APS
    chat.send("MENU")
    resumed = chat.send("APPLY")
    assert "Let us continue your unfinished application *Recommendation for assistance" in resumed, resumed


def test_english_on_request(chat, rt):
    assert "1. Bahasa Indonesia\n2. English" in chat.send("LANGUAGE")
    assert says("bot.language.done", "en") in chat.send("2")
    reply = chat.send("MENU")
    assert "Welcome" in reply and "1. Register" in reply
    chat.send("REGISTER")
    assert says("bot.reg.nik", "en") in chat.send("Siti Aminah")
    with rt.sessions() as s:
        assert s.scalar(select(Applicant.language).where(Applicant.whatsapp == chat.number)) == "en"


def test_a_second_service_is_chosen_by_number(chat, rt):
    from storage import Requirement, Service

    with rt.transaction() as s:
        svc = Service(code="TST", name="Layanan Uji", name_en="Test service", workflow="rekomendasi",
                      number_format="T/{seq}/{year}")
        svc.requirements.append(Requirement(code="ktp", position=1, label="KTP", required=True))
        s.add(svc)
    register_and_activate(chat)
    listing = chat.send("AJUKAN")
    with rt.sessions() as s:
        count = len(s.scalars(select(Service).where(Service.active.is_(True))).all())
    assert "1. Rekomendasi Bantuan" in listing and f"{count}. Layanan Uji" in listing
    assert says("bot.apply.service.invalid", count=count) in chat.send(str(count + 1))
    started = chat.send(str(count))  # a service without data files asks no questions: the documents come next
    assert "*Layanan Uji*" in started and "*1/1: KTP*" in started


def test_what_the_letter_prints_is_asked_and_checked(chat, rt):
    """The child's date of birth is asked after the name; a school name the letter's font
    cannot draw (emoji, only invisible characters) is refused where it is typed."""
    register_and_activate(chat)
    apply_for(chat)
    assert asks("APS", "child_birth_date") in chat.send("Budi Santoso")
    assert asks("APS", "child_birth_date", "future") in chat.send("01-01-2099")
    assert asks("APS", "destination") in chat.send("2011-02-14")
    assert asks("APS", "destination", "invalid") in chat.send("\u200b\u200b\u200b")
    assert asks("APS", "destination", "invalid") in chat.send("SMA 🏫 Bangko")
    chat.send("ＳＭＡ Negeri 1\u200b Bangko")
    app = _app(rt)
    assert app.details == {"child_name": "Budi Santoso", "child_birth_date": "2011-02-14", "destination": "SMA Negeri 1 Bangko"}


def test_the_same_nik_in_arabic_indic_digits_is_still_taken(chat, rt):
    """Issue 16: `14٠٧٠١٤١٠٧٠٥٠٠٠١` is the registered NIK written with other digits."""
    with rt.transaction() as s:
        factories.applicant(s, whatsapp="+6281111111111", nik=NIK)
    chat.send("DAFTAR")
    chat.send("Siti Aminah")
    assert says("bot.reg.nik.taken") in chat.send("14٠٧٠١٤١٠٧٠٥٠٠٠١")
    assert says("bot.reg.nik.taken") in chat.send(NIK.translate(str.maketrans("0123456789", "０１２３４５６７８９")))
