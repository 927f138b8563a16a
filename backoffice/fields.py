"""An action's fields from a request, shaped for `engine.fire`: the one way for both the web form
(`backoffice/views.py`) and the JSON API (`backoffice/api.py`, JSON or multipart).

The engine checks presence and unknown names; here we only turn the transport's values into
Python values: a list stays a list, an uploaded file becomes its bytes (a PDF by the one rule,
`storage.pdfcheck.has_magic`; the full check runs in the action's effect), and a secret is
passed through untouched and never echoed or logged.
"""

from __future__ import annotations

from werkzeug.datastructures import FileStorage

from catalogue import Phrase
from storage.pdfcheck import MAGIC_WINDOW, NOT_PDF, has_magic
from workflow.definition import Action, all_workflows
from workflow.errors import BadFields
from workflow.paperwork.upload import refusal

NOT_FIELDS = ("note", "csrf_token")  # sent beside the fields, never one of them


def read_pdf(upload: FileStorage | None) -> bytes | None:
    if upload is None or not upload.filename:
        return None
    data = upload.read()
    return data or None


def check_pdfs(action: Action, fields: dict) -> None:
    errors = {}
    for f in action.fields:
        value = fields.get(f.name)
        if f.type != "file" or value is None:
            continue
        if not isinstance(value, bytes | bytearray):
            errors[f.name] = Phrase("field_error.pdf.multipart")
        elif not has_magic(bytes(value[:MAGIC_WINDOW])):
            errors[f.name] = refusal(NOT_PDF)
    if errors:
        raise BadFields(errors)


def known_field_names() -> frozenset[str]:
    """Every field name any action of any workflow takes (what the API's schema lists)."""
    return frozenset(f.name for flow in all_workflows() for a in flow.actions for f in a.fields)


def _wanted(action: Action | None, name: str, *, form: bool) -> bool:
    """A web form carries inputs of its own (the reason pickers): only the action's fields count.
    The API's one request schema lists every action's fields, so a `passphrase` sent with `accept`
    is ignored rather than refused; a name no action knows goes on, and the engine refuses it (422)."""
    if name in NOT_FIELDS:
        return False
    mine = {f.name for f in action.fields} if action else set()
    if form:
        return name in mine
    return name in mine or name not in known_field_names()


def from_request(action: Action | None, values, files, *, form: bool = False) -> dict:
    """The action's fields from the request's `values` (a form's MultiDict or a JSON object) and
    `files`; `form=True` for the web form (see `_wanted`). Non-PDF uploads are a BadFields."""
    fields: dict = {}
    file_fields = {f.name for f in action.fields if f.type == "file"} if action else set()
    list_fields = {f.name for f in action.fields if f.type == "list"} if action else set()
    for name in values:
        if not _wanted(action, name, form=form):
            continue
        if name in list_fields and hasattr(values, "getlist"):
            fields[name] = values.getlist(name)
        else:
            fields[name] = values.get(name)
    for name in files or {}:
        if _wanted(action, name, form=form):
            fields[name] = read_pdf(files.get(name)) if name in file_fields else files.get(name).filename
    if action is not None:
        check_pdfs(action, fields)
    return fields
