"""bot.media.download_media against the local Twilio stand-in (API host + CDN host) over HTTP."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.media import MediaError, download_media
from storage.files import LocalFileStore

PDF = b"%PDF-1.4\n" + b"x" * 5000 + b"\n%%EOF\n"
CAP = 10 * 1024 * 1024


@pytest.fixture
def store(tmp_path):
    return LocalFileStore(tmp_path / "files")


@pytest.fixture
def twilio_config(base_config, fake_twilio):
    return base_config.with_(
        twilio_account_sid=fake_twilio.account_sid,
        twilio_auth_token=fake_twilio.auth_token,
        twilio_api_base_url=fake_twilio.api_url,
    )


def test_downloads_with_credentials_to_the_api_and_none_to_the_cdn(twilio_config, fake_twilio, store):
    url = fake_twilio.add_media(PDF, "application/pdf")

    digest, size, content_type = download_media(url, config=twilio_config, store=store, max_bytes=CAP)

    assert digest == hashlib.sha256(PDF).hexdigest()
    assert size == len(PDF)
    assert content_type == "application/pdf"
    assert store.get_bytes(digest) == PDF
    # The API host answered the redirect only because the credentials came along (it 401s otherwise) ...
    assert [r["path"] for r in fake_twilio.api_requests if r["method"] == "GET"] == [url.removeprefix(fake_twilio.api_url)]
    # ... and the CDN saw no credentials at all.
    assert len(fake_twilio.cdn_requests) == 1
    assert fake_twilio.cdn_requests[0]["authorization"] is None


def test_the_same_file_twice_is_the_same_digest(twilio_config, fake_twilio, store):
    first = download_media(fake_twilio.add_media(PDF), config=twilio_config, store=store, max_bytes=CAP)
    second = download_media(fake_twilio.add_media(PDF), config=twilio_config, store=store, max_bytes=CAP)
    assert first[0] == second[0]


@pytest.mark.parametrize("make_url", [
    lambda fake: fake.cdn_url + "/cdn/anything",              # same machine, another port: another host
    lambda fake: "http://evil.example/2010-04-01/Accounts/AC/Media/ME1",
    lambda fake: fake.api_url.replace("http://", "ftp://") + "/x",
    lambda fake: fake.api_url.replace("http://", f"http://{fake.account_sid}:pw@") + "/x",
    lambda fake: "file:///etc/passwd",
])
def test_a_url_on_another_host_is_refused_without_a_request(twilio_config, fake_twilio, store, make_url):
    with pytest.raises(MediaError) as refused:
        download_media(make_url(fake_twilio), config=twilio_config, store=store, max_bytes=CAP)
    assert refused.value.reason == "doc.refused.download_failed"
    assert refused.value.transient is False
    assert fake_twilio.api_requests == [] and fake_twilio.cdn_requests == []


def test_not_yet_propagated_media_is_a_transient_error_then_downloads(twilio_config, fake_twilio, store):
    url = fake_twilio.add_media(PDF, not_found_first=1)

    with pytest.raises(MediaError) as first:
        download_media(url, config=twilio_config, store=store, max_bytes=CAP)
    assert (first.value.reason, first.value.transient) == ("doc.refused.download_failed", True)

    digest, size, _ = download_media(url, config=twilio_config, store=store, max_bytes=CAP)
    assert store.get_bytes(digest) == PDF


def test_a_file_over_the_cap_is_refused_as_too_large_and_not_stored(twilio_config, fake_twilio, store):
    url = fake_twilio.add_media(PDF)
    with pytest.raises(MediaError) as refused:
        download_media(url, config=twilio_config, store=store, max_bytes=len(PDF) - 1)
    assert (refused.value.reason, refused.value.transient) == ("doc.refused.too_large", False)
    assert not store.exists(hashlib.sha256(PDF).hexdigest())


def test_a_cap_without_content_length_still_stops_the_stream(twilio_config, store, tmp_path):
    """A server that does not declare the size (chunked) is cut off by the store's cap."""
    body = b"%PDF-1.4\n" + b"0" * 300_000

    class Chunked(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 50_000):
                part = body[i:i + 50_000]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")

    with _serving(Chunked) as base:
        config = twilio_config.with_(twilio_api_base_url=base)
        with pytest.raises(MediaError) as refused:
            download_media(base + "/2010-04-01/media", config=config, store=store, max_bytes=100_000)
    assert refused.value.reason == "doc.refused.too_large"


def test_a_server_error_is_transient(twilio_config, store):
    with _serving(_ServerError) as base:
        config = twilio_config.with_(twilio_api_base_url=base)
        with pytest.raises(MediaError) as failed:
            download_media(base + "/2010-04-01/media", config=config, store=store, max_bytes=CAP)
    assert (failed.value.reason, failed.value.transient) == ("doc.refused.download_failed", True)


def test_an_unreachable_host_is_transient(twilio_config, store):
    config = twilio_config.with_(twilio_api_base_url="http://127.0.0.1:9")  # discard port: nothing listens
    with pytest.raises(MediaError) as failed:
        download_media("http://127.0.0.1:9/2010-04-01/media", config=config, store=store, max_bytes=CAP)
    assert failed.value.transient is True


