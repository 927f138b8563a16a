"""What the public verification page may say about an issued document, and nothing more.

`lookup(session, code)` finds the application by its unguessable verification code and checks
the stored signed PDF: its bytes must still hash to the sha256 recorded when it was signed, and
its signature must be intact and cover the whole file. Signature checks are cached by sha256
(the content never changes under a digest).

The signing time the page shows is the TSA's (RFC 3161 timestamp) when the document is genuine
and its timestamp is valid; otherwise only what the signer's computer reported.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import Application, mask_name
from workflow.paperwork import tte
from workflow.paperwork.store import file_store

_CACHE_SIZE = 1024
_checks: dict[str, tte.SignatureCheck] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class IssuedRecord:
    number: str
    issued_at: datetime | None
    service: str
    masked_name: str
    sha256: str
    check: tte.SignatureCheck
    stored_matches: bool  # the stored bytes still hash to the recorded digest

    @property
    def genuine(self) -> bool:
        return self.stored_matches and self.check.genuine

    @property
    def tsa_time(self) -> datetime | None:
        """The signing time a trusted TSA vouches for, or None (then only the signer's claim)."""
        return self.check.timestamp_at if self.genuine and self.check.timestamp_valid else None


def lookup(session: Session, code: str) -> IssuedRecord | None:
    if not code or len(code) > 64:
        return None
    app = session.scalar(select(Application).where(Application.verification_code == code))
    if app is None:
        return None
    issued = app.current_documents("issued")
    if not issued or not issued[-1].sha256:
        return None
    doc = issued[-1]
    store = file_store(session)
    try:
        data = store.get_bytes(doc.sha256)
    except (OSError, ValueError):
        data = b""
    actual = hashlib.sha256(data).hexdigest()
    settings = session.info.get("settings", {})
    return IssuedRecord(
        number=app.issued_number or "",
        issued_at=app.issued_at,
        service=app.service.name,
        masked_name=mask_name(app.applicant.name),
        sha256=doc.sha256,
        check=checked(data, actual, settings) if data else tte.NOT_SIGNED,
        stored_matches=bool(data) and actual == doc.sha256,
    )


def checked(data: bytes, digest: str, settings: dict) -> tte.SignatureCheck:
    with _lock:
        hit = _checks.get(digest)
    if hit is not None:
        return hit
    result = tte.check(data, settings)
    with _lock:
        if len(_checks) >= _CACHE_SIZE:
            _checks.pop(next(iter(_checks)))
        _checks[digest] = result
    return result


def same_document(record: IssuedRecord, uploaded: bytes) -> bool:
    """Is an uploaded file byte-for-byte the document we issued?"""
    return hashlib.sha256(uploaded).hexdigest() == record.sha256
