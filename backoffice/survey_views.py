"""Back-office pages of the survey and complaints (routes on the `backoffice` blueprint):

- /backoffice/complaints: open complaints (how long each has waited, the overdue ones marked)
  and an answer form (back_office, supervisor, admin);
  the answer goes to the applicant's WhatsApp through the outbox;
- /backoffice/reports/ikm: the IKM report (per-element bars of the NRR, the monthly trend,
  category, suggestions) per period and service, for the dashboard's roles;
- /backoffice/reports/ikm.csv: the responses without personal data.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from backoffice import access, i18n, service_scope
from backoffice.answer_form import take_answer
from backoffice.documents import csv_response
from backoffice.sla import complaint_clock
from backoffice.views import blueprint
from runtime.request_scope import db
from storage import Applicant, Application, Complaint, Service, utcnow
from workflow import engine, skm_report
from workflow.answers import ANSWERING_ROLES
from workflow.complaints import answer_complaint, answer_within_days, listing
from workflow.periods import parse_period
from workflow.skm import ELEMENTS


def can_answer_complaints(user) -> bool:
    return bool(user is not None and user.is_authenticated and access.staff_of(user).has_role(*ANSWERING_ROLES))


def ikm_this_year() -> dict:
    """The dashboard's IKM card: this year so far, all services."""
    calendar = engine.calendar_for(db())
    period = parse_period(None, None, calendar.local(utcnow()).date())
    return skm_report.ikm(skm_report.completed_responses(db(), period, calendar.tz_name)).as_dict()


@blueprint.app_context_processor
def _survey_nav():
    return {"can_answer_complaints": can_answer_complaints, "ikm_this_year": ikm_this_year}


# ---- complaints ------------------------------------------------------------------------------
def _complaints_page(status=200, errors=None):
    session = db()
    open_ = listing(session, "open")
    answered = listing(session, "answered", limit=20)
    ids = {c.applicant_id for c in open_ + answered}
    apps = {c.application_id for c in open_ + answered if c.application_id}
    applicants = {a.id: a for a in session.query(Applicant).filter(Applicant.id.in_(ids))} if ids else {}
    applications = {a.id: a for a in session.query(Application).filter(Application.id.in_(apps))} if apps else {}
    calendar, now = engine.calendar_for(session), utcnow()
    clocks = {c.id: complaint_clock(c, calendar, now) for c in open_ + answered}
    return render_template("backoffice/complaints.html", open_complaints=open_, answered=answered,
                           applicants=applicants, applications=applications, clocks=clocks,
                           overdue=sum(clocks[c.id].badge.state == "overdue" for c in open_),
                           standard_days=answer_within_days(), errors=errors or {}), status


@blueprint.get("/complaints")
@login_required
def complaints_page():
    if not can_answer_complaints(current_user):
        abort(403)
    return _complaints_page()


@blueprint.post("/complaints/<int:complaint_id>/answer")
@login_required
def answer_complaint_view(complaint_id: int):
    if not can_answer_complaints(current_user):
        abort(403)
    complaint = db().get(Complaint, complaint_id)
    if complaint is None:
        abort(404)
    return take_answer(complaint, answer_complaint, _complaints_page, endpoint="backoffice.complaints_page",
                       already=i18n.t("complaints.already"), sent=i18n.t("complaints.sent", code=complaint.code))


# ---- the IKM report ------------------------------------------------------------------------------
def report_input(default: str = "year"):
    """(period, service or None, calendar) from `from`, `to`, `service` of a report page
    (the dashboard's roles only, else 403); the period is None when `from`/`to` are bad, an
    unknown service is the 400 page (`service_scope.from_page`)."""
    if not access.can_see_dashboard(current_user):
        abort(403)
    service = service_scope.from_page(db())
    calendar = engine.calendar_for(db())
    try:
        period = parse_period(request.args.get("from") or None, request.args.get("to") or None,
                              calendar.local(utcnow()).date(), default=default)
    except ValueError:
        return None, None, calendar
    return period, service, calendar


@blueprint.get("/reports/ikm")
@login_required
def ikm_page():
    period, service, calendar = report_input()
    if period is None:
        flash(i18n.t("ikm.bad_period"))
        return redirect(url_for("backoffice.ikm_page"))
    code = service.code if service else None
    responses = skm_report.completed_responses(db(), period, calendar.tz_name, code)
    result = skm_report.ikm(responses)
    return render_template(
        "backoffice/ikm.html",
        period=period,
        service=code,
        services=list(db().query(Service).order_by(Service.code)),
        result=result,
        report=result.as_dict(),
        elements=ELEMENTS,
        trend=[(month, r.as_dict()) for month, r in skm_report.monthly(responses, calendar.tz_name)],
        suggestions=skm_report.suggestions(responses, calendar.tz_name)[:200],
    )


@blueprint.get("/reports/ikm.csv")
@login_required
def ikm_csv():
    period, service, calendar = report_input()
    if period is None:
        abort(400)
    code = service.code if service else None
    responses = skm_report.completed_responses(db(), period, calendar.tz_name, code)
    name = f"skm-{period.start.isoformat()}-{period.end.isoformat()}{'-' + code if code else ''}.csv"
    return csv_response(skm_report.csv_rows(db(), responses, calendar.tz_name), name)
