"""The register book and the monthly service report (supervisors and admins; routes on the
`backoffice` blueprint):

- /backoffice/reports/register: the period's summary and the register, 25 files a page;
- /backoffice/reports/register.csv: the register of the whole period for Excel.

The period and the service are chosen as on the IKM report (`survey_views.report_input`),
by default the current month. No NIK, phone number or address (UU 27/2022).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

import catalogue
from backoffice import i18n, listing, register_report
from backoffice.documents import csv_response
from backoffice.survey_views import report_input
from backoffice.views import blueprint
from runtime.request_scope import db
from storage import Service, utcnow
from storage.digits import row_id
from storage.regions import OUTSIDE, kecamatan_name
from workflow.spreadsheet import safe_cell

CSV_HEADER = ("tracking_code", "service", "applicant_name", "kecamatan", "submitted_at", "stage",
              "issued_number", "issued_on", "completed_at", "working_minutes", "within_standard")


def kecamatan_label(code: str | None) -> str:
    """The kecamatan's name (bot/regions.py), never the bare code unless it is unknown."""
    if code == OUTSIDE:
        return i18n.t("register.outside")
    return kecamatan_name(code) or (code or "")


@blueprint.get("/reports/register")
@login_required
def register_page():
    period, service, calendar = report_input(default="month")
    if period is None:
        flash(i18n.t("ikm.bad_period"))
        return redirect(url_for("backoffice.register_page"))
    number = row_id(request.args.get("page", "1")) or 1
    now = utcnow()
    items, total = listing.page(db(), register_report.register_query(period, calendar.tz_name, service), number, listing.PAGE_SIZE)
    return render_template(
        "backoffice/register.html",
        period=period,
        service=service.code if service else None,
        services=list(db().query(Service).order_by(Service.code)),
        summary=register_report.summary(db(), period, calendar, now, service).as_dict(),
        rows=register_report.rows(db(), items, calendar, now),
        first=(number - 1) * listing.PAGE_SIZE,
        page=number,
        pages=max(-(-total // listing.PAGE_SIZE), 1),
        total=total,
        kecamatan_label=kecamatan_label,
    )


@blueprint.get("/reports/register.csv")
@login_required
def register_csv():
    period, service, calendar = report_input(default="month")
    if period is None:
        abort(400)
    session, now = db(), utcnow()
    applications = list(session.scalars(register_report.register_query(period, calendar.tz_name, service)))
    name = f"register-{period.start.isoformat()}-{period.end.isoformat()}{'-' + service.code if service else ''}.csv"
    return csv_response(csv_rows(register_report.rows(session, applications, calendar, now), calendar), name)


def csv_rows(rows, calendar):
    def local(moment, fmt="%Y-%m-%d %H:%M"):
        return calendar.local(moment).strftime(fmt) if moment else ""

    yield CSV_HEADER
    for row in rows:
        app = row.application
        yield (
            safe_cell(app.tracking_code),
            safe_cell(app.service.code),
            safe_cell(app.applicant.name),
            safe_cell(kecamatan_label(app.applicant.kecamatan)),
            local(app.submitted_at),
            catalogue.stage_label(app.stage, i18n.language(), app.service.workflow),
            safe_cell(app.issued_number),
            local(app.issued_at, "%Y-%m-%d"),
            local(row.completed_at),
            row.working_minutes,
            i18n.t("register.yes" if row.within_standard else "register.no"),
        )
