"""The access log of personal data, for supervisors and admins: `/backoffice/access-log` and
`GET /api/v1/access-log` (read-only: no route writes or deletes a row; see storage/access_log.py)."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from backoffice import access, i18n
from backoffice.api import ApiError, api_route, page_number
from backoffice.presenters import iso
from backoffice.views import blueprint
from runtime.request_scope import db
from storage import Application, StaffUser, access_log
from storage.access_log import AccessLogEntry
from storage.digits import row_id

PER_PAGE = 50
FILTERS = ("staff_id", "applicant_id", "application_id")


def _filters(refuse, *, empty_is_any: bool) -> dict[str, int]:
    """The filters given in the query string; `refuse(name)` for one that is not an id. On the web
    page an empty box means "any"; the API refuses an empty value, as its schema does."""
    chosen = {}
    for name in FILTERS:
        raw = request.args.get(name)
        if raw is None or (raw == "" and empty_is_any):
            continue
        value = row_id(raw)
        if value is None:
            refuse(name)
        chosen[name] = value
    return chosen


def _page_of(session, number: int, chosen: dict[str, int]):
    rows, more = access_log.recent(session, page=number, per_page=PER_PAGE, **chosen)
    staff = {u.id: u for u in session.scalars(select(StaffUser).where(StaffUser.id.in_({r.staff_id for r in rows})))}
    ids = {r.application_id for r in rows if r.application_id}
    codes = dict(session.execute(select(Application.id, Application.tracking_code).where(Application.id.in_(ids))).all()) if ids else {}
    return rows, bool(more), staff, codes


def _as_json(entry: AccessLogEntry, staff: dict, codes: dict) -> dict:
    user = staff.get(entry.staff_id)
    return {
        "id": entry.id,
        "at": iso(entry.at),
        "staff": {"id": entry.staff_id, "username": user.username if user else None},
        "action": entry.action,
        "applicant_id": entry.applicant_id,
        "application_id": entry.application_id,
        "tracking_code": codes.get(entry.application_id),
        "document_id": entry.document_id,
        "detail": entry.detail,
    }


@blueprint.get("/access-log")
@login_required
def access_log_page():
    if not access.can_read_access_log(current_user):
        abort(403)
    number = row_id(request.args.get("page", "1")) or 1

    def refuse(_name):
        abort(400)

    chosen = _filters(refuse, empty_is_any=True)
    rows, more, staff, codes = _page_of(db(), number, chosen)
    return render_template("backoffice/access_log.html", rows=rows, staff=staff, codes=codes, page=number,
                           more=more, chosen=chosen, label=lambda action: i18n.t(f"access_log.action.{action}"))


@api_route("/access-log", roles=tuple(sorted(access.OVERSEERS)))
def access_log_api():
    number = page_number()

    def refuse(name):
        raise ApiError(400, "bad_request", f"{name} must be a whole number from 1")

    chosen = _filters(refuse, empty_is_any=False)
    rows, more, staff, codes = _page_of(db(), number, chosen)
    return {"items": [_as_json(r, staff, codes) for r in rows], "page": number, "per_page": PER_PAGE, "more": more}
