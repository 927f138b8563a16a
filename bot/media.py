"""Fetch a WhatsApp attachment into the file store: `download_media(url, config=…, store=…, max_bytes=…)`.

Where a URL may come from:
- with Twilio credentials: only from the origin (scheme, host, port) of `TWILIO_API_BASE_URL`,
  asked with HTTP Basic auth (account SID, auth token). Twilio answers with a redirect to its
  media CDN; we follow it by hand (at most `MAX_REDIRECTS`, http/https only) WITHOUT the
  credentials, so the token never leaves for another host;
- in sandbox mode (no credentials): only from our own simulator, a URL on `PUBLIC_BASE_URL`'s
  origin whose path starts with `/simulator/media/`, without credentials (redirects must stay there).
Any other URL is refused without a request.

Failures are `MediaError(reason)` with a catalogue key as reason. `transient=True` marks what a
retry may cure (a 404 right after the webhook while Twilio's media propagates, 429, 5xx,
timeouts, dropped connections); the RQ job's Retry tries again. The body is streamed in chunks
into `store.put_stream(…, max_bytes=…)`; a bigger file is "doc.refused.too_large".
Nothing here logs a URL's credentials or a file's content.
"""

from __future__ import annotations

import logging
import re
import time
from urllib.parse import urljoin, urlsplit

import requests

from storage.files import CHUNK, FileTooLarge

log = logging.getLogger(__name__)

MAX_REDIRECTS = 3
TIMEOUT = (5.0, 30.0)  # connect, read (between bytes)
TOTAL_SECONDS = 120.0  # the whole body, so a trickling server cannot hold the job forever
# The one shape of a simulator media URL's path, matched whole: no `../`, `%2e%2e`, query or
# fragment can make it name anything else on our origin.
SIMULATOR_MEDIA_PATH = re.compile(r"/simulator/media/[0-9a-f]{64}")
DOWNLOAD_FAILED = "doc.refused.download_failed"
TOO_LARGE = "doc.refused.too_large"


class MediaError(Exception):
    def __init__(self, reason: str, *, transient: bool = False):
        super().__init__(reason)
        self.reason = reason  # a catalogue key
        self.transient = transient


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def _plain_http(url: str) -> bool:
    """http(s), a host, and no user:password inside the URL."""
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and not (parts.username or parts.password)


def _allowed_start(url: str, config) -> bool:
    if not _plain_http(url):
        return False
    if config.sandbox:
        parts = urlsplit(url)
        return (_origin(url) == _origin(config.base_url) and not parts.query and not parts.fragment
                and SIMULATOR_MEDIA_PATH.fullmatch(parts.path) is not None)
    return _origin(url) == _origin(config.twilio_api_base_url)


def _allowed_redirect(url: str, config) -> bool:
    if config.sandbox:
        return _allowed_start(url, config)
    return _plain_http(url)  # Twilio's CDN: any http(s) host, asked without credentials


def _where(url: str) -> str:
    """What may be logged about a URL: its host, never a query string or credentials."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}"


class _Body:
    """A file-like view of a streamed response for FileStore.put_stream."""

    def __init__(self, response: requests.Response):
        self._chunks = response.iter_content(CHUNK)
        self._deadline = time.monotonic() + TOTAL_SECONDS

    def read(self, _size: int = -1) -> bytes:
        if time.monotonic() > self._deadline:
            raise MediaError(DOWNLOAD_FAILED, transient=True)
        return next(self._chunks, b"")


def _fail_for_status(response: requests.Response, url: str) -> None:
    status = response.status_code
    if status == 404 or status == 429 or status >= 500:
        log.info("media download: %s answered %s; will retry", _where(url), status)
        raise MediaError(DOWNLOAD_FAILED, transient=True)
    log.warning("media download: %s answered %s", _where(url), status)
    raise MediaError(DOWNLOAD_FAILED)


def _get(session: requests.Session, url: str, auth) -> requests.Response:
    try:
        return session.get(
            url,
            auth=auth,
            stream=True,
            allow_redirects=False,
            timeout=TIMEOUT,
            proxies=requests.utils.get_environ_proxies(url),
        )
    except (requests.Timeout, requests.ConnectionError) as exc:
        log.info("media download: %s unreachable (%s); will retry", _where(url), type(exc).__name__)
        raise MediaError(DOWNLOAD_FAILED, transient=True) from None
    except requests.RequestException as exc:
        log.warning("media download: %s refused the request (%s)", _where(url), type(exc).__name__)
        raise MediaError(DOWNLOAD_FAILED) from None


def download_media(url: str, *, config, store, max_bytes: int) -> tuple[str, int, str]:
    """Stream the media at `url` into `store`; returns (sha256, size, content_type as the server claimed)."""
    if not _allowed_start(url, config):
        log.warning("media download: refused a URL on %s (not an allowed media host)", _where(url))
        raise MediaError(DOWNLOAD_FAILED)
    auth = None if config.sandbox else (config.twilio_account_sid, config.twilio_auth_token)
    with requests.Session() as session:
        session.trust_env = False  # no ~/.netrc credentials on any hop; proxies are passed per request
        for _hop in range(MAX_REDIRECTS + 1):
            response = _get(session, url, auth)
            with response:
                if response.is_redirect:
                    target = urljoin(url, response.headers.get("Location", ""))
                    if not _allowed_redirect(target, config):
                        log.warning("media download: refused a redirect to %s", _where(target))
                        raise MediaError(DOWNLOAD_FAILED)
                    url, auth = target, None  # credentials go to the API host only
                    continue
                if response.status_code != 200:
                    _fail_for_status(response, url)
                return _store(response, url, store, max_bytes)
    log.warning("media download: more than %d redirects", MAX_REDIRECTS)
    raise MediaError(DOWNLOAD_FAILED)


def _store(response: requests.Response, url: str, store, max_bytes: int) -> tuple[str, int, str]:
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise MediaError(TOO_LARGE)
    try:
        digest, size = store.put_stream(_Body(response), max_bytes=max_bytes)
    except FileTooLarge:
        raise MediaError(TOO_LARGE) from None
    except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as exc:
        log.info("media download: %s dropped the body (%s); will retry", _where(url), type(exc).__name__)
        raise MediaError(DOWNLOAD_FAILED, transient=True) from None
    return digest, size, content_type


def refusal_variables(config) -> dict:
    """The variables the doc.refused.* texts use ({max_pages}, {max_mb}), from the configured limits."""
    return {"max_pages": config.max_pdf_pages, "max_mb": config.max_media_bytes // (1024 * 1024)}
