"""An application of the default service with the details the chat collects, and helpers to
read the PDFs the office makes."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from tests import factories
from workflow.paperwork.store import file_store

WIB = ZoneInfo("Asia/Jakarta")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
NIK = "1407014107050001"
DETAILS = {"child_name": "Budi Santoso", "child_birth_date": "2012-05-03", "destination": "SMP Negeri 1 Bangko"}


@pytest.fixture
def application(seeded, session):
    who = factories.applicant(session, name="Siti Aminah", nik=NIK)
    app = factories.draft_with_documents(session, who)
    app.details = dict(DETAILS)
    for username, nip in (("backoffice", "198001012005012001"), ("kadis", "197001011995031001")):
        factories.staff(session, username).nip = nip
    session.flush()
    return app


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def stored(session, doc) -> bytes:
    return file_store(session).get_bytes(doc.sha256)


def stored_files(session) -> set[Path]:
    root = Path(session.info["settings"]["instance_path"]) / "files"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()
