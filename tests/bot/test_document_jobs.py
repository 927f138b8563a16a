"""The document-check job and the bot sweep, with the real worker and the Twilio stand-in."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jobs.conversation_sweeps import expire_drafts, requeue_pending_documents, scrub_activation_codes
from jobs.scheduler import tick
from storage import Application, Document, OutboxMessage, utcnow
from tests import factories
from tests.bot.conftest import register, register_and_activate, start_application
from tests.pdf_samples import blank_pdf


def _docs(rt) -> list[Document]:
    with rt.sessions() as s:
        return list(s.scalars(select(Document).order_by(Document.id)))


def test_a_url_off_the_twilio_host_is_refused_without_a_request(chat, rt, run_jobs, fake_twilio):
    register_and_activate(chat)
    start_application(chat)
    params_media = [("http://attacker.example/evil.pdf", "application/pdf")]
    assert chat.post("", media=params_media).status_code == 200
    chat.outbox()
    run_jobs()
    rows = chat.outbox()
    assert [r.key for r in rows] == ["doc.refused.download_failed"] and "*1/10: Surat" in rows[0].variables["next"]
    assert _docs(rt)[0].status == "refused" and _docs(rt)[0].reason == "doc.refused.download_failed"


def test_media_not_yet_propagated_stays_pending_and_the_sweep_finishes_it(chat, rt, run_jobs, fake_twilio):
    register_and_activate(chat)
    start_application(chat)
    url = fake_twilio.add_media(blank_pdf(1), "application/pdf", not_found_first=1)
    chat.post("", media=[(url, "application/pdf")])
    chat.outbox()
    run_jobs()  # 404: transient, RQ schedules a retry; nothing is said yet
    assert _docs(rt)[0].status == "pending" and chat.outbox() == []
    assert requeue_pending_documents(now=utcnow() + timedelta(minutes=11)) == 1
    run_jobs()
    assert _docs(rt)[0].status == "accepted" and _docs(rt)[0].sha256


def test_the_same_file_again_for_the_same_requirement_is_recognised(chat, rt, run_jobs):
    register_and_activate(chat)
    start_application(chat)
    chat.send("", pdfs=[blank_pdf(1)])
    run_jobs()
    chat.send("1")
    chat.send("", pdfs=[blank_pdf(1)])
    chat.outbox()
    run_jobs()
    assert [r.key for r in chat.outbox()][0] == "bot.doc.same_again"
    assert [d.status for d in _docs(rt)] == ["superseded", "accepted"]


def test_drafts_get_a_reminder_on_day_six_and_expire_on_day_seven(rt, seeded):
    with rt.transaction() as s:
        app = factories.draft_with_documents(s)
        app.created_at = utcnow() - timedelta(days=6, hours=1)
        app_id = app.id
    assert expire_drafts() == (1, 0)
    assert expire_drafts() == (0, 0)  # once
    with rt.transaction() as s:
        s.get(Application, app_id).created_at = utcnow() - timedelta(days=7, hours=1)
    assert expire_drafts() == (0, 1)
    with rt.sessions() as s:
        assert s.get(Application, app_id).stage == "cancelled"
        keys = [r.key for r in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
        assert keys == ["bot.apply.draft_reminder", "notice.cancelled"]


def test_the_plain_activation_code_is_scrubbed_once_expired(chat, rt, run_jobs):
    register(chat)
    run_jobs()
    assert scrub_activation_codes() == 0
    assert scrub_activation_codes(now=utcnow() + timedelta(minutes=16)) == 1
    with rt.sessions() as s:
        row = s.scalar(select(OutboxMessage).where(OutboxMessage.key == "bot.act.code"))
        assert "code" not in row.variables and row.status == "sent"


def test_the_scheduler_runs_the_bot_sweep(rt, seeded, run_jobs):
    from rq.registry import FailedJobRegistry

    from runtime.queues import queue

    assert any(job_id.startswith("sweep-bot-") for job_id in tick(rt))
    run_jobs()
    assert FailedJobRegistry(queue=queue(rt.redis, "bulk")).count == 0