def test_wrong_credentials_are_a_permanent_failure(twilio_config, fake_twilio, store):
    url = fake_twilio.add_media(PDF)
    config = twilio_config.with_(twilio_auth_token="wrong")
    with pytest.raises(MediaError) as failed:
        download_media(url, config=config, store=store, max_bytes=CAP)
    assert (failed.value.reason, failed.value.transient) == ("doc.refused.download_failed", False)
    assert fake_twilio.cdn_requests == []


def test_redirect_loops_stop_after_three_hops(twilio_config, store):
    class Loop(BaseHTTPRequestHandler):
        hits = 0

        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            Loop.hits += 1
            self.send_response(302)
            self.send_header("Location", self.path + "x")
            self.send_header("Content-Length", "0")
            self.end_headers()

    with _serving(Loop) as base:
        config = twilio_config.with_(twilio_api_base_url=base)
        with pytest.raises(MediaError) as failed:
            download_media(base + "/m", config=config, store=store, max_bytes=CAP)
    assert failed.value.transient is False
    assert Loop.hits == 4  # the first request and three redirects


def test_a_redirect_to_a_non_http_scheme_is_refused(twilio_config, store):
    class ToFile(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):  # noqa: N802
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()

    with _serving(ToFile) as base:
        config = twilio_config.with_(twilio_api_base_url=base)
        with pytest.raises(MediaError):
            download_media(base + "/m", config=config, store=store, max_bytes=CAP)


# ---- sandbox mode: the simulator serves the media ------------------------------------------
DIGEST = "ab" * 32
ELSEWHERE = "/simulator/media/" + "e" * 64  # answers with a redirect out of the simulator


class _Simulator(BaseHTTPRequestHandler):
    requests: list = []

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        _Simulator.requests.append((self.path, self.headers.get("Authorization")))
        if self.path == ELSEWHERE:
            self.send_response(302)
            self.send_header("Location", "/backoffice/secret")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(PDF)))
        self.end_headers()
        self.wfile.write(PDF)


def test_sandbox_downloads_from_the_simulator_without_credentials(base_config, store):
    _Simulator.requests = []
    with _serving(_Simulator) as base:
        config = base_config.with_(public_base_url=base, twilio_account_sid="", twilio_auth_token="")
        assert config.sandbox
        digest, size, content_type = download_media(base + "/simulator/media/" + DIGEST, config=config, store=store,
                                                    max_bytes=CAP)
    assert store.get_bytes(digest) == PDF
    assert _Simulator.requests == [("/simulator/media/" + DIGEST, None)]


@pytest.mark.parametrize("path", [
    "/backoffice/applications/1/documents/1", "/simulator/", "/simulator/mediax/1",
    # issue 16: the prefix alone let these out of /simulator/media/
    "/simulator/media/../../backoffice/applications/1/documents/1",
    "/simulator/media/%2e%2e/%2e%2e/backoffice/",
    f"/simulator/media/{DIGEST}/../../../backoffice/",
    f"/simulator/media/{DIGEST}?next=/backoffice/",
    "/simulator/media/abc123",
])
def test_sandbox_refuses_other_paths_without_a_request(base_config, store, path):
    _Simulator.requests = []
    with _serving(_Simulator) as base:
        config = base_config.with_(public_base_url=base, twilio_account_sid="", twilio_auth_token="")
        with pytest.raises(MediaError):
            download_media(base + path, config=config, store=store, max_bytes=CAP)
    assert _Simulator.requests == []


def test_sandbox_refuses_a_redirect_out_of_the_simulator(base_config, store):
    _Simulator.requests = []
    with _serving(_Simulator) as base:
        config = base_config.with_(public_base_url=base, twilio_account_sid="", twilio_auth_token="")
        with pytest.raises(MediaError):
            download_media(base + ELSEWHERE, config=config, store=store, max_bytes=CAP)
    assert [path for path, _ in _Simulator.requests] == [ELSEWHERE]


def test_sandbox_refuses_twilio_urls(base_config, fake_twilio, store):
    config = base_config.with_(twilio_account_sid="", twilio_auth_token="", twilio_api_base_url=fake_twilio.api_url)
    with pytest.raises(MediaError):
        download_media(fake_twilio.add_media(PDF), config=config, store=store, max_bytes=CAP)
    assert fake_twilio.api_requests == []


# ---- helpers --------------------------------------------------------------------------------
class _serving:  # noqa: N801 - used as a context manager
    def __init__(self, handler):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class _ServerError(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()



def test_refusal_texts_name_the_configured_limits(base_config):
    from bot.media import refusal_variables
    from catalogue import render

    variables = refusal_variables(base_config.with_(max_pdf_pages=50, max_media_bytes=10 * 1024 * 1024))
    assert "50 halaman" in render("doc.refused.too_many_pages", "id", **variables)
    assert "10 MB" in render("doc.refused.too_large", "en", **variables)


class _OddLength(BaseHTTPRequestHandler):
    """A file server whose Content-Length is a digit of another script (str.isdigit() says yes)."""

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", "\u00b2")  # '²'
        self.end_headers()
        self.wfile.write(PDF)


def test_a_content_length_in_another_scripts_digits_is_not_believed(base_config, store):
    with _serving(_OddLength) as base:
        config = base_config.with_(public_base_url=base, twilio_account_sid="", twilio_auth_token="")
        digest, size, _ = download_media(base + "/simulator/media/" + DIGEST, config=config, store=store, max_bytes=CAP)
    assert size == len(PDF) and store.get_bytes(digest) == PDF
