"""TTE: the letter is signed as PAdES with the head of office's certificate, validates with
pyHanko (intact, covers the whole file), and the passphrase goes nowhere."""

from __future__ import annotations

import io
import json
import logging
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from storage import HistoryEvent, OutboxMessage
from tests import factories
from tests.paperwork.conftest import MONDAY_9, stored, stored_files
from workflow import engine
from workflow.errors import BadFields
from workflow.paperwork import tte

WRONG = "salah-Passphrase-7731"


@pytest.fixture
def at_signing(application, session):
    return factories.advance(session, application, until="signing", now=MONDAY_9)


def _sign(session, app, passphrase="demo-tte", preview=None):
    kadis = factories.staff(session, "kadis")
    return engine.fire(app, "sign", kadis, now=MONDAY_9, passphrase=passphrase,
                       preview_sha256=preview or factories.previewed(session, app, kadis, MONDAY_9))


def _dev_root(session):
    return (Path(session.info["settings"]["instance_path"]) / tte.DEV_CERT_PEM).read_bytes()


def test_signed_letter_validates_with_pyhanko(at_signing, session):
    _sign(session, at_signing)
    [doc] = at_signing.current_documents("issued")
    data = stored(session, doc)
    reader = PdfFileReader(io.BytesIO(data))
    [sig] = reader.embedded_signatures
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509

    root = asn1_x509.Certificate.load(
        x509.load_pem_x509_certificate(_dev_root(session)).public_bytes(serialization.Encoding.DER)
    )
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.bottom_line


def test_sign_records_an_unguessable_verification_code(at_signing, session):
    _sign(session, at_signing)
    code = at_signing.verification_code
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", code)
    assert at_signing.issued_at is not None and at_signing.stage == "printing"
    assert tte.check(stored(session, at_signing.current_documents("issued")[0]), session.info["settings"]).genuine


def test_one_changed_byte_breaks_the_signature(at_signing, session):
    _sign(session, at_signing)
    data = bytearray(stored(session, at_signing.current_documents("issued")[0]))
    i = data.find(b"Rekomendasi 400.9/1")  # the document title, inside the signed bytes
    assert 0 < i < data.find(b"/ByteRange")
    data[i] = ord("X")
    check = tte.check(bytes(data), session.info["settings"])
    assert check.signed and not check.intact and not check.genuine


def test_anything_appended_is_not_covered(at_signing, session):
    _sign(session, at_signing)
    data = stored(session, at_signing.current_documents("issued")[0])
    check = tte.check(data + b"\n% appended after signing\n", session.info["settings"])
    assert check.intact and not check.whole_file and not check.genuine


def test_an_unsigned_pdf_is_not_genuine(session):
    assert tte.check(factories.pdf_bytes(), {}) == tte.NOT_SIGNED
    assert tte.check(b"not a pdf", {}) == tte.NOT_SIGNED


def test_wrong_passphrase_is_refused_and_nothing_is_signed_or_stored(at_signing, session, caplog):
    caplog.set_level(logging.DEBUG)
    preview = factories.previewed(session, at_signing, factories.staff(session, "kadis"), MONDAY_9)
    before = stored_files(session)
    with pytest.raises(BadFields) as err:
        _sign(session, at_signing, passphrase=WRONG, preview=preview)
    assert set(err.value.errors) == {"passphrase"}
    assert WRONG not in str(err.value)
    assert at_signing.stage == "signing"
    assert at_signing.current_documents("issued") == []
    assert at_signing.verification_code is None and at_signing.issued_at is None
    assert stored_files(session) == before
    assert WRONG not in caplog.text


def test_the_passphrase_never_reaches_history_outbox_or_logs(at_signing, session, caplog):
    caplog.set_level(logging.DEBUG)
    _sign(session, at_signing)
    session.flush()
    history = session.scalars(select(HistoryEvent).where(HistoryEvent.application_id == at_signing.id)).all()
    outbox = session.scalars(select(OutboxMessage)).all()
    written = json.dumps([[h.data, h.note] for h in history] + [[m.variables, m.key] for m in outbox], default=str)
    assert "demo-tte" not in written
    assert "passphrase" not in written
    assert "demo-tte" not in caplog.text


def test_a_configured_pkcs12_is_used(at_signing, session, tmp_path):
    """TTE_CERT_P12: the office's own certificate (here a fresh one with its own passphrase)."""
    tte.ensure_dev_certificate(tmp_path, "kunci-kadis")
    p12 = tmp_path / tte.DEV_P12
    settings = dict(session.info["settings"], tte_cert_p12=str(p12))
    session.info["settings"] = settings
    try:
        with pytest.raises(BadFields):
            _sign(session, at_signing, passphrase="demo-tte")  # the dev passphrase opens nothing here
        _sign(session, at_signing, passphrase="kunci-kadis")
        data = stored(session, at_signing.current_documents("issued")[0])
        check = tte.check(data, settings)
        assert check.genuine and not check.trusted  # intact, but its root is not one we trust yet
        trusted = tte.check(data, dict(settings, instance_path=str(tmp_path)))
        assert trusted.trusted
    finally:
        session.info["settings"] = {k: v for k, v in settings.items() if k != "tte_cert_p12"}


def test_a_missing_configured_certificate_is_an_operator_error(at_signing, session, tmp_path):
    settings = session.info["settings"]
    session.info["settings"] = dict(settings, tte_cert_p12=str(tmp_path / "missing.p12"))
    try:
        with pytest.raises(tte.CertificateUnavailable):
            _sign(session, at_signing)
    finally:
        session.info["settings"] = settings
    assert at_signing.stage == "signing"


def test_the_development_certificate_is_made_once(tmp_path):
    first = tte.ensure_dev_certificate(tmp_path, "satu")
    blob = first.read_bytes()
    assert tte.ensure_dev_certificate(tmp_path, "dua").read_bytes() == blob
    key, cert, _ = pkcs12.load_key_and_certificates(blob, b"satu")
    assert cert.subject.rfc4514_string().startswith("CN=Kepala DPMPTSP")
    assert oct(first.stat().st_mode & 0o777) == "0o600"


def test_a_damaged_file_never_crashes_the_check(at_signing, session):
    """One changed byte anywhere (signature dictionary and CMS blob included): an answer, not a 500."""
    import random

    _sign(session, at_signing)
    data = stored(session, at_signing.current_documents("issued")[0])
    start = data.find(b"/Contents <")
    rng = random.Random(5)
    positions = [start + rng.randrange(0, 2000) for _ in range(20)] + [rng.randrange(len(data)) for _ in range(20)]
    for pos in positions:
        damaged = bytearray(data)
        damaged[pos] = ord(rng.choice("0123456789abcdefXYZ<>/ "))
        assert isinstance(tte.check(bytes(damaged), session.info["settings"]), tte.SignatureCheck)
