"""Trusted time (RFC 3161): with TTE_TSA_URL every signature carries a timestamp token from that
TSA (here the local one in tests/tsa_fake.py); a TSA that is down or answers garbage refuses the
signature and changes nothing — the file stays at signing and keeps the number it was given."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime, timedelta

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select

from storage.applications import Counter
from tests import factories
from tests.paperwork.conftest import MONDAY_9, stored, stored_files
from tests.tsa_fake import FakeTSA
from workflow import engine
from workflow.paperwork import tte

TSA_USER, TSA_SECRET = "kantor", "rahasia-TSA-4412"


@pytest.fixture
def at_signing(application, session):
    """At signing with its letter number, committed: a failed signature rolls back to this."""
    app = factories.advance(session, application, until="signing", now=MONDAY_9)
    session.commit()
    return app


def _use_tsa(session, tsa: FakeTSA, tmp_path, *, trusted: bool = True) -> dict:
    """TTE_TSA_URL (with credentials in it, as a paid TSA may need) and TTE_TRUST_PEM for `session`."""
    url = tsa.url.replace("http://", f"http://{TSA_USER}:{TSA_SECRET}@")
    settings = dict(session.info["settings"], tte_tsa_url=url,
                    tte_trust_pem=str(tsa.trust_pem(tmp_path)) if trusted else "")
    session.info["settings"] = settings
    return settings


@pytest.fixture
def restore_settings(session):
    original = session.info["settings"]
    yield
    session.info["settings"] = original


def _preview(session, app):
    return factories.previewed(session, app, factories.staff(session, "kadis"), MONDAY_9)


def _sign(session, app, preview=None):
    return engine.fire(app, "sign", factories.staff(session, "kadis"), now=MONDAY_9, passphrase="demo-tte",
                       preview_sha256=preview or _preview(session, app))


def _counter(session, app) -> int | None:
    key = f"number:{app.service.code}:{MONDAY_9.year}"
    return session.scalar(select(Counter.value).where(Counter.key == key))


def test_a_signature_with_the_tsa_carries_a_valid_timestamp_close_to_now(at_signing, session, fake_tsa, tmp_path,
                                                                      restore_settings):
    settings = _use_tsa(session, fake_tsa, tmp_path)
    _sign(session, at_signing)
    data = stored(session, at_signing.current_documents("issued")[0])
    [sig] = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert "signature_time_stamp_token" in [a["type"].native for a in sig.signer_info["unsigned_attrs"]]
    check = tte.check(data, settings)
    assert check.genuine and check.trusted
    assert check.timestamped and check.timestamp_valid
    assert abs(check.timestamp_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert {r["content_type"] for r in fake_tsa.requests} == {"application/timestamp-query"}
    assert all(r["authorization"].startswith("Basic ") for r in fake_tsa.requests)  # user:password@ in the URL
    assert at_signing.stage == "printing" and at_signing.verification_code


def test_without_tte_tsa_url_signing_is_unchanged(at_signing, session, fake_tsa):
    assert not session.info["settings"].get("tte_tsa_url")
    _sign(session, at_signing)
    check = tte.check(stored(session, at_signing.current_documents("issued")[0]), session.info["settings"])
    assert check.genuine and check.trusted
    assert not check.timestamped and not check.timestamp_valid and check.timestamp_at is None
    assert fake_tsa.requests == []


def _tsa_down(tsa):
    tsa.stop()


@pytest.mark.parametrize("failure", [
    pytest.param(_tsa_down, id="tsa-down"),
    pytest.param(lambda tsa: tsa.fail_next(500), id="http-500"),
    pytest.param(lambda tsa: tsa.fail_next(500, after=1), id="http-500-on-the-token"),
    pytest.param(lambda tsa: tsa.garbage_next(), id="not-der"),
    pytest.param(lambda tsa: tsa.garbage_next(after=1), id="not-der-on-the-token"),
])
def test_a_tsa_without_a_usable_answer_refuses_the_signature_and_changes_nothing(
    failure, at_signing, session, fake_tsa, tmp_path, restore_settings, caplog,
):
    caplog.set_level(logging.DEBUG)
    _use_tsa(session, fake_tsa, tmp_path)
    preview = _preview(session, at_signing)
    number, counter, files = at_signing.issued_number, _counter(session, at_signing), stored_files(session)
    assert number and counter
    failure(fake_tsa)
    with pytest.raises(tte.TimestampUnavailable) as err:
        _sign(session, at_signing, preview)
    assert err.value.status == 503 and err.value.code == "timestamp_unavailable"
    assert "coba lagi" in str(err.value) and "try again" in str(err.value) and "administrator" in str(err.value)
    session.rollback()  # what the web and the API do with the engine's transaction on an error
    assert at_signing.stage == "signing" and at_signing.current_documents("issued") == []
    assert at_signing.verification_code is None and at_signing.issued_at is None
    assert stored_files(session) == files
    assert at_signing.issued_number == number and _counter(session, at_signing) == counter
    # logged for the administrator: where and what, never the TSA's credentials or the passphrase
    [line] = [r.getMessage() for r in caplog.records if "TSA" in r.getMessage()]
    assert f"127.0.0.1:{fake_tsa.url.split(':')[2].split('/')[0]}" in line
    for secret in (TSA_SECRET, TSA_USER, "demo-tte"):
        assert secret not in caplog.text

    # the TSA answers again: the letter is signed with the number the file already had
    again = FakeTSA().start()
    try:
        _use_tsa(session, again, tmp_path)
        _sign(session, at_signing)
    finally:
        again.stop()
    assert at_signing.stage == "printing" and at_signing.issued_number == number
    assert _counter(session, at_signing) == counter
    assert tte.check(stored(session, at_signing.current_documents("issued")[0]), session.info["settings"]).timestamp_valid


def test_a_tsa_whose_root_is_not_trusted_refuses_the_signature(at_signing, session, fake_tsa, tmp_path,
                                                              restore_settings, caplog):
    """Better no signature than a letter whose timestamp the verification page calls invalid."""
    _use_tsa(session, fake_tsa, tmp_path, trusted=False)
    with pytest.raises(tte.TimestampUnavailable):
        _sign(session, at_signing)
    assert at_signing.stage == "signing" and at_signing.current_documents("issued") == []
    assert "TTE_TRUST_PEM" in caplog.text


def test_check_reports_a_timestamp_from_an_untrusted_tsa_as_not_valid(session, fake_tsa, tmp_path):
    trusted = {"instance_path": session.info["settings"]["instance_path"],
               "tte_tsa_url": fake_tsa.url, "tte_trust_pem": str(fake_tsa.trust_pem(tmp_path))}
    signer = tte.load_signer(trusted, "demo-tte")
    signed = tte.sign_pdf(factories.pdf_bytes(), signer, reason="uji", location="Bagansiapiapi", settings=trusted)
    check = tte.check(signed, dict(trusted, tte_trust_pem=""))
    assert check.genuine and check.timestamped and not check.timestamp_valid
    assert check.timestamp_at is not None  # readable, just not vouched for by a root we trust


def test_log_lines_name_the_tsa_host_only():
    assert tte.tsa_host("https://user:pw@tsa.example.go.id:8443/tsa?token=x") == "tsa.example.go.id:8443"
    assert tte.tsa_host("https://tsa.example.go.id/tsa") == "tsa.example.go.id"
    assert tte.tsa_host("http://host:notaport/") == "?"
