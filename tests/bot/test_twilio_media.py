"""Nothing left at Twilio: once the file is in our store, its Media resource is DELETEd at Twilio
(the stand-in records it); failures retry; only this account's media on the API host is touched."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobs.twilio_media import TwilioUnavailable, delete_media, twilio_media_path
from storage import Document
from tests.bot.conftest import register_and_activate, start_application
from tests.pdf_samples import blank_pdf


def test_a_stored_file_is_deleted_at_twilio(chat, rt, run_jobs, fake_twilio):
    register_and_activate(chat)
    start_application(chat)
    chat.send("", pdfs=[blank_pdf(1)])
    with rt.sessions() as s:
        url = s.scalar(select(Document.source_url))
    path = url.removeprefix(fake_twilio.api_url)
    run_jobs()
    assert fake_twilio.deleted_media == [path]
    deletes = [r for r in fake_twilio.api_requests if r["method"] == "DELETE"]
    assert deletes == [{"method": "DELETE", "path": path + ".json"}]
    with rt.sessions() as s:
        doc = s.scalar(select(Document))
        assert doc.status == "accepted" and rt.files.exists(doc.sha256)
        assert doc.source_url is None  # nothing of it left at Twilio


def test_a_refused_file_is_deleted_at_twilio_too(chat, rt, run_jobs, fake_twilio):
    register_and_activate(chat)
    start_application(chat)
    chat.send("", pdfs=[b"not a pdf at all"])
    run_jobs()
    with rt.sessions() as s:
        assert s.scalar(select(Document.status)) == "refused"
    assert len(fake_twilio.deleted_media) == 1


def test_a_failed_delete_raises_for_the_retry_and_the_next_try_deletes(rt, fake_twilio):
    url = fake_twilio.add_media(blank_pdf(1))
    fake_twilio.fail_next(503)
    with pytest.raises(TwilioUnavailable):
        delete_media(url)
    assert fake_twilio.deleted_media == []
    assert delete_media(url) == "deleted"
    assert delete_media(url) == "gone"  # a second run (RQ at-least-once) is harmless


def test_only_this_accounts_media_on_the_api_host(config, fake_twilio):
    url = fake_twilio.add_media(b"x")
    assert twilio_media_path(url, config)
    assert twilio_media_path(url + "?x=1", config) is None
    assert twilio_media_path(url.replace(fake_twilio.api_url, fake_twilio.cdn_url), config) is None
    assert twilio_media_path(url.replace(config.twilio_account_sid, "AC" + "0" * 32), config) is None
    assert twilio_media_path(config.base_url + "/simulator/media/abc", config) is None
    assert twilio_media_path(url, config.with_(twilio_account_sid="", twilio_auth_token="")) is None  # sandbox


# ---- files no document took ----------------------------------------------------------------------
def _stray_photo(chat) -> str:
    """A KTP photo sent before registering: the bot answers it cannot take it, no document is made."""
    url = chat.fake.add_media(b"\xff\xd8\xff ktp photo", "image/jpeg")
    chat.post("", media=[(url, "image/jpeg")])
    return url.removeprefix(chat.fake.api_url)


def test_a_file_no_document_took_is_deleted_at_twilio_once_it_can_no_longer_be_filed(chat, rt, run_jobs,
                                                                                      fake_twilio):
    from datetime import timedelta

    from jobs.retention import report, sweep
    from storage import utcnow

    register_and_activate(chat)
    start_application(chat)
    chat.send("", pdfs=[blank_pdf(1)])  # a document: its own check deletes it at Twilio
    run_jobs()
    chat.send("BATAL")
    stray = _stray_photo(chat)
    assert sweep()["twilio_media"] == 0  # today it might still be filed
    run_jobs()
    assert stray not in fake_twilio.deleted_media
    later = utcnow() + timedelta(days=3)
    assert report(now=later).media_messages == 2  # the document's message and the stray one
    sweep(now=later)
    run_jobs()
    assert stray in fake_twilio.deleted_media
    deletes = [r["path"] for r in fake_twilio.api_requests if r["method"] == "DELETE"]
    assert len(deletes) == len(set(deletes)) == 2  # the document's media was not asked for twice
    assert report(now=later).media_messages == 0  # looked at once
    sweep(now=later)
    run_jobs()
    assert len([r for r in fake_twilio.api_requests if r["method"] == "DELETE"]) == 2


def test_hapus_data_deletes_at_twilio_the_files_it_forgets(chat, rt, run_jobs, fake_twilio):
    register_and_activate(chat)
    stray = _stray_photo(chat)
    start_application(chat)
    chat.send("", pdfs=[blank_pdf(1)])  # not yet checked: its media is still at Twilio
    with rt.sessions() as s:
        pending = s.scalar(select(Document.source_url)).removeprefix(fake_twilio.api_url)
    chat.send("HAPUS DATA")
    chat.send("HAPUS")
    run_jobs()
    assert stray in fake_twilio.deleted_media and pending in fake_twilio.deleted_media
