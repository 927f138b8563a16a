"""The retention sweep: each rule deletes what it must (gone from the database AND the file store)
and keeps what it must; a blob still referenced elsewhere stays; the dry run deletes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from jobs.retention import report, sweep
from jobs.sweeps import PERIODIC
from storage import Application, Document, InboundMessage, OutboxMessage, utcnow
from tests import factories
from tests.factories import pdf_bytes
from workflow import engine


@pytest.fixture
def store(rt):
    return rt.files


def _with_blobs(session, store, app, *, tag="x"):
    """Give each document of `app` real bytes in the file store."""
    for i, doc in enumerate(app.documents):
        doc.sha256 = store.put_bytes(pdf_bytes(f"{tag} {app.id} {i}"))
    session.flush()
    return [d.sha256 for d in app.documents]


def _age(session, app, days):
    app.created_at = utcnow() - timedelta(days=days)
    for doc in app.documents:
        doc.created_at = app.created_at
    session.flush()


def test_the_sweep_is_declared_daily():
    assert PERIODIC["retention"] == ("jobs.retention.sweep", 24 * 3600)


def test_an_abandoned_draft_goes_with_its_files_a_recent_one_stays(rt, seeded, store):
    with rt.transaction() as s:
        old = factories.draft_with_documents(s, factories.applicant(s))
        old_digests = _with_blobs(s, store, old, tag="old")
        _age(s, old, 91)
        recent = factories.draft_with_documents(s, factories.applicant(s, whatsapp="+628222", nik="1407014107050002"))
        recent_digests = _with_blobs(s, store, recent, tag="recent")
        _age(s, recent, 10)
        old_id, recent_id = old.id, recent.id
    assert report().drafts == [old_id]
    result = sweep()
    assert result["drafts"] == 1 and result["files"] == len(old_digests)
    with rt.sessions() as s:
        assert s.get(Application, old_id) is None
        assert s.scalar(select(Document).where(Document.application_id == old_id)) is None
        assert s.get(Application, recent_id) is not None
    assert not any(store.exists(d) for d in old_digests)
    assert all(store.exists(d) for d in recent_digests)


def test_a_draft_with_a_recent_document_is_not_abandoned(rt, seeded, store):
    with rt.transaction() as s:
        app = factories.draft_with_documents(s)
        _with_blobs(s, store, app)
        _age(s, app, 200)
        app.documents[0].created_at = utcnow() - timedelta(days=1)
    assert report().drafts == []


def test_refused_documents_go_after_their_period_and_shared_blobs_stay(rt, seeded, store):
    with rt.transaction() as s:
        app = factories.draft_with_documents(s)
        digests = _with_blobs(s, store, app)
        engine.fire(app, "submit", app.applicant)
        refused, kept = app.documents[0], app.documents[1]
        refused.status = "refused"
        refused.created_at = utcnow() - timedelta(days=31)
        # Another document (another application) refers to the same bytes as the refused one.
        other = factories.draft_with_documents(s, factories.applicant(s, whatsapp="+628333", nik="1407014107050003"))
        other.documents[0].sha256 = refused.sha256
        refused_id, kept_id = refused.id, kept.id
    assert report().refused == [refused_id]
    result = sweep()
    assert result["refused_documents"] == 1 and result["files"] == 0
    with rt.sessions() as s:
        assert s.get(Document, refused_id) is None and s.get(Document, kept_id) is not None
    assert store.exists(digests[0])  # still referenced by the other application


def test_requirement_scans_of_a_closed_file_go_after_years_the_letter_and_receipt_stay(rt, seeded, store):
    with rt.transaction() as s:
        app = factories.draft_with_documents(s)
        scans = _with_blobs(s, store, app)
        factories.advance(s, app, until="completed")
        app_id = app.id
    with rt.transaction() as s:
        app = s.get(Application, app_id)
        app.closed_at = utcnow() - timedelta(days=365 * 2 + 1)
        kept_kinds = sorted({d.kind for d in app.documents if d.kind != "requirement"})
        office = [d.sha256 for d in app.documents if d.kind != "requirement"]
    assert "issued" in kept_kinds and "receipt" in kept_kinds
    sweep()
    with rt.sessions() as s:
        app = s.get(Application, app_id)
        assert app is not None and app.issued_number  # the register entry stays
        assert sorted({d.kind for d in app.documents}) == kept_kinds
    assert not any(store.exists(d) for d in scans)
    assert all(store.exists(d) for d in office)


def test_a_recently_closed_file_keeps_its_scans(rt, seeded, store):
    with rt.transaction() as s:
        app = factories.draft_with_documents(s)
        _with_blobs(s, store, app)
        engine.fire(app, "submit", app.applicant)
        app.closed_at = utcnow() - timedelta(days=30)
        app_id = app.id
    assert report().scans == []
    with rt.sessions() as s:
        assert s.get(Application, app_id).documents


def test_conversation_payloads_go_after_their_period(rt, seeded):
    old, new = utcnow() - timedelta(days=31), utcnow()
    with rt.transaction() as s:
        s.add_all([InboundMessage(message_sid="SMold", sender="+628", body="NIK saya 1407…", received_at=old),
                   InboundMessage(message_sid="SMnew", sender="+628", body="halo", received_at=new),
                   OutboxMessage(recipient="+628", key="bot.menu", status="delivered", body="old text", created_at=old),
                   OutboxMessage(recipient="+628", key="bot.menu", status="pending", body=None, created_at=old,
                                 variables={"keep": 1})])
    assert report().messages == 1
    assert sweep()["messages"] == 1
    with rt.sessions() as s:
        assert [m.message_sid for m in s.scalars(select(InboundMessage))] == ["SMnew"]
        rows = {r.status: r for r in s.scalars(select(OutboxMessage))}
        assert rows["delivered"].body is None and rows["delivered"].variables == {}
        assert rows["pending"].variables == {"keep": 1}  # not sent yet: untouched


def test_retention_settings_are_read_from_the_environment(monkeypatch):
    from config import Config

    monkeypatch.setenv("RETENTION_DRAFT_DAYS", "7")
    monkeypatch.setenv("RETENTION_SCAN_YEARS", "5")
    config = Config.from_env(secret_key="x")
    assert config.retention["draft_days"] == 7 and config.retention["scan_years"] == 5
    assert config.retention["refused_days"] == 30 and config.retention["payload_days"] == 30


def test_flask_retention_report_is_a_dry_run(rt, seeded, store, runner):
    with rt.transaction() as s:
        app = factories.draft_with_documents(s)
        digests = _with_blobs(s, store, app)
        _age(s, app, 120)
        app_id = app.id
    result = runner.invoke(args=["retention", "report"])
    assert result.exit_code == 0, result.output
    assert f"abandoned drafts (with their documents): 1 (ids {app_id})" in result.output
    assert "nothing was deleted" in result.output and "office to confirm" in result.output
    assert "questions to the staff older than their period: 0" in result.output
    with rt.sessions() as s:
        assert s.get(Application, app_id) is not None
    assert all(store.exists(d) for d in digests)


def test_the_local_store_deletes_a_file(tmp_path):
    from storage.files import LocalFileStore

    store = LocalFileStore(tmp_path)
    digest = store.put_bytes(b"abc")
    assert store.delete(digest) is True and not store.exists(digest)
    assert store.delete(digest) is False
    with pytest.raises(ValueError):
        store.delete("../etc/passwd")
