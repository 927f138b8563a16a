"""`GET /media/<token>`: a stored document for Twilio to fetch as a message's `MediaUrl`.

The token (jobs/media.py) is signed and expires; the file never sits in the web root.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app

from jobs.media import document_for_token
from runtime import request_scope
from runtime.downloads import user_file
from storage import Document

blueprint = Blueprint("media_links", __name__)


@blueprint.get("/media/<token>")
def media(token: str):
    rt = current_app.extensions["runtime"]
    document_id = document_for_token(rt.config, token)
    if document_id is None:
        abort(404)
    document = request_scope.db().get(Document, document_id)
    if document is None or not document.sha256 or not rt.files.exists(document.sha256):
        abort(404)
    return user_file(rt.files.get_bytes(document.sha256), document.content_type or "application/pdf",
                     document.filename or f"dokumen-{document.id}.pdf")
