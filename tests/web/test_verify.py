"""GET /verify/<code>: the public page the QR code points to. Genuine or not, number, date,
service, a masked name — and no other personal data."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage import mask_name
from tests import factories
from workflow.paperwork.store import file_store

MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
NIK = "1407014107050001"


@pytest.fixture
def issued(seeded, session):
    """A signed application, committed (the web request reads it with its own session)."""
    who = factories.applicant(session, name="Siti Aminah", nik=NIK)
    app = factories.draft_with_documents(session, who)
    app.details = {"child_name": "Budi Santoso", "child_birth_date": "2012-05-03", "destination": "SMP Negeri 1 Bangko"}
    factories.advance(session, app, until="printing", now=MONDAY_9)
    session.commit()
    return app


def _signed_bytes(session, app) -> bytes:
    return file_store(session).get_bytes(app.current_documents("issued")[0].sha256)


def test_genuine_document(client, issued):
    res = client.get(f"/verify/{issued.verification_code}")
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    assert "Dokumen ASLI" in page and "Genuine document" in page
    assert issued.issued_number in page
    assert "30 November 2026" in page
    assert issued.service.name in page
    assert "S*** A*****" in page
    assert res.headers["Cache-Control"] == "no-store"
    assert "noindex" in res.headers["X-Robots-Tag"]


def test_no_personal_data_beyond_a_masked_name(client, issued):
    page = client.get(f"/verify/{issued.verification_code}").get_data(as_text=True)
    for secret in (NIK, "1407********0001", "Siti Aminah", "Aminah", "Budi Santoso", "SMP Negeri 1 Bangko",
                   "Jl. Merdeka", issued.tracking_code, issued.applicant.whatsapp):
        assert secret not in page


def test_a_changed_byte_fails_verification(client, issued, session):
    data = bytearray(_signed_bytes(session, issued))
    i = data.find(b"Rekomendasi 400.9/1")
    data[i] = ord("X")
    doc = issued.current_documents("issued")[0]
    doc.sha256 = file_store(session).put_bytes(bytes(data))  # a tampered copy under the same record
    session.commit()
    res = client.get(f"/verify/{issued.verification_code}")
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    assert "TIDAK DAPAT DIPASTIKAN ASLI" in page and "Dokumen ASLI" not in page
    assert "tidak utuh" in page


def test_a_stored_file_changed_in_place_fails_verification(client, issued, session):
    doc = issued.current_documents("issued")[0]
    path = Path(session.info["settings"]["instance_path"]) / "files" / doc.sha256[:2] / doc.sha256[2:4] / doc.sha256
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\n%x\n")
        page = client.get(f"/verify/{issued.verification_code}").get_data(as_text=True)
        assert "TIDAK DAPAT DIPASTIKAN ASLI" in page
    finally:
        path.write_bytes(original)


def test_unknown_code_is_404(client, seeded):
    res = client.get("/verify/not-a-real-code-0000000000")
    assert res.status_code == 404
    assert "Dokumen tidak ditemukan" in res.get_data(as_text=True)


def test_a_code_of_an_unsigned_application_is_404(client, seeded, session):
    app = factories.draft_with_documents(session)
    session.commit()
    assert client.get(f"/verify/{app.id}").status_code == 404


def test_visitor_can_compare_a_copy(client, issued, session):
    original = _signed_bytes(session, issued)
    url = f"/verify/{issued.verification_code}"
    # The upload form is a cookie-session POST like any other: it carries the CSRF token.
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True))[1]
    same = client.post(url, data={"document": (io.BytesIO(original), "rekomendasi.pdf"), "csrf_token": token}, content_type="multipart/form-data")
    assert "Sama persis dengan dokumen asli" in same.get_data(as_text=True)
    changed = client.post(url, data={"document": (io.BytesIO(original + b" "), "rekomendasi.pdf"), "csrf_token": token}, content_type="multipart/form-data")
    assert "Berbeda dengan dokumen asli" in changed.get_data(as_text=True)
    assert client.post(url, data={"document": (io.BytesIO(original), "x.pdf")}, content_type="multipart/form-data").status_code == 400
    empty = client.post(url, data={"csrf_token": token}, content_type="multipart/form-data")
    assert "Pilih berkas PDF" in empty.get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "masked"),
    [("Siti Aminah", "S*** A*****"), ("Budi", "B***"), ("  ", ""), (None, ""), ("Ahmad bin Ali", "A**** b** A**")],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


# ---- trusted time (RFC 3161) -------------------------------------------------------------------
@pytest.fixture
def with_tsa(config, fake_tsa, tmp_path):
    """A web app whose signatures carry the local TSA's timestamps (its root in TTE_TRUST_PEM)."""
    from app import create_app

    return create_app(config.with_(tte_tsa_url=fake_tsa.url, tte_trust_pem=str(fake_tsa.trust_pem(tmp_path))))


def test_a_timestamped_signature_shows_the_tsa_time(seeded, with_tsa, fake_tsa):
    from workflow.paperwork import tte
    from workflow.paperwork.layout import id_date

    rt = with_tsa.extensions["runtime"]
    with rt.transaction() as s:
        app = factories.draft_with_documents(s, factories.applicant(s, name="Siti Aminah", nik=NIK))
        app.details = {"child_name": "Budi Santoso", "child_birth_date": "2012-05-03", "destination": "SMP Negeri 1 Bangko"}
        factories.advance(s, app, until="printing", now=MONDAY_9)
        code, check = app.verification_code, tte.check(_signed_bytes(s, app), s.info["settings"])
    assert check.timestamp_valid and fake_tsa.requests
    page = with_tsa.test_client().get(f"/verify/{code}").get_data(as_text=True)
    assert "Dokumen ASLI" in page
    assert "Waktu penandatanganan (dijamin TSA)" in page and "guaranteed by a trusted timestamp authority" in page
    assert id_date(check.timestamp_at, "Asia/Jakarta", with_time=True) in page
    assert "menurut komputer penanda tangan" not in page


def test_without_a_timestamp_the_time_is_the_signers_claim(client, issued, session):
    page = client.get(f"/verify/{issued.verification_code}").get_data(as_text=True)
    assert "dijamin TSA" not in page
    assert "menurut komputer penanda tangan" in page and "as reported by the signer&#39;s computer" in page


def test_every_verification_page_gives_the_office_contact(client, issued):
    """"Hubungi kantor" (a copy not genuine, a code not found) comes with the office's contact from
    identity.toml: address, hours, a tappable phone number and e-mail."""
    from catalogue.office import office

    data = office()
    for res in (client.get(f"/verify/{issued.verification_code}"), client.get("/verify/not-a-real-code-0000000000")):
        html = res.get_data(as_text=True)
        assert 'id="office-contact"' in html and data.address_line in html and data.hours in html
        assert f">{data.phone}</a>" in html and f'href="{data.phone_link}"' in html
        assert f'href="mailto:{data.email}"' in html and re.fullmatch(r"tel:\+?\d{6,}", data.phone_link)
    assert "hubungi kantor DPMPTSP (kontak di bawah)" in html
