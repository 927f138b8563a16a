"""The `?service=CODE` filter of the reports (dashboard, register book, IKM) and the services a
report covers: each service is reported against its own workflow's standards, never pooled.

An empty or absent `service` means every service; an unknown code is a clear 400 (the web's
error page says which parameter, the JSON API answers `bad_request`), never a 500.
"""

from __future__ import annotations

from flask import abort, make_response, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.api import ApiError
from storage import Service

MAX_CODE = 32  # longer than any service code: refused before the database is asked


class UnknownService(ValueError):
    """The `service` parameter names no service."""


def parse(session: Session, raw: str | None) -> Service | None:
    """The service named by `raw` (case-insensitive code), None for "all"; UnknownService otherwise."""
    code = (raw or "").strip()
    if not code:
        return None
    if len(code) > MAX_CODE or not code.replace("_", "").replace("-", "").isalnum():
        raise UnknownService(code[:MAX_CODE])
    service = session.scalar(select(Service).where(Service.code.in_({code, code.upper()})).limit(1))
    if service is None:
        raise UnknownService(code)
    return service


def in_scope(session: Session, service: Service | None) -> list[Service]:
    """The services a report covers: the chosen one, or every service (inactive ones too: their
    files are still in the books), by code."""
    if service is not None:
        return [service]
    return list(session.scalars(select(Service).order_by(Service.code)))


def from_page(session: Session) -> Service | None:
    """The web pages' `service`: an unknown code ends the request with the back office's
    400 page saying so."""
    try:
        return parse(session, request.args.get("service"))
    except UnknownService:
        abort(make_response(render_template("backoffice/error.html", code=400, reason="error.unknown_service"), 400))


def from_api(session: Session) -> Service | None:
    """The JSON API's `service`: an unknown code is a 400 `bad_request`."""
    try:
        return parse(session, request.args.get("service"))
    except UnknownService as exc:
        raise ApiError(400, "bad_request", "service is the code of one of the office's services (e.g. APS)") from exc
