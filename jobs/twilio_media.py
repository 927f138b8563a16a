"""Nothing left at Twilio: once an inbound file is in our store (or refused for good), the
Media resource is deleted at Twilio (UU 27/2022 Pasal 43: erase what is no longer needed;
the ID scans would otherwise stay on a processor's servers abroad).

`DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json` with the
account's Basic auth answers 204 (Twilio's Media resource; support article "Deleting messages,
message media or message bodies": https://support.twilio.com/hc/en-us/articles/223133687).
Transient failures (429, 5xx, timeouts) raise for RQ's Retry; a 404 means it is gone already.
On success the documents' `source_url` is cleared: a document checked but still holding a
Twilio URL is one whose deletion has not happened, and the retention sweep queues it again.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from sqlalchemy import select, update

import runtime
from runtime.queues import enqueue
from storage import Document, utcnow

log = logging.getLogger(__name__)

MEDIA_PATH = re.compile(
    r"^/2010-04-01/Accounts/(?P<account>AC[0-9a-fA-F]{32})/Messages/[A-Z]{2}[0-9a-fA-F]{32}/Media/ME[0-9a-fA-F]{32}$")
TIMEOUT = (5.0, 15.0)


class TwilioUnavailable(Exception):
    """429, 5xx or no answer: RQ retries the job."""


def twilio_media_path(url: str | None, config) -> str | None:
    """The Media resource's path when `url` is one of this account's media on the API host."""
    if not url or config.sandbox:
        return None
    parts, api = urlsplit(url), urlsplit(config.twilio_api_base_url)
    if (parts.scheme, parts.netloc) != (api.scheme, api.netloc) or parts.query or parts.username:
        return None
    path = parts.path.removesuffix(".json")
    match = MEDIA_PATH.match(path)
    return path if match and match["account"] == config.twilio_account_sid else None


def queue_deletion(rt, url: str | None) -> None:
    if twilio_media_path(url, rt.config) is None:
        return
    job_id = "twilio-media-delete-" + hashlib.sha256(url.encode()).hexdigest()[:32]
    enqueue(rt.redis, "bulk", "jobs.twilio_media.delete_media", url, job_id=job_id)


def release(urls: list[str]) -> int:
    """HAPUS DATA's files still at Twilio (queued by the bot after its commit): one retried
    deletion job each."""
    rt = runtime.current()
    for url in urls:
        queue_deletion(rt, url)
    return len(urls)


def delete_media(url: str) -> str:
    rt = runtime.current()
    config = rt.config
    path = twilio_media_path(url, config)
    if path is None:
        return "skipped"
    try:
        response = requests.delete(f"{config.twilio_api_base_url}{path}.json", timeout=TIMEOUT,
                                   auth=(config.twilio_account_sid, config.twilio_auth_token), allow_redirects=False)
    except requests.RequestException as exc:
        raise TwilioUnavailable(type(exc).__name__) from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise TwilioUnavailable(f"HTTP {response.status_code}")
    if response.status_code not in (200, 204, 404):
        log.warning("Twilio refused to delete a media resource: HTTP %s", response.status_code)
        return "refused"
    with rt.transaction() as session:
        session.execute(update(Document).where(Document.source_url == url).values(source_url=None))
    return "deleted" if response.status_code != 404 else "gone"


def requeue_missed(rt, older_than: timedelta = timedelta(hours=1)) -> int:
    """Documents checked a while ago whose Twilio media was never deleted (a lost enqueue)."""
    cutoff = utcnow() - older_than
    with rt.sessions() as session:
        urls = set(session.scalars(select(Document.source_url).where(
            Document.status != "pending", Document.source_url.is_not(None), Document.created_at < cutoff).limit(1000)))
    for url in urls:
        queue_deletion(rt, url)
    return len(urls)
