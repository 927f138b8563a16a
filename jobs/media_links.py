"""`GET /media/<token>[/<name>]`: a stored document for Twilio to fetch as a message's `MediaUrl`
(or a media template's header). The name is decoration: the token alone says which document.
`/media/a/<token>`: a generated attachment about one applicant (DATA SAYA); `/media/f/<token>/<name>`:
a service's blank form (INFO).

The token (jobs/media.py) is signed and expires; the file never sits in the web root.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app

from jobs.media import attachment_for_token, document_for_token, form_for_token
from runtime import request_scope
from runtime.downloads import user_file
from storage import Document, Service, utcnow
from workflow.paperwork import forms
from workflow.paperwork.data_export import render_data_export

blueprint = Blueprint("media_links", __name__)


@blueprint.get("/media/<token>")
@blueprint.get("/media/<token>/<name>")  # a media template's URL ends in the file's name (.pdf)
def media(token: str, name: str | None = None):
    rt = current_app.extensions["runtime"]
    document_id = document_for_token(rt.config, token)
    if document_id is None:
        abort(404)
    document = request_scope.db().get(Document, document_id)
    if document is None or not document.sha256 or not rt.files.exists(document.sha256):
        abort(404)
    return user_file(rt.files.get_bytes(document.sha256), document.content_type or "application/pdf",
                     document.filename or f"dokumen-{document.id}.pdf")


# Generated attachments (OutboxMessage.attachment): kind → render(session, applicant_id, now, tz).
ATTACHMENTS = {"data_export": (render_data_export, "data-pribadi.pdf")}


@blueprint.get("/media/a/<token>")
def attachment(token: str):
    rt = current_app.extensions["runtime"]
    found = attachment_for_token(rt.config, token)
    if found is None or found[0] not in ATTACHMENTS:
        abort(404)
    render, filename = ATTACHMENTS[found[0]]
    data = render(request_scope.db(), found[1], utcnow(), rt.config.tz_name)
    if data is None:
        abort(404)
    return user_file(data, "application/pdf", filename)


@blueprint.get("/media/f/<token>/<name>")
def form(token: str, name: str):
    """A service's blank form (INFO sends it): no personal data, rendered from the forms file."""
    rt = current_app.extensions["runtime"]
    found = form_for_token(rt.config, token)
    chosen = forms.find(*found) if found else None
    service = request_scope.db().query(Service).filter(Service.code == chosen.service).one_or_none() if chosen else None
    if chosen is None or service is None:
        abort(404)
    requirements = [(r.code, r.label) for r in service.requirements if r.active and r.required]
    return user_file(forms.render(chosen, requirements), "application/pdf", chosen.filename)
