"""A PDF a staff member uploads (the technical team's Rekomendasi Teknis): read under a cap,
and refused with a clear reason unless it is a real, readable, unencrypted PDF."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from workflow.errors import BadFields

MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 50


def read_upload(value, field: str, max_bytes: int | None = None) -> tuple[bytes, str]:
    """(bytes, filename) from raw bytes or a file-like object (e.g. werkzeug's FileStorage)."""
    max_bytes = max_bytes or MAX_BYTES
    filename = ""
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
    elif hasattr(value, "read"):
        filename = getattr(value, "filename", "") or getattr(value, "name", "") or ""
        data = value.read(max_bytes + 1)
    else:
        raise BadFields({field: "expected a PDF file"})
    if len(data) > max_bytes:
        raise BadFields({field: f"file larger than {max_bytes // (1024 * 1024)} MB"})
    return data, str(filename).rsplit("/", 1)[-1]


def pdf_pages(data: bytes, field: str) -> int:
    """The page count of a real PDF, or BadFields saying what is wrong with it."""
    if not data.startswith(b"%PDF-"):
        raise BadFields({field: "not a PDF file"})
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise BadFields({field: "the PDF is password-protected"})
        pages = len(reader.pages)
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise BadFields({field: "the PDF is damaged or unreadable"}) from None
    if pages < 1:
        raise BadFields({field: "the PDF has no pages"})
    if pages > MAX_PAGES:
        raise BadFields({field: f"more than {MAX_PAGES} pages"})
    return pages
