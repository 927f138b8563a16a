"""The technical team's Rekomendasi Teknis: a real PDF is stored; anything else is refused with
a clear reason and leaves the file where it was."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from werkzeug.datastructures import FileStorage

from tests import factories, pdf_samples
from tests.paperwork.conftest import MONDAY_9, stored, stored_files
from workflow import engine
from workflow.errors import BadFields


@pytest.fixture
def in_review(application, session):
    return factories.advance(session, application, until="technical_review", now=MONDAY_9)


def _recommend(session, app, upload):
    return engine.fire(app, "recommend", factories.staff(session, "teknis"), now=MONDAY_9, recommendation=upload)


def test_bytes_are_stored_as_the_recommendation(in_review, session):
    data = factories.pdf_bytes(pages=2)
    _recommend(session, in_review, data)
    [doc] = in_review.current_documents("recommendation")
    assert doc.pages == 2 and doc.status == "accepted" and stored(session, doc) == data
    assert in_review.stage == "verification"
    assert "recommendation" not in in_review.history[-1].data  # no file bytes in the history


def test_an_uploaded_file_object_keeps_its_name(in_review, session):
    upload = FileStorage(io.BytesIO(factories.pdf_bytes()), filename="rekomtek-dinsos.pdf", content_type="application/pdf")
    _recommend(session, in_review, upload)
    [doc] = in_review.current_documents("recommendation")
    assert doc.filename == "rekomtek-dinsos.pdf"


def _encrypted() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(factories.pdf_bytes()))
    writer.encrypt("rahasia")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: b"GIF89a not a pdf at all", "not a PDF file"),
        (lambda: b"%PDF-1.7\n" + b"\x00" * 50, "damaged or unreadable"),
        (lambda: factories.pdf_bytes()[:300], "damaged or unreadable"),
        (_encrypted, "password-protected"),
        (lambda: 42, "expected a PDF file"),
        (lambda: b"", "required"),
        (lambda: pdf_samples.docx_bytes(), "not a PDF file"),
        (lambda: pdf_samples.blank_pdf(51), "more than 50 pages"),
        (lambda: pdf_samples.many_pages_pdf(pages=20_000), "more than 50 pages"),
        (lambda: pdf_samples.bomb_pdf(), "could not be checked safely"),
    ],
    ids=["not-pdf", "garbage-after-magic", "truncated", "encrypted", "not-a-file", "empty", "docx",
         "51-pages", "20000-pages", "decompression-bomb"],
)
def test_bad_uploads_are_refused_and_nothing_changes(in_review, session, make, reason):
    before = stored_files(session)
    with pytest.raises(BadFields) as err:
        _recommend(session, in_review, make())
    assert reason in err.value.errors["recommendation"]
    assert in_review.stage == "technical_review"
    assert in_review.current_documents("recommendation") == []
    assert stored_files(session) == before


def test_an_oversized_upload_is_refused(in_review, session, monkeypatch):
    """The limit is the config's `max_media_bytes` (the runtime's settings), as for the chat's documents."""
    monkeypatch.setitem(session.info, "settings", {**session.info["settings"], "max_media_bytes": 1000})
    with pytest.raises(BadFields) as err:
        _recommend(session, in_review, io.BytesIO(factories.pdf_bytes(pages=3)))
    assert "larger than" in err.value.errors["recommendation"]


def test_the_page_limit_is_the_configs(in_review, session, monkeypatch):
    monkeypatch.setitem(session.info, "settings", {**session.info["settings"], "max_pdf_pages": 10})
    with pytest.raises(BadFields) as err:
        _recommend(session, in_review, pdf_samples.blank_pdf(11))
    assert "more than 10 pages" in err.value.errors["recommendation"]


def test_active_content_is_accepted_with_a_warning_for_staff(in_review, session):
    _recommend(session, in_review, pdf_samples.javascript_pdf())
    [doc] = in_review.current_documents("recommendation")
    assert "javascript" in doc.warnings
