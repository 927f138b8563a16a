"""The recommendation letter: number, data, QR code to the verification page, BSrE footer —
all inside the PDF before it is signed."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests import factories
from tests.paperwork.conftest import MONDAY_9, NIK, pdf_text, stored
from workflow import engine
from workflow.paperwork.letter import qr_image


def _signed(session, app):
    factories.advance(session, app, until="printing", now=MONDAY_9)
    [doc] = app.current_documents("issued")
    return doc, stored(session, doc)


def test_letter_carries_number_date_addressee_and_the_data(application, session):
    doc, data = _signed(session, application)
    text = pdf_text(data)
    flat = " ".join(text.split())
    assert application.issued_number == "400.9/1/DPMPTSP-REK/2026"
    assert f"Nomor: {application.issued_number}" in text
    assert "REKOMENDASI" in text and "30 November 2026" in text
    assert "Kepada Yth." in text and "Pimpinan SMP Negeri 1 Bangko" in text
    assert "Siti Aminah" in text and NIK in text  # the applicant's own letter names them fully
    assert "Budi Santoso" in text and "3 Mei 2012" in text
    assert application.tracking_code in text
    assert "Kepala Dinas" in text and "NIP 197001011995031001" in text
    assert "dalam rangka layanan Rekomendasi Bantuan Pengiriman Pelajar Anak Putus Sekolah" in flat
    assert doc.filename == f"rekomendasi-{application.tracking_code.lower()}.pdf"


def test_footer_follows_the_bsre_convention(application, session):
    _, data = _signed(session, application)
    flat = " ".join(pdf_text(data).split())
    assert (
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang "
        "diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), BSSN."
    ) in flat
    assert "https://tte.komdigi.go.id/verifyPDF" in flat


def test_qr_code_points_to_the_verification_page(application, session, config):
    _, data = _signed(session, application)
    url = f"{config.base_url}/verify/{application.verification_code}"
    assert url == f"http://testserver.local/verify/{application.verification_code}"
    assert url in " ".join(pdf_text(data).split())
    [image] = PdfReader(io.BytesIO(data)).pages[0].images
    drawn = image.image.convert("L").tobytes()
    assert drawn == qr_image(url).convert("L").tobytes()  # the very QR code of that URL
    assert drawn != qr_image(url + "x").convert("L").tobytes()


def test_letter_without_optional_details_still_renders(seeded, session):
    app = factories.draft_with_documents(session)
    app.details = {"child_name": "Rina"}
    factories.advance(session, app, until="printing", now=MONDAY_9)
    text = pdf_text(stored(session, app.current_documents("issued")[0]))
    assert "Rina" in text and "Yang berkepentingan" in text


def test_the_signed_letter_goes_to_the_applicant(application, session):
    from sqlalchemy import select

    from storage import OutboxMessage

    factories.advance(session, application, until="signing", now=MONDAY_9)
    kadis = factories.staff(session, "kadis")
    engine.fire(application, "sign", kadis, now=MONDAY_9, passphrase="demo-tte",
                preview_sha256=factories.previewed(session, application, kadis, MONDAY_9))
    [doc] = application.current_documents("issued")
    notices = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == application.applicant.whatsapp)).all()
    assert notices[-1].document_id == doc.id
