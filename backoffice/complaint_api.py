"""Complaints for integrations: the list, one complaint, and the answer (the web form's rule).

- GET  /api/v1/complaints?status=open|answered&page=  — open ones oldest first, answered ones
  latest answer first; a summary each (no complaint text: open one to read it);
- GET  /api/v1/complaints/<id> — with the text and the answer;
- POST /api/v1/complaints/<id>/answer {"answer": "…"} — `workflow.complaints.answer_complaint`,
  exactly as the back office's form: 403 for a role that may not, 409 once answered, 422 empty.

The roles are those that see complaints on the web (`ANSWERING_ROLES`). The applicant appears by
name only: no NIK, no phone number (the answer goes to their WhatsApp by itself).
"""

from __future__ import annotations

from flask import request

from backoffice import listing
from backoffice.api import ApiError, api_route, api_user, json_body, page_number
from backoffice.presenters import iso
from backoffice.sla import complaint_clock
from runtime import request_scope
from runtime.request_scope import db
from storage import Applicant, Application, Complaint, StaffUser, utcnow
from workflow import engine
from workflow.answers import ANSWERING_ROLES
from workflow.complaints import STATUSES, answer_complaint, answer_within_days, query


def summary(complaint: Complaint, calendar, now) -> dict:
    session = db()
    application = session.get(Application, complaint.application_id) if complaint.application_id else None
    clock = complaint_clock(complaint, calendar, now)
    return {
        "id": complaint.id,
        "code": complaint.code,
        "status": complaint.status,
        "received_at": iso(complaint.created_at),
        "due_at": iso(clock.due_at),
        "working_minutes": clock.minutes,
        "sla": clock.badge.state if complaint.status == "open" else None,
        "answered_late": clock.answered_late,
        "application": {"id": application.id, "tracking_code": application.tracking_code,
                        "service": application.service.code} if application else None,
        "applicant": {"name": session.get(Applicant, complaint.applicant_id).name},
        "answered_at": iso(complaint.answered_at),
    }


def detail(complaint: Complaint) -> dict:
    answered_by = db().get(StaffUser, complaint.answered_by) if complaint.answered_by else None
    return {
        **summary(complaint, engine.calendar_for(db()), utcnow()),
        "body": complaint.body,
        "answer": complaint.answer,
        "answered_by": answered_by.display_name if answered_by else None,
    }


def _complaint(complaint_id: int) -> Complaint:
    complaint = db().get(Complaint, complaint_id)
    if complaint is None:
        raise ApiError(404, "not_found", "no such complaint")
    return complaint


@api_route("/complaints", roles=ANSWERING_ROLES)
def complaints():
    status = request.args.get("status", "open")  # an empty status= is refused, as the schema says
    if status not in STATUSES:
        raise ApiError(400, "bad_request", "status is open or answered")
    number = page_number()
    items, total = listing.page(db(), query(status), number)
    calendar, now = engine.calendar_for(db()), utcnow()
    return {
        "items": [summary(c, calendar, now) for c in items],
        "status": status,
        "standard_working_days": answer_within_days(),
        "page": number,
        "per_page": listing.PAGE_SIZE,
        "total": total,
    }


@api_route("/complaints/<int:complaint_id>", roles=ANSWERING_ROLES)
def complaint(complaint_id: int):
    return detail(_complaint(complaint_id))


@api_route("/complaints/<int:complaint_id>/answer", methods=("POST",), roles=ANSWERING_ROLES)
def answer(complaint_id: int):
    complaint_ = _complaint(complaint_id)
    answer_complaint(db(), complaint_, api_user(), json_body().get("answer"))
    request_scope.commit()
    return detail(complaint_)
