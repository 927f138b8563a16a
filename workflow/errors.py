"""Typed errors of the workflow engine; the web and the API map them to 409 / 403 / 422."""

from __future__ import annotations


class WorkflowError(Exception):
    code = "workflow_error"
    status = 400


class NotAllowed(WorkflowError):
    """The action is not open in the application's current stage."""

    code = "not_allowed"
    status = 409


class Forbidden(WorkflowError):
    """The actor's roles may not take this action."""

    code = "forbidden"
    status = 403


class BadFields(WorkflowError):
    """Required fields are missing or malformed; `errors` maps field name → reason."""

    code = "bad_fields"
    status = 422

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


class PreviewChanged(WorkflowError):
    """The letter's draft is no longer the one the signer previewed (`preview_sha256`): nothing
    is signed; the signer reads the new draft and signs again."""

    code = "preview_changed"
    status = 409

    def __init__(self, current_sha256: str):
        self.current_sha256 = current_sha256
        super().__init__("the letter's draft changed since it was previewed; read the new draft and sign again")
