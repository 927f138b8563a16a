"""The JSON API (`/api/v1`) for staff tools and integrations: the web's engine and permissions.

Bearer tokens (`POST /api/v1/auth/token`, or `flask staff token USERNAME`); no cookies, so
no CSRF. Errors are `{"error": {"code", "message"}}` with the right status. The routes are
described by the hand-written `openapi.json` beside this module (a test keeps the two in step).

Adding a route elsewhere: `from backoffice.api import api_route, api_user` and

    @api_route("/reports/ikm")
    def ikm(): ... return {"responses": …}

`api_route` authenticates the caller (optionally by role) before the view runs; the view
returns a dict (JSON, 200) or a (dict, status) tuple. Import the module at the end of this file.
"""

from __future__ import annotations

import functools
import json
from datetime import timedelta
from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, request
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from backoffice import access, auth, fields, listing, presenters, search, throttle
from backoffice.documents import pdf_response
from backoffice.previews import preview_for, preview_response
from backoffice.sla import badge
from catalogue import Phrase
from runtime import request_scope
from runtime.request_scope import db
from storage import Application, Document, Service, StaffUser, utcnow
from storage.digits import MAX_ROW_ID, row_id
from storage.staff import issue_token, staff_for_token
from workflow import engine
from workflow.definition import workflow_for
from workflow.errors import BadFields, WorkflowError

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")
OPENAPI = Path(__file__).with_name("openapi.json")
TOKEN_LIFETIME = timedelta(days=1)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details


def error_body(code: str, message: str, details: dict | None = None) -> dict:
    body = {"code": code, "message": message}
    if details:
        body["fields"] = details
    return {"error": body}


@blueprint.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return jsonify(error_body(exc.code, exc.message, exc.details)), exc.status


@blueprint.errorhandler(WorkflowError)
def _workflow_error(exc: WorkflowError):
    details = exc.errors if isinstance(exc, BadFields) else None
    return jsonify(error_body(exc.code, str(exc), details)), exc.status


@blueprint.app_errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    """JSON for every HTTP error under /api/ (also unknown paths); others keep their pages."""
    if not request.path.startswith(blueprint.url_prefix + "/") and request.path != blueprint.url_prefix:
        return exc
    code = (exc.name or "error").lower().replace(" ", "_")
    response = jsonify(error_body(code, exc.description or exc.name))
    for name, value in exc.get_headers():  # e.g. `Allow` on a 405 (RFC 9110 requires it)
        if name.lower() != "content-type":
            response.headers[name] = value
    return response, exc.code


def api_user() -> StaffUser:
    return g.api_user


def _authenticate() -> StaffUser:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "send Authorization: Bearer <token>")
    user = staff_for_token(db(), token.strip())
    if user is None:
        raise ApiError(401, "unauthorized", "unknown, expired or revoked token")
    return user


def api_route(rule: str, methods=("GET",), roles: tuple[str, ...] | None = None, public: bool = False):
    """Register a token-authenticated JSON route on the API blueprint."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if not public:
                g.api_user = _authenticate()
                if roles and not g.api_user.has_role(*roles):
                    raise ApiError(403, "forbidden", "your roles may not use this endpoint")
            result = view(*args, **kwargs)
            if isinstance(result, tuple):
                body, status = result
                return jsonify(body), status
            return result if not isinstance(result, dict | list) else jsonify(result)

        blueprint.add_url_rule(rule, view.__name__, wrapper, methods=list(methods))
        return wrapper

    return decorate


def page_number() -> int:
    """The `page` query parameter (1 when absent); anything else than a whole number ≥ 1 is a 400."""
    number = row_id(request.args.get("page", "1"))
    if number is None:
        raise ApiError(400, "bad_request", f"page must be a whole number from 1 to {MAX_ROW_ID}")
    return number


def json_body() -> dict:
    """The request's JSON object ({} when empty); anything else is a 400."""
    if not request.data:
        return {}
    body = request.get_json(silent=True)  # nested too deep is refused like bad JSON (app.SafeJSON)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "the body must be a JSON object")
    if _holds_nul(body):
        raise ApiError(400, "bad_request", "text may not contain NUL characters")
    return body


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


# ---- routes ------------------------------------------------------------------------------
@api_route("/auth/token", methods=("POST",), public=True)
def token():
    body = json_body() if request.is_json else request.form
    result = auth.authenticate(db(), str(body.get("username", "")), str(body.get("password", "")))
    request_scope.commit()  # the failure count or its reset
    if isinstance(result, auth.Refusal):
        if result.code == "locked":
            raise ApiError(429, "locked", f"too many failed sign-ins; try again in {result.minutes_left} minutes")
        raise ApiError(401, "bad_credentials", "wrong username or password")
    expires = utcnow() + TOKEN_LIFETIME
    value = issue_token(db(), result, expires_at=expires)
    request_scope.commit()
    return {"token": value, "token_type": "Bearer", "expires_at": expires.isoformat(), "roles": sorted(result.roles)}


