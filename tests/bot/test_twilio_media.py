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
