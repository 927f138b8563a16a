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

from backoffice import access, i18n
from backoffice.documents import csv_response
from backoffice.sla import complaint_clock
from backoffice.views import blueprint
from runtime import request_scope
from runtime.request_scope import db
from storage import Applicant, Application, Complaint, Service, utcnow
from workflow import engine, skm_report
from workflow.complaints import ANSWER_WITHIN_DAYS, ANSWERING_ROLES, answer_complaint, listing
from workflow.errors import BadFields, NotAllowed
from workflow.periods import parse_period
from workflow.skm import ELEMENTS

i18n.STRINGS.update({
    "nav.complaints": {"id": "Pengaduan", "en": "Complaints"},
    "nav.ikm": {"id": "Survei kepuasan (IKM)", "en": "Satisfaction (IKM)"},
    "complaints.title": {"id": "Pengaduan masyarakat", "en": "Public complaints"},
    "complaints.open": {"id": "Belum dijawab", "en": "Waiting for an answer"},
    "complaints.answered": {"id": "Sudah dijawab (terbaru)", "en": "Answered (latest)"},
    "complaints.none": {"id": "Tidak ada pengaduan yang menunggu.", "en": "No complaint is waiting."},
    "complaints.general": {"id": "Umum", "en": "General"},
    "complaints.answer": {"id": "Jawaban (dikirim ke WhatsApp pemohon)", "en": "Answer (sent to the applicant's WhatsApp)"},
    "complaints.send": {"id": "Kirim jawaban", "en": "Send the answer"},
    "complaints.sent": {"id": "Jawaban pengaduan {code} dikirim ke pemohon.", "en": "The answer to {code} is on its way to the applicant."},
    "complaints.empty_answer": {"id": "Tuliskan jawabannya dulu.", "en": "Write the answer first."},
    "complaints.already": {"id": "Pengaduan ini sudah dijawab.", "en": "This complaint has already been answered."},
    "col.code": {"id": "Nomor", "en": "Number"},
    "col.received": {"id": "Diterima", "en": "Received"},
    "col.about": {"id": "Tentang", "en": "About"},
    "col.complaint": {"id": "Isi pengaduan", "en": "Complaint"},
    "complaints.standard": {"id": "Standar penanganan: dijawab paling lambat {days} hari kerja sejak diterima.",
                            "en": "Handling standard: answered within {days} working days of receipt."},
    "complaints.overdue": {"id": "{count} pengaduan melewati standar penanganan.",
                           "en": "{count} complaints are past the handling standard."},
    "complaints.waiting": {"id": "Menunggu", "en": "Waiting"},
    "complaints.due": {"id": "Batas jawaban", "en": "Answer by"},
    "complaints.took": {"id": "Waktu jawab", "en": "Answered in"},
    "complaints.late": {"id": "terlambat", "en": "late"},
    "ikm.this_year": {"id": "IKM tahun ini", "en": "IKM this year"},
    "ikm.details": {"id": "Laporan lengkap per unsur, bulan dan layanan", "en": "Full report per element, month and service"},
    "ikm.title": {"id": "Indeks Kepuasan Masyarakat (IKM)", "en": "Public Satisfaction Index (IKM)"},
    "ikm.from": {"id": "Dari", "en": "From"},
    "ikm.to": {"id": "Sampai", "en": "To"},
    "ikm.service": {"id": "Layanan", "en": "Service"},
    "ikm.all": {"id": "Semua layanan", "en": "All services"},
    "ikm.show": {"id": "Tampilkan", "en": "Show"},
    "ikm.csv": {"id": "Unduh CSV (tanpa data pribadi)", "en": "Download CSV (no personal data)"},
    "ikm.responses": {"id": "Responden", "en": "Responses"},
    "ikm.category": {"id": "Mutu pelayanan", "en": "Service quality"},
    "ikm.elements": {"id": "Nilai rata-rata per unsur (NRR, skala 1–4)", "en": "Mean per element (NRR, scale 1–4)"},
    "ikm.trend": {"id": "IKM per bulan", "en": "IKM per month"},
    "ikm.suggestions": {"id": "Saran dan masukan", "en": "Suggestions"},
    "ikm.none": {"id": "Belum ada survei yang selesai pada periode ini.", "en": "No completed survey in this period."},
    "ikm.bad_period": {"id": "Periode tidak valid (format TTTT-BB-HH, 'dari' tidak setelah 'sampai').",
                       "en": "Invalid period (YYYY-MM-DD, 'from' not after 'to')."},
})


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
                           standard_days=ANSWER_WITHIN_DAYS, errors=errors or {}), status


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
    try:
        answer_complaint(db(), complaint, access.staff_of(current_user), request.form.get("answer", ""))
    except BadFields:
        db().rollback()
        return _complaints_page(422, {complaint_id: i18n.t("complaints.empty_answer")})
    except NotAllowed:
        db().rollback()
        flash(i18n.t("complaints.already"))
        return redirect(url_for("backoffice.complaints_page"))
    code = complaint.code
    request_scope.commit()
    flash(i18n.t("complaints.sent", code=code))
    return redirect(url_for("backoffice.complaints_page"))


# ---- the IKM report ------------------------------------------------------------------------------
def report_input(default: str = "year"):
    """(period, service code or None, calendar) from `from`, `to`, `service` of a report page
    (the dashboard's roles only, else 403); the period is None when `from`/`to` are bad."""
    if not access.can_see_dashboard(current_user):
        abort(403)
    calendar = engine.calendar_for(db())
    try:
        period = parse_period(request.args.get("from") or None, request.args.get("to") or None,
                              calendar.local(utcnow()).date(), default=default)
    except ValueError:
        return None, None, calendar
    return period, request.args.get("service") or None, calendar


@blueprint.get("/reports/ikm")
@login_required
def ikm_page():
    period, service, calendar = report_input()
    if period is None:
        flash(i18n.t("ikm.bad_period"))
        return redirect(url_for("backoffice.ikm_page"))
    responses = skm_report.completed_responses(db(), period, calendar.tz_name, service)
    result = skm_report.ikm(responses)
    return render_template(
        "backoffice/ikm.html",
        period=period,
        service=service,
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
    responses = skm_report.completed_responses(db(), period, calendar.tz_name, service)
    name = f"skm-{period.start.isoformat()}-{period.end.isoformat()}{'-' + service if service else ''}.csv"
    return csv_response(skm_report.csv_rows(db(), responses, calendar.tz_name), name)
