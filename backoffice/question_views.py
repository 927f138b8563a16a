"""The back office's inbox of questions to the office ("Tanya petugas"; routes on the
`backoffice` blueprint; back_office, supervisor and admin — the complaints' roles):

- /backoffice/questions: open questions oldest first, each with its working-time clock against
  the office's answering standard (overdue ones marked) and an answer form; the latest answered;
- POST /backoffice/questions/<id>/answer: `workflow.questions.answer_question`; the answer goes
  to the person's WhatsApp through the outbox (inside the 24-hour window as text, else as the
  approved template `dpmptsp_question_answered`).

The person appears by name when registered, else as "not registered" with a masked number;
the question's text is shown here only, never logged.
"""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from backoffice import i18n
from backoffice.answer_form import take_answer
from backoffice.sla import question_clock
from backoffice.survey_views import can_answer_complaints as can_answer_questions
from backoffice.views import blueprint
from runtime.request_scope import db
from storage import Applicant, Question, Service, utcnow
from storage.privacy import mask_phone
from workflow import engine
from workflow.questions import MAX_LENGTH, answer_days, answer_question, listing


@blueprint.app_context_processor
def _question_nav():
    return {"can_answer_questions": can_answer_questions}


def _page(status=200, errors=None):
    session = db()
    open_ = listing(session, "open")
    answered = listing(session, "answered", limit=20)
    people = {q.applicant_id for q in open_ + answered}
    applicants = {a.id: a for a in session.query(Applicant).filter(Applicant.id.in_(people))} if people else {}
    services = {s.id: s for s in session.query(Service)}
    calendar, now = engine.calendar_for(session), utcnow()
    clocks = {q.id: question_clock(q, calendar, now) for q in open_ + answered}
    return render_template("backoffice/questions.html", open_questions=open_, answered=answered,
                           applicants=applicants, services=services, clocks=clocks, mask_phone=mask_phone,
                           overdue=sum(clocks[q.id].badge.state == "overdue" for q in open_),
                           standard_days=answer_days(), max_length=MAX_LENGTH, errors=errors or {}), status


@blueprint.get("/questions")
@login_required
def questions_page():
    if not can_answer_questions(current_user):
        abort(403)
    return _page()


@blueprint.post("/questions/<int:question_id>/answer")
@login_required
def answer_question_view(question_id: int):
    if not can_answer_questions(current_user):
        abort(403)
    question = db().get(Question, question_id)
    if question is None:
        abort(404)
    return take_answer(question, answer_question, _page, endpoint="backoffice.questions_page",
                       already=i18n.t("questions.already"), sent=i18n.t("questions.sent", code=question.code))
