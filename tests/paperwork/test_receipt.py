"""The Tanda Terima: made when Back Office accepts a file, stored, attached to the notice."""

from __future__ import annotations

from sqlalchemy import select

from storage import OutboxMessage
from tests import factories
from tests.paperwork.conftest import MONDAY_9, NIK, pdf_text, stored
from workflow import engine
from workflow.paperwork.layout import id_date


def _accept(session, app):
    factories.advance(session, app, until="completeness_check", now=MONDAY_9)
    engine.fire(app, "accept", factories.staff(session, "backoffice"), now=MONDAY_9)
    return app.current_documents("receipt")


def test_accept_stores_a_receipt_and_the_notice_carries_it(application, session):
    receipts = _accept(session, application)
    assert len(receipts) == 1
    doc = receipts[0]
    assert doc.status == "accepted" and doc.pages == 1 and doc.filename.endswith(".pdf")
    data = stored(session, doc)
    assert data.startswith(b"%PDF-") and len(data) == doc.size
    notice = session.scalar(select(OutboxMessage).where(OutboxMessage.key == "notice.accepted"))
    assert notice.document_id == doc.id and notice.recipient == application.applicant.whatsapp


def test_receipt_says_what_the_sop_asks(application, session):
    doc = _accept(session, application)[0]
    text = pdf_text(stored(session, doc))
    assert "TANDA TERIMA BERKAS PERMOHONAN" in text
    assert "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU" in " ".join(text.split())  # the kop
    assert "Telepon (0767)" in text and "Bagansiapiapi 28912" in text
    assert application.tracking_code in text
    assert "30 November 2026 pukul 09.00 WIB" in text
    assert application.service.name in text
    assert "Siti Aminah" in text and "Budi Santoso" in text
    assert "LENGKAP — diteruskan ke Tim Teknis OPD" in text
    calendar = engine.calendar_for(session)
    assert f"{id_date(calendar.add_days(application.submitted_at, 6))} (6 hari kerja)" in text
    assert "Rina Back Office" in text and "NIP 198001012005012001" in text
    assert "ketik STATUS" in text
    assert "BUKAN surat rekomendasi" in text


def test_receipt_masks_the_nik(application, session):
    text = pdf_text(stored(session, _accept(session, application)[0]))
    assert "1407********0001" in text
    assert NIK not in text and NIK[4:12] not in text.replace("*", "")


def test_checklist_lists_every_requirement_received_or_not(application, session):
    text = pdf_text(stored(session, _accept(session, application)[0]))
    for req in application.service.requirements:
        assert req.label.split(" ")[0] in text
    assert "Bukti KIP/KKS/DTKS (jika ada) (opsional)" in text.replace("\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    assert lines.count("Ya") == 9  # the nine required documents were received…
    assert lines.count("Tidak") == 1  # …the optional one was not


def test_names_are_printed_as_text_not_markup(seeded, session):
    who = factories.applicant(session, name="Siti <b>Aminah</b> & Co")
    app = factories.draft_with_documents(session, who)
    app.details = {"child_name": "Budi <i>"}
    text = pdf_text(stored(session, _accept(session, app)[0]))
    assert "Siti <b>Aminah</b> & Co" in text and "Budi <i>" in text


def test_an_officer_without_a_nip_signs_without_a_nip_line(application, session):
    """A contract clerk has no NIP: the receipt names them and leaves the NIP line out ("NIP -" was printed)."""
    factories.staff(session, "backoffice").nip = ""
    text = pdf_text(stored(session, _accept(session, application)[0]))
    assert "Petugas penerima (Back Office)," in text and "Rina Back Office" in text
    assert "NIP" not in text


def test_a_document_made_from_photos_is_listed_like_any_other(application, session):
    ktp = next(d for d in application.documents if d.requirement and d.requirement.code == "ktp_wali")
    ktp.source, ktp.pages = "photos", 3  # "KTP-el orang tua/wali: 3 foto → PDF 3 halaman"
    ktp.parts = [{"url": f"https://api.twilio.example/m/{i}", "page": "0" * 64} for i in range(3)]
    session.flush()
    lines = [line.strip() for line in pdf_text(stored(session, _accept(session, application)[0])).splitlines()]
    row = lines.index("KTP-el orang tua/wali")
    assert lines[row + 1: row + 3] == ["Ya", "3"]  # received, 3 pages
    assert lines.count("Ya") == 9
