"""Photos as citizens send them: one PDF per requirement, several pages, the verdict naming what
was sent, a file nobody asked for, a misfiled document moved. Real worker, real converter."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from simulator.sample_photos import GPS_IFD, document_photo
from storage import Application, Document
from storage.conversion import office_available
from tests.bot.conftest import register_and_activate, says, start_application
from tests.pdf_samples import blank_pdf, docx_bytes

KTP = "KTP-el orang tua/wali"
LETTER = "Surat permohonan kepada Bupati Rokan Hilir c.q. Kepala DPMPTSP"


def _docs(rt) -> list[Document]:
    with rt.sessions() as s:
        return list(s.scalars(select(Document).where(Document.kind == "requirement").order_by(Document.id)))


def _photos(chat, *photos, content_type="image/jpeg", body=""):
    media = [(chat.fake.add_media(data, content_type), content_type) for data in photos]
    response = chat.post(body, media=media)
    assert response.status_code == 200
    from tests.bot.conftest import twiml_text

    return twiml_text(response.data)


def _verdict(chat) -> str:
    rows = [r for r in chat.outbox() if r.priority == "reply"]
    assert len(rows) == 1, [r.key for r in rows]
    return says(rows[0].key, **rows[0].variables)


def _ready(chat, rt, run_jobs):
    register_and_activate(chat)
    start_application(chat)
    chat.send("", pdfs=[blank_pdf(1)])  # requirement 1 as a PDF
    run_jobs()
    chat.outbox()


def test_one_photo_becomes_a_one_page_pdf_on_the_requirement_asked_for(chat, rt, run_jobs):
    _ready(chat, rt, run_jobs)
    assert _photos(chat, document_photo(1600, 1200)) == ""  # nothing on arrival: one message per document
    run_jobs()
    text = _verdict(chat)
    assert text.startswith(f"✅ *{KTP}*: 1 foto → PDF 1 halaman — diterima.")
    assert f"Ada halaman lain untuk *{KTP}*?" in text and "*SELESAI* untuk lanjut ke *3/10: Kartu Keluarga" in text
    doc = _docs(rt)[-1]
    assert (doc.source, doc.status, doc.pages, doc.photos) == ("photos", "accepted", 1, 1)
    pdf = rt.files.path_for_reading(doc.sha256)
    assert len(PdfReader(pdf).pages) == 1 and b"SamplePhone" not in pdf.read_bytes()
    # the page's picture inside the PDF carries no EXIF at all: no GPS position, no camera
    (picture,) = PdfReader(pdf).pages[0].images
    with Image.open(io.BytesIO(picture.data)) as page:
        assert page.format == "JPEG" and dict(page.getexif()) == {} and not page.getexif().get_ifd(GPS_IFD)
    assert b"Exif\x00\x00" not in picture.data


def test_photos_in_one_message_and_one_after_another_make_one_pdf_until_selesai(chat, rt, run_jobs):
    _ready(chat, rt, run_jobs)
    _photos(chat, document_photo(1200, 900), document_photo(1200, 900, orientation=1))
    _photos(chat, document_photo(1000, 800))
    run_jobs()
    text = _verdict(chat)
    assert text.startswith(f"✅ *{KTP}*: 3 foto → PDF 3 halaman — diterima.")
    docs = _docs(rt)
    assert len(docs) == 2 and (docs[1].pages, docs[1].photos) == (3, 3)
    reply = chat.send("SELESAI")
    assert "*3/10: Kartu Keluarga" in reply
    # The next photo starts the next requirement's document.
    _photos(chat, document_photo(1200, 900))
    run_jobs()
    assert _verdict(chat).startswith("✅ *Kartu Keluarga (KK)*: 1 foto → PDF 1 halaman")
    # A PDF moves on by itself: the open photo document is closed.
    chat.send("akta.pdf", pdfs=[blank_pdf(2)])
    run_jobs()
    assert _verdict(chat).startswith("✅ *Surat Keterangan Tidak Mampu (SKTM) dari Lurah/Penghulu*: akta.pdf, 2 halaman — diterima.")
    assert [d.requirement.code for d in _docs_loaded(rt)][1:] == ["ktp_wali", "kartu_keluarga", "sktm"]


def _docs_loaded(rt):
    with rt.sessions() as s:
        docs = list(s.scalars(select(Document).where(Document.kind == "requirement").order_by(Document.id)))
        for d in docs:
            _ = d.requirement
        return docs


def test_heic_and_png_sent_as_documents_are_photos_too(chat, rt, run_jobs):
    _ready(chat, rt, run_jobs)
    _photos(chat, document_photo(1200, 900, fmt="HEIF"), content_type="image/heic", body="IMG_0001.HEIC")
    run_jobs()
    assert _verdict(chat).startswith(f"✅ *{KTP}*: 1 foto → PDF 1 halaman")
    chat.send("SELESAI")
    # a PNG sent as a document whose type WhatsApp did not know: decided by its bytes
    url = chat.fake.add_media(document_photo(1200, 900, fmt="PNG", orientation=1), "application/octet-stream")
    chat.post("scan.png", media=[(url, "application/octet-stream")])
    run_jobs()
    assert _verdict(chat).startswith("✅ *Kartu Keluarga (KK)*: 1 foto → PDF 1 halaman")
    assert [d.source for d in _docs(rt)] == ["pdf", "photos", "photos"]


def test_a_truncated_photo_is_refused_with_its_reason_and_asked_again(chat, rt, run_jobs):
    _ready(chat, rt, run_jobs)
    data = document_photo(1600, 1200)
    _photos(chat, data[: len(data) // 3])
    run_jobs()
    text = _verdict(chat)
    assert text.startswith(f"❌ *{KTP}* (1 foto) belum dapat diterima. Mohon maaf, foto ini rusak")
    assert text.endswith(f"📄 Silakan kirim *2/10: {KTP}* (PDF atau foto).")
    # The next photo is a fresh start for the same requirement, not page 2 of a refused document.
    _photos(chat, data)
    run_jobs()
    assert _verdict(chat).startswith(f"✅ *{KTP}*: 1 foto → PDF 1 halaman")


def test_one_bad_photo_among_good_ones_is_left_out_and_said(chat, rt, run_jobs):
    _ready(chat, rt, run_jobs)
    data = document_photo(1200, 900)
    _photos(chat, data, data[:2000], document_photo(1000, 800))
    run_jobs()
    text = _verdict(chat)
    assert text.startswith(f"✅ *{KTP}*: 2 foto → PDF 2 halaman — diterima. Foto ke-2 tidak dapat dibaca")


def test_a_file_sent_while_the_bot_asks_for_yes_is_not_guessed_into_a_slot(chat, rt, run_jobs):
    register_and_activate(chat)
    start_application(chat)
    chat.send("", pdfs=[blank_pdf(p) for p in range(1, 10)])
    run_jobs()
    summary = chat.send("LEWATI")
    assert "*Ringkasan permohonan*" in summary
    chat.outbox()
    question = _photos(chat, document_photo(1200, 900))
    assert "Berkas ini untuk persyaratan yang mana?" in question  # a list picker; numbered lines as text
    assert "1. ✅ Surat permohonan" in question and "10. Bukti KIP/KKS/DTKS" in question
    assert _docs(rt)[-1].source == "pdf"  # nothing filed yet
    assert says("bot.apply.doc.which.invalid", count=10) in chat.send("kartu keluarga")
    assert chat.send(list_item=("req-10", "Bukti KIP/KKS/DTKS (ji…")) == ""  # a tap on the list row
    run_jobs()
    assert _verdict(chat).startswith("✅ *Bukti KIP/KKS/DTKS (jika ada)*: 1 foto → PDF 1 halaman")
    assert says("bot.apply.summary.line_ok", n=10, requirement="Bukti KIP/KKS/DTKS (jika ada)",
                what="1 foto → PDF 1 halaman") in chat.send("SELESAI")


def test_a_misfiled_document_is_moved_by_its_number(chat, rt, run_jobs):
    register_and_activate(chat)
    start_application(chat)
    chat.send("ktp_ayah.pdf", pdfs=[blank_pdf(1)])  # meant for 2, filed as 1
    run_jobs()
    verdict = _verdict(chat)
    assert verdict.startswith(f"✅ *{LETTER}*: ktp_ayah.pdf, 1 halaman — diterima.")  # the applicant sees the slip
    reply = chat.send("PINDAH 1 KE 2")
    assert f"*ktp_ayah.pdf, 1 halaman* dipindahkan dari 1. {LETTER} ke *2. {KTP}*" in reply
    assert f"*1/10: {LETTER}*" in reply
    chat.send("surat.pdf", pdfs=[blank_pdf(3)])
    run_jobs()
    _verdict(chat)
    summary_docs = {d.requirement.code: d.filename for d in _docs_loaded(rt)}
    assert summary_docs == {"surat_permohonan": "surat.pdf", "ktp_wali": "ktp_ayah.pdf"}
    # Moving onto a filled requirement swaps the two: nothing is lost.
    reply = chat.send("pindah 2 1")
    assert "kini di 2." in reply
    assert {d.requirement.code: d.filename for d in _docs_loaded(rt)} == {"surat_permohonan": "ktp_ayah.pdf", "ktp_wali": "surat.pdf"}
    assert says("bot.apply.doc.nothing_to_move", a=5) in chat.send("PINDAH 5 KE 6")


def test_staff_and_the_api_see_the_source_and_pages(chat, rt, run_jobs):
    _ready(chat, rt, run_jobs)
    _photos(chat, document_photo(1200, 900), document_photo(1200, 900))
    run_jobs()
    from backoffice.presenters import document

    with rt.sessions() as s:
        app = s.scalar(select(Application))
        shown = [document(d) for d in app.documents]
    assert shown[-1]["source"] == "photos" and shown[-1]["pages"] == 2  # one page per photo
    assert shown[0]["source"] == "pdf"


def test_selesai_before_the_check_ends_is_not_followed_by_the_same_prompt_again(chat, rt, run_jobs):
    _ready(chat, rt, run_jobs)
    _photos(chat, document_photo(1200, 900))
    asked = chat.send("SELESAI")  # the photo is still being converted
    assert "*3/10: Kartu Keluarga" in asked
    run_jobs()
    text = _verdict(chat)
    assert text == f"✅ *{KTP}*: 1 foto → PDF 1 halaman — diterima."  # the verdict alone: 3/10 was asked already


@pytest.mark.skipif(not office_available(), reason="LibreOffice (soffice) is not installed")
def test_a_word_file_is_converted_where_libreoffice_is_installed(chat, rt, run_jobs):
    register_and_activate(chat)
    start_application(chat)
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    chat.post("surat.docx", media=[(chat.fake.add_media(docx_bytes(), docx), docx)])
    chat.outbox()
    run_jobs()
    text = _verdict(chat)
    assert text.startswith(f"✅ *{LETTER}*: surat.docx → PDF 1 halaman — diterima.")
    assert text.endswith(f"📄 Silakan kirim *2/10: {KTP}* (PDF atau foto).")
    doc = _docs(rt)[-1]
    assert (doc.source, doc.status, doc.pages) == ("converted", "accepted", 1)
    assert "Surat permohonan (CONTOH)" in PdfReader(rt.files.path_for_reading(doc.sha256)).pages[0].extract_text()


def test_photos_sent_while_the_service_or_a_question_is_asked_are_kept_and_filed_where_the_applicant_says(chat, rt, run_jobs):
    register_and_activate(chat)
    services = chat.send("AJUKAN")  # "Layanan apa yang ingin Bapak/Ibu ajukan?" (the office offers several)
    reply = _photos(chat, document_photo(1200, 900))  # the front of the KTP, before anything was asked for
    assert reply.startswith(says("bot.apply.file_kept")) and reply.endswith(services.split("\n\n")[-1])
    first = chat.send("APS")  # "Siapa nama lengkap anak…?"
    reply = _photos(chat, document_photo(1200, 900, label="BELAKANG"))  # …and its back
    assert reply.startswith(says("bot.apply.file_kept"))
    assert reply.endswith(first.split("\n\n")[-1])  # the same question again, not "Nama harus berupa huruf"
    assert _docs(rt) == []  # not an answer, and not guessed into a requirement
    chat.send("Budi Santoso")
    chat.send("14-02-2011")
    question = chat.send("SMA Negeri 1 Bangko")  # the last answer: the requirements, then the kept files
    assert "Dokumen yang diperlukan:" in question and "Berkas ini untuk persyaratan yang mana?" in question
    assert chat.send(list_item=("req-2", KTP)) == ""
    run_jobs()
    assert _verdict(chat).startswith(f"✅ *{KTP}*: 2 foto → PDF 2 halaman — diterima.")  # one document, 2 pages
    assert [d.requirement.code for d in _docs_loaded(rt)] == ["ktp_wali"]
    assert f"*1/10: {LETTER}*" in chat.send("SELESAI")  # then the first one still missing


def test_the_selesai_button_is_never_a_numbered_line(chat, rt, run_jobs):
    """Without WhatsApp buttons (nothing synced) the verdict says to type SELESAI and lists no "1. Selesai":
    in the document step a number replaces that document."""
    _ready(chat, rt, run_jobs)
    _photos(chat, document_photo(1200, 900))
    run_jobs()
    [row] = [r for r in chat.outbox() if r.priority == "reply"]
    assert row.variables["_choices"] == [{"id": "selesai", "title": "Selesai", "description": "", "numbered": False}]
    sent = [m["Body"] for m in chat.fake.messages if m.get("To") == f"whatsapp:{chat.number}" and "foto → PDF" in m.get("Body", "")]
    assert sent and sent[-1].endswith("*SELESAI* untuk lanjut ke *3/10: Kartu Keluarga (KK)*.")  # no "\n1. Selesai"
    assert "*3/10: Kartu Keluarga (KK)*" in chat.send(tap=("selesai", "Selesai"))