@api_route("/applications")
def applications():
    """The list, searched and filtered by query parameters (backoffice/search.py)."""
    return _search_page(request.args)


@api_route("/applications/search", methods=("POST",))
def search_applications():
    """The same list, the search in a JSON body: a NIK or a phone number stays out of URLs, which
    access logs keep."""
    body = json_body()
    unknown = sorted(set(body) - set(search.FIELDS))
    if unknown:
        raise ApiError(400, "bad_request", f"unknown field: {unknown[0]}")
    return _search_page(body, from_json=True)


def _search_page(values, *, from_json: bool = False) -> dict:
    try:
        wanted = search.parse(values, strict=True, from_json=from_json)
    except search.BadSearch as exc:
        raise ApiError(400, "bad_request", exc.message) from None
    calendar, now = engine.calendar_for(db()), utcnow()
    stmt = listing.query(api_user(), wanted, now=now, tz=calendar.tz)
    items, total = listing.page(db(), stmt, wanted.page)
    return {
        "items": [presenters.summary(a, badge(a, calendar, now)) for a in items],
        "page": wanted.page,
        "per_page": listing.PAGE_SIZE,
        "total": total,
    }


def _visible(application_id: int) -> Application:
    application = db().get(Application, application_id)
    if application is None or not access.can_view(api_user(), application):
        raise ApiError(404, "not_found", "no such application")  # the same for both: ids cannot be probed
    return application


def _detail(application: Application) -> dict:
    base_url = current_app.config["APP_CONFIG"].base_url
    body = presenters.detail(application, api_user(), base_url)
    draft = preview_for(application, api_user())
    if draft is not None:  # the letter as it will be signed; the signing action takes its sha256
        body["preview"] = {"url": f"{base_url}/api/v1/applications/{application.id}/preview", "sha256": draft.sha256}
    return body


@api_route("/applications/<int:application_id>")
def application(application_id: int):
    application_ = _visible(application_id)
    access.log_opened(db(), api_user(), application_)
    request_scope.commit()
    return _detail(application_)


@api_route("/applications/<int:application_id>/actions/<name>", methods=("POST",))
def act(application_id: int, name: str):
    application_ = _visible(application_id)
    action = workflow_for(application_.service).action(application_.stage, name)
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        values, files, note = request.form, request.files, request.form.get("note", "")
    else:
        values, files = json_body(), None
        note = values.get("note", "")
    if not isinstance(note, str):
        raise BadFields({"note": Phrase("field_error.must_be_text")})
    given = fields.from_request(action, values, files)
    with throttle.pickup_attempts(application_, name):
        engine.fire(application_, name, api_user(), note=note, **given)
    request_scope.commit()
    return _detail(application_)


@api_route("/applications/<int:application_id>/preview")
def preview(application_id: int):
    """The letter's draft as it will be signed (header X-Preview-SHA256: its sha256)."""
    application_ = _visible(application_id)
    draft = preview_for(application_, api_user())
    if draft is None:
        raise ApiError(404, "not_found", "this application's stage shows no letter draft")
    access.log_opened(db(), api_user(), application_, draft=True)
    request_scope.commit()
    return preview_response(application_, draft)


@api_route("/applications/<int:application_id>/documents/<int:document_id>")
def document(application_id: int, document_id: int):
    application_ = _visible(application_id)
    doc = db().get(Document, document_id)
    if doc is None or doc.application_id != application_.id or not doc.sha256:
        raise ApiError(404, "not_found", "no such document")
    if not current_app.extensions["runtime"].files.exists(doc.sha256):
        raise ApiError(404, "not_found", "the document's file is missing from the store")
    access.log_opened(db(), api_user(), application_, doc)
    request_scope.commit()
    return pdf_response(doc)


@api_route("/openapi.json", public=True)
def openapi():
    """The hand-written document, with what is data filled in as enums: the office's service
    codes for every parameter marked `"x-enum": "services"` (with "" for all; services are data:
    `flask services sync`), the services of the data files for `"service_codes"`, and the
    stages of every workflow file for `"stages"` (a new service's new stage is searchable)."""
    from backoffice.search import service_codes, stage_names

    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    filled = {"stages": lambda: list(stage_names()), "service_codes": lambda: list(service_codes()),
              "services": lambda: ["", *db().scalars(select(Service.code).order_by(Service.code))]}

    def fill(node):
        if isinstance(node, dict):
            marker = node.get("x-enum")
            if marker in filled and "schema" in node:  # a parameter
                node["schema"] = {**node["schema"], "enum": filled[marker]()}
            elif marker in filled:  # a property's schema
                node["enum"] = filled[marker]()
            for value in node.values():
                fill(value)
        elif isinstance(node, list):
            for value in node:
                fill(value)

    fill(document)
    return document

