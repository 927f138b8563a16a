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
