"""The letter's draft on the staff screens and in the API (workflow/paperwork/draft.py): made
or refreshed when a file page or the API asks for an application in a preview stage, and
committed at once so that the hash the signer is shown is the one the signature checks."""

from __future__ import annotations

from flask import Response

from backoffice import access
from runtime import request_scope
from runtime.request_scope import db
from storage import Application, LetterDraft, utcnow
from workflow.paperwork import draft


def preview_for(application: Application, user) -> LetterDraft | None:
    """The current draft for `user` to read, or None when the file's stage shows no draft."""
    if not draft.previews(application):
        return None
    row = draft.current(db(), application, draft.signer_for(db(), access.staff_of(user)), utcnow())
    request_scope.commit()
    return row


def preview_response(application: Application, row: LetterDraft) -> Response:
    response = Response(draft.draft_pdf(db(), row), mimetype="application/pdf")
    name = f"draf-rekomendasi-{(application.tracking_code or str(application.id)).lower()}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["ETag"] = f'"{row.sha256}"'
    response.headers["X-Preview-SHA256"] = row.sha256
    return response
