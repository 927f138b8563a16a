"""Preview, then sign exactly that: the draft the signer reads is the letter as it will be
signed (number, date, text, QR), marked DRAF; the signature is appended to exactly those bytes;
a draft that changed since it was read refuses the signature."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest

from tests import factories
from tests.paperwork.conftest import MONDAY_9, pdf_text, stored, stored_files
from workflow import engine
from workflow.errors import PreviewChanged
from workflow.paperwork import draft, tte
from workflow.paperwork.draftmark import is_draft
from workflow.paperwork.store import file_store


@pytest.fixture
def at_signing(application, session):
    return factories.advance(session, application, until="signing", now=MONDAY_9)


def _kadis(session):
    return factories.staff(session, "kadis")


def _draft(session, app, now=MONDAY_9):
    return draft.current(session, app, _kadis(session), now)


def _sign(session, app, preview_sha256, now=MONDAY_9):
    return engine.fire(app, "sign", _kadis(session), now=now, passphrase="demo-tte", preview_sha256=preview_sha256)


def test_the_draft_is_the_letter_as_it_will_be_signed_marked_draf(at_signing, session):
    row = _draft(session, at_signing)
    data = file_store(session).get_bytes(row.sha256)
    assert hashlib.sha256(data).hexdigest() == row.sha256
    text = pdf_text(data)
    assert at_signing.issued_number in text and "Budi Santoso" in text and "30 November 2026" in text
    assert f"/verify/{row.verification_code}" in text  # the QR's address, printed beside it
    assert "DRAF" in text and "BELUM DITANDATANGANI" in text
    assert is_draft(data) and not tte.check(data, session.info["settings"]).signed


def test_the_signature_is_appended_to_exactly_the_previewed_bytes(at_signing, session):
    row = _draft(session, at_signing)
    previewed, code = file_store(session).get_bytes(row.sha256), row.verification_code
    _sign(session, at_signing, row.sha256)
    signed = stored(session, at_signing.current_documents("issued")[0])
    assert signed.startswith(previewed) and len(signed) > len(previewed)
    assert not is_draft(signed)  # the mark is gone from the signed revision
    text = pdf_text(signed)
    assert "BELUM DITANDATANGANI" not in text and at_signing.issued_number in text
    assert at_signing.verification_code == code and f"/verify/{code}" in text
    assert tte.check(signed, session.info["settings"]).genuine
    assert session.get(type(row), at_signing.id) is None  # the draft is spent


def test_the_draft_is_stable_until_an_input_changes(at_signing, session):
    first = _draft(session, at_signing).sha256
    assert _draft(session, at_signing, MONDAY_9 + timedelta(hours=5)).sha256 == first  # same day
    at_signing.details = {**at_signing.details, "child_name": "Budi Santosa"}
    assert _draft(session, at_signing, MONDAY_9 + timedelta(hours=5)).sha256 != first


def test_a_changed_draft_refuses_the_signature_and_changes_nothing(at_signing, session):
    old = _draft(session, at_signing).sha256
    number, files = at_signing.issued_number, stored_files(session)
    tomorrow = MONDAY_9 + timedelta(days=1)  # the letter's date moved on overnight
    attempt = session.begin_nested()
    with pytest.raises(PreviewChanged) as err:
        _sign(session, at_signing, old, now=tomorrow)
    assert err.value.status == 409 and err.value.code == "preview_changed"
    assert err.value.current_sha256 != old
    attempt.rollback()  # what the web and the API do with the action's transaction
    assert at_signing.stage == "signing" and at_signing.issued_number == number
    assert at_signing.current_documents("issued") == [] and at_signing.verification_code is None
    new = _draft(session, at_signing, tomorrow)
    assert "1 Desember 2026" in pdf_text(file_store(session).get_bytes(new.sha256))
    assert stored_files(session) - files  # the new draft, nothing signed
    _sign(session, at_signing, new.sha256, now=tomorrow)
    assert at_signing.stage == "printing" and at_signing.issued_number == number


@pytest.mark.parametrize("given", ["", "0" * 64, "not a hash"])
def test_a_wrong_or_missing_hash_signs_nothing(at_signing, session, given):
    from workflow.errors import BadFields

    _draft(session, at_signing)
    with pytest.raises((PreviewChanged, BadFields)):
        _sign(session, at_signing, given)
    assert at_signing.stage == "signing" and at_signing.current_documents("issued") == []


def test_the_coordinator_reads_the_draft_before_the_number_is_given(application, session):
    factories.advance(session, application, until="approval", now=MONDAY_9)
    assert draft.previews(application)
    row = draft.current(session, application, draft.signer_for(session, factories.staff(session, "koor")), MONDAY_9)
    text = pdf_text(file_store(session).get_bytes(row.sha256))
    assert draft.NUMBER_PENDING in text and "Budi Santoso" in text and "DRAF" in text
    code, before = row.verification_code, row.sha256
    factories.advance(session, application, until="signing", now=MONDAY_9)
    signing = _draft(session, application)
    assert signing.verification_code == code and signing.sha256 != before  # now with its number
    assert application.issued_number in pdf_text(file_store(session).get_bytes(signing.sha256))


def test_stages_without_a_letter_show_no_draft(application, session):
    factories.advance(session, application, until="technical_review", now=MONDAY_9)
    assert not draft.previews(application)


@pytest.mark.parametrize("missing", ["nip", "child_birth_date"])
def test_a_letter_with_a_blank_is_not_signed(at_signing, session, missing):
    from workflow.errors import BadFields

    if missing == "nip":
        _kadis(session).nip = ""
    else:
        at_signing.details = {k: v for k, v in at_signing.details.items() if k != "child_birth_date"}
    preview = _draft(session, at_signing).sha256
    with pytest.raises(BadFields) as err:
        _sign(session, at_signing, preview)
    assert set(err.value.errors) == {missing}
    assert at_signing.stage == "signing" and at_signing.current_documents("issued") == []


def test_a_two_page_letter_is_marked_on_every_page_and_signs(at_signing, session):
    from pypdf import PdfReader

    at_signing.details = {**at_signing.details, "destination": "Pondok Pesantren " + "Nurul Huda " * 120}
    data = file_store(session).get_bytes(_draft(session, at_signing).sha256)
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 2 and all("BELUM DITANDATANGANI" in p.extract_text() for p in pages)
    _sign(session, at_signing, _draft(session, at_signing).sha256)
    assert not is_draft(stored(session, at_signing.current_documents("issued")[0]))
