"""The letter's draft: what the signer (and the coordinator at approval) reads before signing.

While an application is in a stage whose workflow definition says `preview = true`, the
letter is rendered as it will be signed — number, date, text, QR code with the verification
code it will carry, signer's name and NIP — and marked as a draft (draftmark.py). The draft is
stored in the file store and remembered in `LetterDraft` with a fingerprint of its inputs; it is
re-rendered only when an input changes (the date, the signer, the number, the applicant's
data, the layout). Signing (actions.sign) takes the sha256 of the draft the signer saw and
signs exactly those bytes, or refuses with `PreviewChanged` (409) when the draft moved on.

Numbering: the letter number is reserved at the SOP's numbering step (assign_number, before
signing) from a gap-free counter and kept across send-backs, so the draft at signing shows the
final number. At approval the number is not reserved yet; the draft says so in place of it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue import Phrase
from config import OFFICE_TZ
from storage import Application, LetterDraft, StaffRole, StaffUser
from workflow.definition import workflow_for
from workflow.paperwork.draftmark import mark_as_draft
from workflow.paperwork.layout import id_date
from workflow.paperwork.letter import LAYOUT_VERSION, letter_data, render_letter
from workflow.paperwork.store import file_store
from workflow.service_spec import names_in, spec_for

NUMBER_PENDING = "(nomor diberikan pada tahap penomoran)"


def previews(application: Application) -> bool:
    """Does the application's current stage show the letter's draft?"""
    return workflow_for(application.service).stage(application.stage).preview


def signer_for(session: Session, viewer: StaffUser | None) -> StaffUser | None:
    """Who the draft names as signer: the viewer when they sign, else the head of office."""
    if viewer is not None and viewer.has_role("head_of_office"):
        return viewer
    return session.scalar(
        select(StaffUser).join(StaffRole).where(StaffRole.role == "head_of_office", StaffUser.active.is_(True))
        .order_by(StaffUser.id).limit(1)
    )


def missing_for_signature(application: Application, signer: StaffUser | None) -> dict[str, Phrase]:
    """What the letter needs and lacks (field → reason): it is not signed with a blank in it."""
    missing = {}
    if signer is None or not signer.nip:
        missing["nip"] = Phrase("field_error.signer_nip_missing")
    spec = spec_for(application.service)
    printed = set().union(*(names_in(f.value) for f in spec.letter.fields if not f.optional))
    for question in spec.questions:
        if question.required and question.name in printed and not (application.details or {}).get(question.name):
            missing[question.name] = Phrase("field_error.answer_missing", label=question.label)
    return missing


def new_verification_code(session: Session) -> str:
    """Unguessable (128 bits), URL-safe, unique among issued letters and drafts."""
    import secrets

    while True:
        code = secrets.token_urlsafe(16)
        taken = session.scalar(select(Application.id).where(Application.verification_code == code)) or \
            session.scalar(select(LetterDraft.application_id).where(LetterDraft.verification_code == code))
        if taken is None:
            return code


def current(session: Session, application: Application, signer: StaffUser | None, now) -> LetterDraft:
    """The draft as of `now` for `signer`: the stored one when nothing changed, else a new one."""
    settings = session.info.get("settings", {})
    row = session.get(LetterDraft, application.id)
    code = row.verification_code if row else new_verification_code(session)
    data = letter_data(application, signer, signer.display_name if signer else "", code=code, now=now,
                       base_url=settings.get("base_url", ""), tz_name=settings.get("tz_name", OFFICE_TZ),
                       settings=settings)
    if not data.number:
        data = dataclasses.replace(data, number=NUMBER_PENDING)
    inputs = _fingerprint(data)
    store = file_store(session)
    if row is not None and row.inputs == inputs and store.exists(row.sha256):
        return row
    digest = store.put_bytes(mark_as_draft(render_letter(data)))
    if row is None:
        row = LetterDraft(application_id=application.id, verification_code=code)
        session.add(row)
    row.sha256, row.inputs, row.created_at = digest, inputs, now
    session.flush()
    return row


def draft_pdf(session: Session, draft: LetterDraft) -> bytes:
    return file_store(session).get_bytes(draft.sha256)


def _fingerprint(data) -> str:
    """What the draft's bytes depend on: the letter's data with its date as printed (a draft
    made in the morning is still today's letter in the afternoon), and the layout's version."""
    values = dataclasses.asdict(data)
    values["issued_at"] = id_date(data.issued_at, data.tz_name)
    values["layout"] = LAYOUT_VERSION
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()
