"""Action fields from a request (web form, JSON or multipart), shaped for `engine.fire`.

The engine checks presence and unknown names; here we only turn the transport's values into
Python values: a list stays a list, an uploaded file becomes its bytes (a PDF, checked by its
signature), and a secret is passed through untouched and never echoed or logged.
"""

from __future__ import annotations

from werkzeug.datastructures import FileStorage

from catalogue import Phrase
from workflow.definition import Action, all_workflows
from workflow.errors import BadFields

PDF_MAGIC = b"%PDF-"


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
        elif not bytes(value[:1024]).lstrip().startswith(PDF_MAGIC):
            errors[f.name] = Phrase("field_error.pdf.not_a_pdf")
    if errors:
        raise BadFields(errors)


def known_field_names() -> frozenset[str]:
    """Every field name any action of any workflow takes (what the API's schema lists)."""
    return frozenset(f.name for flow in all_workflows() for a in flow.actions for f in a.fields)


def without_other_actions_fields(action: Action | None, fields: dict) -> dict:
    """`fields` minus those that belong to other actions: the API's one request schema lists every
    action's fields, so a `passphrase` sent with `accept` is ignored rather than refused. A name
    no action knows stays, and the engine refuses it (422)."""
    mine = {f.name for f in action.fields} if action else set()
    others = known_field_names() - mine
    return {name: value for name, value in fields.items() if name not in others}


def from_request(action: Action | None, values, files) -> dict:
    """Every value except `note` (unknown names go through: the engine refuses them, 422)."""
    fields: dict = {}
    file_fields = {f.name for f in action.fields if f.type == "file"} if action else set()
    list_fields = {f.name for f in action.fields if f.type == "list"} if action else set()
    for name in values:
        if name in ("note", "csrf_token"):
            continue
        if name in list_fields and hasattr(values, "getlist"):
            fields[name] = values.getlist(name)
        else:
            fields[name] = values.get(name)
    for name in files or {}:
        fields[name] = read_pdf(files.get(name)) if name in file_fields else files.get(name).filename
    if action is not None:
        check_pdfs(action, fields)
    return fields
