"""The file store seen from a session (workflow cannot import the runtime), and the one way
an office-made or staff-uploaded PDF becomes a `Document` of an application."""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy.orm import Session

from storage import Application, Document
from storage.files import FileStore, open_store


def file_store(session: Session) -> FileStore:
    settings = session.info.get("settings", {})
    instance = Path(settings.get("instance_path") or "instance")
    return _store(settings.get("files_url") or f"file://{instance / 'files'}", instance / "files-cache",
                  settings.get("s3_endpoint_url") or "")


@lru_cache(maxsize=8)
def _store(url: str, cache_dir: Path, endpoint_url: str) -> FileStore:
    # The endpoint matters: an S3-compatible server (MinIO, the office's own) is not AWS; without it
    # the receipt and the letter went to AWS (found by the cluster test on a moto server).
    return open_store(url, cache_dir, endpoint_url=endpoint_url)  # one S3 client per process, not one per document


def add_document(session: Session, application: Application, *, kind: str, data: bytes, filename: str,
                 now: datetime, pages: int | None = None) -> Document:
    """Store `data` and attach it to `application` as an accepted document of `kind`."""
    digest = file_store(session).put_bytes(data)
    if pages is None:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    doc = Document(kind=kind, filename=filename, content_type="application/pdf", sha256=digest, size=len(data),
                   pages=pages, status="accepted", created_at=now, checked_at=now)
    application.documents.append(doc)
    session.flush()
    return doc


def supersede(application: Application, kind: str) -> None:
    """Earlier documents of `kind` give way to a new one (kept, never deleted)."""
    for doc in application.current_documents(kind):
        doc.status = "superseded"
