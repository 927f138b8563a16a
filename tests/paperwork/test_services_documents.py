"""Every service's own Tanda Terima and signed document, as its data says: run each service of
services.toml through its workflow and read what the receipt and the letter print. Rendered to
PNG (kept in /tmp/services-<code>-<letter|receipt>.png for a person to look at)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests import factories
from tests.paperwork.conftest import MONDAY_9, NIK, pdf_text, stored
from workflow.definition import service_definitions
from workflow.service_spec import answers, spec_for

CODES = [s["code"] for s in service_definitions()]


@pytest.fixture
def staff_nips(seeded, session):
    for username, nip in (("backoffice", "198001012005012001"), ("kadis", "197001011995031001")):
        factories.staff(session, username).nip = nip
    session.flush()


def _through(session, code):
    who = factories.applicant(session, name="Siti Aminah", nik=NIK)
    app = factories.draft_with_documents(session, who, code=code)
    factories.advance(session, app, until="printing", now=MONDAY_9)
    return app


def _flat(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


@pytest.mark.parametrize("code", CODES)
def test_each_service_prints_its_own_receipt_and_document(staff_nips, session, code, tmp_path):
    spec = spec_for(code)
    app = _through(session, code)
    said = answers(spec, app.details)
    receipt = _flat(stored(session, app.current_documents("receipt")[0]))
    assert spec.receipt.status in receipt and " ".join(spec.receipt.note.split()) in receipt
    for name in spec.receipt.fields:
        assert spec.question(name).label["id"] in receipt and said[name] in receipt
    [issued] = app.current_documents("issued")
    assert issued.filename == f"{spec.letter.filename}-{app.tracking_code.lower()}.pdf"
    letter = _flat(stored(session, issued))
    assert spec.letter.title in letter and f"Nomor: {app.issued_number}" in letter
    for row in spec.letter.fields:
        assert row.label in letter
    for question in spec.questions:  # every answer the letter prints is there, as people read it
        if any(f"{{{question.name}}}" in row.value for row in spec.letter.fields):
            assert said[question.name] in letter, question.name
    assert "Nama anak" not in letter or code == "APS"  # no child's data on another service's letter
    _look(session, app, issued, code, tmp_path)


def _look(session, app, issued, code, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    for name, doc in (("letter", issued), ("receipt", app.current_documents("receipt")[0])):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(stored(session, doc))
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / name)], check=True)
        pngs = sorted(tmp_path.glob(f"{name}-*.png"))
        assert len(pngs) == 1, f"the {code} {name} should fit one A4 page"
        with Image.open(pngs[0]) as image:
            assert image.getbbox() is not None
        if Path("/tmp").is_dir():
            shutil.copy(pngs[0], f"/tmp/services-{code.lower()}-{name}.png")


def test_the_sip_goes_straight_to_verification_and_is_an_izin(staff_nips, session):
    """The SOP's own SIP route: the completeness check hands the file to the Penata Perizinan
    Ahli Muda (no technical team, no Rekomendasi Teknis), and the signed document is the izin."""
    app = _through(session, "SIP")
    stages = [e.to_stage for e in app.history]
    assert "technical_review" not in stages
    assert stages[stages.index("completeness_check") + 1] == "verification"
    assert app.current_documents("recommendation") == []
    letter = _flat(stored(session, app.current_documents("issued")[0]))
    assert "SURAT IZIN PRAKTIK" in letter and "REKOMENDASI" not in letter
    assert "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan" in letter
    assert "Seumur hidup" not in letter or not app.details.get("str_valid_until")
