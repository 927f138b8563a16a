"""The staff web interface (`/backoffice/`): sign-in, "Meja saya", the file page, the dashboard.

Views are thin: they ask `access` what the user may see, `workflow.engine` what they may do,
fire the action through the engine and commit once (`request_scope.commit()`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

import catalogue
from backoffice import access, auth, dashboard, fields, i18n, listing, presenters, search, service_scope, throttle
from backoffice.documents import pdf_response
from backoffice.previews import preview_for, preview_response
from backoffice.sla import badge, describe_minutes
from config import OFFICE_TZ
from runtime import request_scope
from runtime.request_scope import db
from storage import Application, Document, utcnow
from storage.privacy import mask_phone
from workflow import engine, return_reasons
from workflow.clock import minutes_per_working_day
from workflow.definition import workflow_for
from workflow.errors import BadFields, Forbidden, NotAllowed, PreviewChanged, WorkflowError
from workflow.paperwork.draft import missing_for_signature
from workflow.paperwork.draft import signer_for as draft_signer
from workflow.paperwork.upload import refusal
from workflow.service_data import active_services

blueprint = Blueprint(
    "backoffice",
    __name__,
    url_prefix="/backoffice",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
blueprint.record_once(lambda state: auth.init_app(state.app))

OFFICE_KINDS = ("receipt", "recommendation", "issued")


# ---- shared template context ----------------------------------------------------------------
@blueprint.context_processor
def _context():
    calendar = engine.calendar_for(db())
    now = utcnow()
    per_day = minutes_per_working_day(calendar)

    def local(moment, fmt="%d-%m-%Y %H.%M"):
        return calendar.local(moment).strftime(fmt) if moment else "—"

    def sla_of(app):
        return badge(app, calendar, now)

    def duration(minutes):
        return describe_minutes(minutes, per_day, i18n.language())

    def number(value, decimals=0):
        """A decimal on a page: "83,33" in Indonesian, "83.33" in English (catalogue.format_number)."""
        return catalogue.format_number(value, i18n.language(), decimals, keep_zeros=True)

    def role_label(role, workflow=""):
        return catalogue.role_name(role, i18n.language(), workflow)

    def action_label(action, of=None):
        return catalogue.action_label(action, i18n.language(), workflow_of(of))

    def stage_label(stage, of=None):
        """A stage's short label for staff, in the words of the workflow of `of` (a file or a service)."""
        return catalogue.stage_label(stage, i18n.language(), workflow_of(of))

    def document_refusal(reason):
        """Why an applicant's document was refused, in the staff's words and language."""
        return i18n.t(refusal(reason, pages=current_app.config["APP_CONFIG"].max_pdf_pages))

    def event_reasons(app, event):
        """A history row's reasons in the staff's language (ticked ones and typed lines)."""
        return return_reasons.event_lines(app.service, event.data or {}, i18n.language())

    return {
        "t": i18n.t,
        "event_reasons": event_reasons,
        "role_label": role_label,
        "stage_label": stage_label,
        "action_label": action_label,
        "document_refusal": document_refusal,
        "lang": i18n.language(),
        "access": access,
        "local": local,
        "sla_of": sla_of,
        "duration": duration,
        "number": number,
    }


# Pages carry personal data: keep them out of caches and other sites' frames.
PAGE_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
}


@blueprint.after_request
def _headers(response):
    if response.mimetype == "text/html":
        for name, value in PAGE_HEADERS.items():
            response.headers.setdefault(name, value)
    return response


def _user():
    return current_user._get_current_object()


# ---- errors -------------------------------------------------------------------------------
@blueprint.errorhandler(400)
@blueprint.errorhandler(403)
@blueprint.errorhandler(404)
@blueprint.errorhandler(409)
@blueprint.errorhandler(413)
@blueprint.errorhandler(500)
@blueprint.errorhandler(503)
def _error(exc: HTTPException):
    return render_template("backoffice/error.html", code=exc.code), exc.code


def _workflow_error_page(exc: WorkflowError):
    """The error page for a refused action, with the reason's own text where there is one
    (e.g. `error.timestamp_unavailable`: the TSA did not answer, try again)."""
    reason = f"error.{exc.code}"
    return render_template("backoffice/error.html", code=exc.status,
                           reason=reason if i18n.key_of(reason) else None), exc.status


@blueprint.route("/<path:anything>", methods=["GET", "POST"])
def _unknown_page(anything: str):
    """An unknown address under /backoffice/ gets the back office's own 404 page (a routing
    error is otherwise answered before any blueprint, by werkzeug's English page)."""
    abort(404)


# ---- sign-in ------------------------------------------------------------------------------
def _safe_next(target: str | None) -> str:
    """`next` when it is a plain path of ours; else the desk. No control characters (a CR/LF would
    split the Location header), no backslash (browsers read `/\\host` as `//host`)."""
    target = target or ""
    if not target.isascii() or not target.isprintable() or "\\" in target:
        return url_for("backoffice.desk")
    parts = urlsplit(target)
    if target and not parts.scheme and not parts.netloc and target.startswith("/backoffice"):
        return target
    return url_for("backoffice.desk")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("backoffice.desk"))
    error = None
    status = 200
    if request.method == "POST":
        result = auth.authenticate(db(), request.form.get("username", ""), request.form.get("password", ""))
        request_scope.commit()  # the failure count, the lockout or its reset
        if isinstance(result, auth.Refusal):
            error = i18n.t(f"login.{result.code}", minutes=result.minutes_left)
            status = 401
        else:
            auth.start_session(result)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("backoffice/login.html", error=error, username=request.form.get("username", "")), status


