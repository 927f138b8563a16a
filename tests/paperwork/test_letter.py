"""The recommendation letter: kop with the office's identity, number, data, QR code to the
verification page, the signer's name and NIP, and a footer that tells the truth about the
certificate — all inside the PDF before it is signed. Rendered to PNG and looked at."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from catalogue.office import office
from tests import factories
from tests.paperwork.conftest import MONDAY_9, NIK, pdf_text, stored
from workflow import engine
from workflow.paperwork.letter import letter_data, qr_image, render_letter


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
    assert "KEPALA DINAS PENANAMAN MODAL" in text and "NIP 197001011995031001" in text
    assert "Kepala Dinas" in text  # the demo Kadis's name, from the signing staff account
    assert "dalam rangka layanan Rekomendasi Bantuan Pengiriman Pelajar Anak Putus Sekolah" in flat
    assert doc.filename == f"rekomendasi-{application.tracking_code.lower()}.pdf"


def _letter(application, session, settings):
    kadis = factories.staff(session, "kadis")
    data = letter_data(application, kadis, kadis.display_name, code="kode", now=MONDAY_9,
                       base_url="https://izin.example", tz_name="Asia/Jakarta", settings=settings)
    return " ".join(pdf_text(render_letter(data)).split())


def test_with_the_office_certificate_the_footer_follows_the_bsre_convention(application, session):
    flat = _letter(application, session, {"tte_cert_p12": "/etc/dpmptsp/kadis.p12"})
    assert (
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang "
        "diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), BSSN."
    ) in flat
    assert "https://tte.komdigi.go.id/verifyPDF" in flat and "SPESIMEN" not in flat


def test_with_the_development_certificate_it_is_a_specimen_without_a_bsre_claim(application, session):
    _, data = _signed(session, application)
    flat = " ".join(pdf_text(data).split())
    assert "SPESIMEN / TIDAK SAH" in flat and "BUKAN sertifikat elektronik yang diterbitkan oleh BSrE" in flat
    assert "diterbitkan oleh Balai Besar" not in flat and "tte.komdigi.go.id" not in flat


def test_the_kop_names_the_office_from_its_data(application, session):
    flat = _letter(application, session, {})
    identity = office()
    for value in (identity.government, identity.name, identity.address_line, identity.phone, identity.email):
        assert value in flat
    assert f"Ditetapkan di {identity.city}" in flat
    assert identity.emblem.is_file() and "emblem" in identity.unconfirmed  # the office replaces the sample


def test_the_letter_and_receipt_render_as_pictures(application, session, tmp_path):
    """pdftoppm draws both pages; the PNGs are kept under the test's folder for a person to look at."""
    import shutil
    import subprocess

    import pytest

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    _, data = _signed(session, application)
    receipt = stored(session, application.current_documents("receipt")[0])
    for name, pdf in (("letter", data), ("receipt", receipt)):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
        pngs = sorted(tmp_path.glob(f"{name}-*.png"))
        assert len(pngs) == 1, f"the {name} should fit one A4 page"
        from PIL import Image

        with Image.open(pngs[0]) as image:
            assert image.size[0] > 300 and image.getbbox() is not None
        shutil.copy(pngs[0], f"/tmp/paperwork-{name}.png") if Path("/tmp").is_dir() else None


def test_qr_code_points_to_the_verification_page(application, session, config):
    _, data = _signed(session, application)
    url = f"{config.base_url}/verify/{application.verification_code}"
    assert url == f"http://testserver.local/verify/{application.verification_code}"
    assert url in " ".join(pdf_text(data).split())
    expected = qr_image(url)
    images = PdfReader(io.BytesIO(data)).pages[0].images  # the kop's emblem and the QR code
    [qr] = [i for i in images if i.image.size == expected.size]
    drawn = qr.image.convert("L").tobytes()
    assert drawn == expected.convert("L").tobytes()  # the very QR code of that URL
    assert drawn != qr_image(url + "x").convert("L").tobytes()


def test_letter_without_optional_details_still_renders(seeded, session):
    app = factories.draft_with_documents(session)
    app.details = {"child_name": "Rina", "child_birth_date": "2012-01-31"}
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


def test_the_applicant_hears_of_milestones_only(application, session):
    """Five messages from submission to collection (the workflow file says which actions notify);
    the signed letter's caption says what it is and what is still to come."""
    from sqlalchemy import select

    import catalogue
    from storage import OutboxMessage
    from workflow.definition import load

    engine.fire(application, "submit", application.applicant, now=MONDAY_9)
    factories.advance(session, application, until="completed", now=MONDAY_9)
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == application.applicant.whatsapp)
                           .order_by(OutboxMessage.id)).all()
    assert [r.key for r in rows] == ["notice.submitted", "notice.accepted", "notice.signed",
                                     "notice.ready_for_pickup", "notice.completed"]
    [letter] = application.current_documents("issued")
    signed = rows[2]
    assert signed.document_id == letter.id
    caption = catalogue.render(signed.key, "id", **signed.variables)
    assert "Surat Rekomendasi" in caption and "ditandatangani" in caption and "kode pengambilan" in caption
    assert "dicetak" not in caption
    quiet = {a.name for a in load("rekomendasi").actions if not a.notice}
    assert quiet == {"recommend", "verify", "send_back", "approve", "assign_number"}
