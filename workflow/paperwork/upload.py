"""A PDF a staff member uploads (the technical team's Rekomendasi Teknis): read under a cap,
and refused with a clear reason unless it is a real, readable, unencrypted PDF.

The file may come from another agency, so it is checked like an applicant's document: by
`storage.pdfcheck.check_pdf` (pypdf in a resource-limited subprocess), from a temporary file
that is deleted at once — nothing is stored before the verdict. The limits are the config's
(`max_media_bytes`, `max_pdf_pages`: the runtime's settings), as for the applicants' documents.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import catalogue
from catalogue import Phrase
from config import Config
from storage.pdfcheck import MAGIC_WINDOW, NOT_PDF, check_pdf, has_magic
from workflow.errors import BadFields


def refusal(reason: str | None, pages: int = Config.max_pdf_pages) -> Phrase:
    """A PDF's refusal in staff words, from `check_pdf`'s reason (a key worded for the
    applicant's chat, `doc.refused.<what>`): `field_error.pdf.<what>` in the catalogue."""
    key = "field_error.pdf." + (reason or "").rsplit(".", 1)[-1]
    if not catalogue.exists(key):
        return Phrase("field_error.pdf.unacceptable")
    return Phrase(key, pages=pages)


def read_upload(value, field: str, max_bytes: int | None = None) -> tuple[bytes, str]:
    """(bytes, filename) from raw bytes or a file-like object (e.g. werkzeug's FileStorage)."""
    max_bytes = max_bytes or Config.max_media_bytes
    filename = ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    elif hasattr(value, "read"):
        filename = getattr(value, "filename", "") or getattr(value, "name", "") or ""
        data = value.read(max_bytes + 1)
    else:
        raise BadFields({field: Phrase("field_error.pdf.expected_file")})
    if len(data) > max_bytes:
        raise BadFields({field: Phrase("field_error.pdf.larger_than", mb=max_bytes // (1024 * 1024))})
    return data, str(filename).rsplit("/", 1)[-1]


def checked_pdf(data: bytes, field: str, max_pages: int = Config.max_pdf_pages) -> tuple[int, tuple[str, ...]]:
    """(pages, warnings) of an acceptable PDF, or BadFields saying what is wrong with it."""
    if not has_magic(data[:MAGIC_WINDOW]):  # refused here: no process is needed for that
        raise BadFields({field: refusal(NOT_PDF, max_pages)})
    fd, name = tempfile.mkstemp(prefix="upload-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        verdict = check_pdf(Path(name), max_pages=max_pages)
    finally:
        os.unlink(name)
    if not verdict.ok:
        raise BadFields({field: refusal(verdict.reason, max_pages)})
    return verdict.pages or 0, verdict.warnings
