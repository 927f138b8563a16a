"""TANYA / "Tanya petugas": a question from WhatsApp, open without registering, lands in the
back office's inbox; any back-office staff answers it from the web; the answer reaches the
person on WhatsApp (text inside the 24-hour window, the approved template outside it); the
supervisors hear when it waits past the office's standard; the retention sweep deletes it."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from storage import Applicant, OutboxMessage, Question, utcnow
from tests.backoffice.helpers import csrf_from, login
from tests.bot.conftest import info, says
from workflow import questions, retention

ASKED = "Apakah surat keterangan putus sekolah boleh dari kepala sekolah swasta?"


def _questions(rt) -> list[Question]:
    with rt.sessions() as s:
        return list(s.scalars(select(Question).order_by(Question.id)))


def _outbox(rt, key: str) -> list[OutboxMessage]:
    with rt.sessions() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.key == key).order_by(OutboxMessage.id)))


def test_ask_without_registering_and_get_the_answer_from_the_web(chat, rt, app, run_jobs, fake_twilio, caplog):
    caplog.set_level(logging.DEBUG)
    assert "Tanya petugas" in chat.send("MENU")
    assert "Ketik *TANYA*" in info(chat)
    prompt = chat.send("TANYA")
    assert says("question.ask", min=10, max=1000, days=1) in prompt
    assert says("question.too_short", min=10) in chat.send("halo min")
    assert says("question.too_long", length=1001, max=1000) in chat.send("x" * 1001)
    reply = chat.send(ASKED)
    [question] = _questions(rt)
    assert question.code.startswith("TNY-") and question.body == ASKED and question.status == "open"
    assert f"nomor *{question.code}*" in reply and "paling lambat" in reply
    with rt.sessions() as s:
        assert s.get(Applicant, question.applicant_id).activated_at is None  # never registered

    staff = app.test_client()
    assert login(staff, "backoffice").status_code == 302
    page = staff.get("/backoffice/questions").get_data(as_text=True)
    assert question.code in page and ASKED in page and "belum terdaftar" in page and "+6281*****7890" in page
    empty = staff.post(f"/backoffice/questions/{question.id}/answer", data={"answer": "  ", "csrf_token": csrf_from(page)})
    assert empty.status_code == 422 and "tuliskan jawabannya dulu" in empty.get_data(as_text=True)
    long = staff.post(f"/backoffice/questions/{question.id}/answer", data={"answer": "x" * 2001, "csrf_token": csrf_from(page)})
    assert long.status_code == 422 and "paling banyak 2000 karakter" in long.get_data(as_text=True)
    answer = "Boleh, asalkan ditandatangani kepala sekolah dan berstempel."
    res = staff.post(f"/backoffice/questions/{question.id}/answer", data={"answer": answer, "csrf_token": csrf_from(page)})
    assert res.status_code == 302
    again = staff.post(f"/backoffice/questions/{question.id}/answer", data={"answer": "lagi", "csrf_token": csrf_from(page)},
                       follow_redirects=True)
    assert "Pertanyaan ini sudah dijawab." in again.get_data(as_text=True)
    assert _questions(rt)[0].status == "answered" and _questions(rt)[0].answer == answer
    run_jobs()
    sent = [m for m in fake_twilio.messages if answer in m.get("Body", "")]
    assert len(sent) == 1 and sent[0]["To"] == "whatsapp:+6281234567890" and question.code in sent[0]["Body"]
    # The question may hold personal data: no log line carries it.
    assert not [r for r in caplog.records if "putus sekolah boleh" in r.getMessage()]


def test_photos_are_refused_and_the_limits_hold(chat, rt):
    chat.send("TANYA")
    assert says("question.text_only") in chat.send("", pdfs=[b"%PDF-1.4 not really"])
    for n in range(questions.MAX_OPEN):
        chat.send("TANYA")
        chat.send(f"Pertanyaan nomor {n + 1} tentang persyaratan layanan?")
    assert len(_questions(rt)) == questions.MAX_OPEN
    assert says("question.too_many_open", max=questions.MAX_OPEN).split("\n")[0] in chat.send("TANYA")
    assert len(_questions(rt)) == questions.MAX_OPEN
    # Answered ones no longer count as open, but the day's limit still holds.
    with rt.transaction() as s:
        for q in s.scalars(select(Question)):
            q.status = "answered"
    for n in range(questions.MAX_PER_DAY - questions.MAX_OPEN):
        chat.send("TANYA")
        chat.send(f"Pertanyaan tambahan nomor {n + 1} tentang layanan?")
    assert len(_questions(rt)) == questions.MAX_PER_DAY
    assert says("question.too_many_today", max=questions.MAX_PER_DAY).split("\n")[0] in chat.send("TANYA")


def test_only_the_answering_roles_see_and_answer_the_inbox(chat, rt, app):
    chat.send("TANYA")
    chat.send(ASKED)
    [question] = _questions(rt)
    for username, allowed in (("teknis", False), ("koor", False), ("pengawas", True), ("admin", True)):
        client = app.test_client()
        assert login(client, username).status_code == 302
        page = client.get("/backoffice/questions")
        assert page.status_code == (200 if allowed else 403), username
    teknis = app.test_client()
    login(teknis, "teknis")
    desk = teknis.get("/backoffice/").get_data(as_text=True)
    res = teknis.post(f"/backoffice/questions/{question.id}/answer", data={"answer": "x", "csrf_token": csrf_from(desk)})
    assert res.status_code == 403 and _questions(rt)[0].status == "open"
    office = app.test_client()
    login(office, "backoffice")
    page = office.get("/backoffice/questions").get_data(as_text=True)
    assert office.post("/backoffice/questions/999999/answer", data={"answer": "x", "csrf_token": csrf_from(page)}).status_code == 404


def test_outside_the_window_the_answer_goes_as_its_template(chat, rt):
    chat.send("TANYA")
    chat.send(ASKED)
    [question] = _questions(rt)
    with rt.transaction() as s:
        s.get(Applicant, question.applicant_id).last_inbound_at = utcnow() - timedelta(days=3)
        from tests import factories

        questions.answer_question(s, s.get(Question, question.id), factories.staff(s, "backoffice"), "Jawaban " * 200)
    [row] = _outbox(rt, "question.answered")
    assert row.priority != "reply" and row.variables["code"] == question.code
    from jobs.templates import content_variables, templates

    assert templates()["question.answered"].name == "dpmptsp_question_answered"
    values = content_variables("question.answered", "id", "Asia/Jakarta", row.variables)
    assert values["1"] == question.code and "\n" not in values["2"] and values["2"].endswith(" …")


def test_supervisors_are_alerted_once_when_a_question_waits_past_the_standard(chat, rt):
    from jobs import sla

    chat.send("TANYA")
    chat.send(ASKED)
    [question] = _questions(rt)
    with rt.sessions() as s:
        from workflow.engine import calendar_for

        due = questions.answer_due(s.get(Question, question.id), calendar_for(s))
    assert sla.check(now=due - timedelta(minutes=1), rt=rt).questions == 0
    assert sla.check(now=due + timedelta(minutes=5), rt=rt).questions == 1
    assert sla.check(now=due + timedelta(hours=5), rt=rt).questions == 0  # once
    alerts = _outbox(rt, "alert.question_overdue")
    assert alerts and all(a.staff_id for a in alerts)
    for alert in alerts:
        assert alert.variables["code"] == question.code and "/backoffice/questions#question-" in alert.variables["link"]
        assert ASKED not in str(alert.variables)  # never the question's text


def test_retention_deletes_old_questions_and_erasure_the_persons_own(chat, rt):
    chat.send("TANYA")
    chat.send(ASKED)
    [question] = _questions(rt)
    with rt.transaction() as s:
        todo = retention.plan(s, utcnow() + timedelta(days=179))
        assert todo.counts()["questions"] == 0
        todo = retention.plan(s, utcnow() + timedelta(days=181))
        assert todo.counts()["questions"] == 1
        retention.apply(s, todo, utcnow() + timedelta(days=181))
    assert _questions(rt) == []
    chat.send("TANYA")
    chat.send(ASKED)
    [question] = _questions(rt)
    with rt.transaction() as s:
        retention.erase(s, s.get(Applicant, question.applicant_id), utcnow())
    assert _questions(rt) == []


@pytest.mark.parametrize("text", ["TANYA", "tanya petugas", "Pertanyaan", "ASK"])
def test_the_keywords_open_it(chat, text):
    assert says("question.ask", min=10, max=1000, days=1).split("\n")[0] in chat.send(text)