@blueprint.post("/logout")
def logout():
    auth.end_session()
    request_scope.commit()  # the new session version: a copy of the cookie is worth nothing now
    flash(i18n.t("login.signed_out"))
    return redirect(url_for("backoffice.login"))


@blueprint.get("/lang/<code>")
def language(code: str):
    if code in i18n.LANGUAGES:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))


# ---- the desk -----------------------------------------------------------------------------
DESK_PAGE = 50


@blueprint.route("/", methods=("GET", "POST"))
@login_required
def desk():
    """The files waiting for this user; with a query or a filter, every file they may open that
    matches (backoffice/search.py). The search form posts (a NIK or a number typed into it stays out
    of the URL, which access logs keep); filters alone also come as a link (the dashboard's figures)."""
    values = request.form if request.method == "POST" else request.args
    if values.get("drop") in (*search.FILTERS, "all"):  # an active filter's ✕ (or "clear all filters")
        values = search.without(values, values["drop"])
    error = None
    try:
        wanted = search.parse(values, strict=False)
    except search.BadSearch as exc:
        wanted, error = search.Search(), exc
    calendar, now = engine.calendar_for(db()), utcnow()
    stmt = listing.query(_user(), wanted, desk=not wanted.narrows, now=now, tz=calendar.tz)
    items, total = listing.page(db(), stmt, wanted.page, DESK_PAGE)
    html = render_template(
        "backoffice/desk.html", items=items, total=total, found=wanted, form=values, error=error,
        pages=max(1, -(-total // DESK_PAGE)), stages=search.stage_names(), services=active_services(db()),
        short_number=search.is_short_number(wanted.q), min_digits=search.MIN_NIK_DIGITS,
        returned=return_reasons.returned_counts(db(), items), active=search.active_filters(wanted),
    )
    return html, 400 if error else 200


# ---- one file -----------------------------------------------------------------------------
def _visible(application_id: int) -> Application:
    application = db().get(Application, application_id)
    if application is None or not access.can_view(_user(), application):
        abort(404)  # the same answer for both: ids cannot be probed
    return application


def _checklist(application: Application) -> list[tuple]:
    docs = {d.requirement_id: d for d in application.current_documents("requirement")}
    return [(req, docs.get(req.id)) for req in application.service.requirements if req.active]


def workflow_of(thing) -> str:
    """The workflow key of a file (its service's) or a service; "" for anything else."""
    if thing is None:
        return ""
    if hasattr(thing, "workflow"):
        return thing.workflow or ""
    service = getattr(thing, "service", None)
    return getattr(service, "workflow", "") or ""


def _page(application: Application, *, errors=None, open_action=None, status=200, preview_changed=False):
    docs = presenters.visible_documents(application)
    selected = None
    wanted = request.args.get("doc", type=int)
    viewable = [d for d in docs if d.sha256]
    preview = preview_for(application, _user())  # the letter's draft, read before it is signed
    if wanted:
        selected = next((d for d in viewable if d.id == wanted), None)
    if selected is None and viewable and preview is None:
        selected = _most_telling(viewable)
    html = render_template(
        "backoffice/application.html",
        app=application,
        flow=workflow_for(application.service),
        checklist=_checklist(application),
        case_details=presenters.case_details(application, i18n.language()),
        office_docs=[d for d in docs if d.kind in OFFICE_KINDS],
        selected=selected,
        has_viewable=bool(viewable),
        actions=access.actions_for(_user(), application),
        nik=access.nik_for(_user(), application),
        nik_full=access.shows_full_nik(_user(), application),
        whatsapp=access.contact_for(_user(), application, "whatsapp"),
        address=access.contact_for(_user(), application, "address"),
        erasure_notice=_erasure_notice(application),
        errors=errors or {},
        open_action=open_action,
        form=request.form if errors or preview_changed else MultiDict(),
        return_offers=return_reasons.for_service(application.service),
        returned_ids=return_reasons.returned_document_ids(application),
        preview=preview,
        preview_changed=preview_changed,
        preview_missing=[i18n.t(f"field.{name}") for name in missing_for_signature(
            application, draft_signer(db(), access.staff_of(_user())))] if preview and application.stage == "signing" else [],
    )
    return html, status


def _erasure_notice(application: Application) -> str:
    at = application.applicant.erasure_requested_at
    if at is None or application.closed_at is not None:
        return ""
    tz_name = db().info.get("settings", {}).get("tz_name", OFFICE_TZ)
    return catalogue.render("privacy.staff.erasure_pending", i18n.language(), tz_name, at=at.isoformat())


def _most_telling(docs: list[Document]) -> Document:
    """The document to open first: the signed letter, else the technical recommendation,
    else the first requirement (what the next reader most needs to see)."""
    for kind in ("issued", "recommendation"):
        made = [d for d in docs if d.kind == kind]
        if made:
            return made[-1]
    return docs[0]


@blueprint.get("/applications/<int:application_id>")
@login_required
def application_page(application_id: int):
    application = _visible(application_id)
    access.log_opened(db(), _user(), application)
    request_scope.commit()
    return _page(application)


@blueprint.get("/applications/<int:application_id>/preview")
@login_required
def preview(application_id: int):
    """The letter's draft as it will be signed, while the file's stage shows one."""
    application = _visible(application_id)
    row = preview_for(application, _user())
    if row is None:
        abort(404)
    access.log_opened(db(), _user(), application, draft=True)
    request_scope.commit()
    return preview_response(application, row)


@blueprint.get("/applications/<int:application_id>/documents/<int:document_id>")
@login_required
def document(application_id: int, document_id: int):
    """The stored PDF, streamed from the file store to a signed-in user who may see the file."""
    application = _visible(application_id)
    doc = db().get(Document, document_id)
    if doc is None or doc.application_id != application.id or not doc.sha256:
        abort(404)
    access.log_opened(db(), _user(), application, doc)
    request_scope.commit()
    return pdf_response(doc, inline=True)


def _return_fields(application: Application, form) -> dict:
    """The return form as the action's fields: the ticked `reason_codes` as they are (the effect
    checks them) and the free `reasons` lines: a remark typed on a requirement reads
    "label: remark" (the chat then asks for that document again), then the other reason."""
    reasons = []
    for req in application.service.requirements:
        remark = form.get(f"remark_{req.code}", "").strip()
        if remark:
            reasons.append(f"{req.label}: {remark}")
    other = form.get("reasons_other", "").strip()
    if other:
        reasons.append(other)
    return {"reason_codes": form.getlist("reason_codes"), "reasons": reasons}


def _conflict_page(application: Application, form):
    """409: a colleague acted first. What the clerk typed and ticked is shown back (nothing is
    lost) with a link to the file as it is now."""
    typed = _return_fields(application, form)
    kept = return_reasons.lines(application.service, typed["reason_codes"], typed["reasons"], i18n.language(), strict=False)
    return render_template("backoffice/error.html", code=409, conflict=True, app=application,
                           note=form.get("note", "").strip(), kept=kept), 409


@blueprint.post("/applications/<int:application_id>/actions/<name>")
@login_required
def act(application_id: int, name: str):
    application = _visible(application_id)
    action = workflow_for(application.service).action(application.stage, name)
    form = request.form
    try:
        values = fields.from_request(action, form, request.files, form=True)
        if action is not None and action.effect == return_reasons.EFFECT:
            values.update(_return_fields(application, form))  # the ticks, and one line per remark
        with throttle.pickup_attempts(application, name):
            engine.fire(application, name, access.staff_of(_user()), note=form.get("note", ""), **values)
    except NotAllowed:
        db().rollback()
        return _conflict_page(_visible(application_id), form)
    except Forbidden:
        abort(403)
    except BadFields as exc:
        db().rollback()
        application = _visible(application_id)
        return _page(application, errors=exc.errors, open_action=name, status=422)
    except PreviewChanged:  # the draft moved on since the page was read: show the new one, sign nothing
        db().rollback()
        return _page(_visible(application_id), open_action=name, status=409, preview_changed=True)
    except WorkflowError as exc:  # e.g. the signing certificate or the TSA is unavailable (503)
        db().rollback()
        return _workflow_error_page(exc)
    request_scope.commit()
    flash(i18n.t("app.done", action=catalogue.action_label(name, i18n.language(), application.service.workflow), stage=catalogue.stage_label(application.stage, i18n.language(), application.service.workflow)))
    if access.can_view(_user(), application):
        return redirect(url_for("backoffice.application_page", application_id=application.id))
    return redirect(url_for("backoffice.desk"))


# ---- the supervisor's dashboard -------------------------------------------------------------
@blueprint.get("/dashboard")
@login_required
def dashboard_page():
    if not access.can_see_dashboard(_user()):
        abort(403)
    session_ = db()
    service = service_scope.from_page(session_)
    calendar = engine.calendar_for(session_)
    now = utcnow()
    medians = dashboard.median_times(session_, calendar, now, service)
    weeks = dashboard.per_week(session_, calendar, now, service=service)
    return render_template(
        "backoffice/dashboard.html",
        service=service.code if service else None,
        services=service_scope.in_scope(session_, None),
        per_stage=dashboard.counts_per_stage(session_, service),
        overdue=dashboard.overdue(session_, now, service=service),
        overdue_total=dashboard.overdue_count(session_, now, service=service),
        week_days=dashboard.week_days,
        medians=medians,
        median_scale=max([max(m.median_minutes, m.standard_minutes) for m in medians] or [1]),
        weeks=weeks,
        week_scale=max([n for _, n in weeks] or [1]) or 1,
        failed=dashboard.failed_messages(session_),
        mask_phone=mask_phone,
    )

