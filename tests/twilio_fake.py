"""A small local HTTP server that speaks the parts of Twilio's REST API we use, and a client
that signs webhooks the way Twilio does. No mocks of our own code: our code talks HTTP to it.

- `POST /2010-04-01/Accounts/{sid}/Messages.json` (Basic auth) records the message and answers
  like Twilio (201 + JSON with `sid`, `status`). `fail_next(status, code=…, times=…)` makes the
  next calls fail (429, 500, 503, or 400 with a Twilio error code such as 63016).
- `GET /2010-04-01/Accounts/{sid}/Messages/{MM}/Media/{ME}` (Basic auth) redirects (307) to a
  second server, the "CDN", which serves the bytes and records whether credentials came along.
  `add_media(body, content_type, not_found_first=N)` registers media (404 for the first N calls,
  like media that has not propagated yet).
- `DELETE /2010-04-01/Accounts/{sid}/Messages/{MM}/Media/{ME}.json` (Basic auth) deletes the media
  (204; 404 when there is none) and records the path in `deleted_media`; `fail_next` applies.
- `slow_next(seconds, times=…, accepted=False)` holds the next Messages calls that long before
  answering. With `accepted=True` the message is recorded first (Twilio took it, the answer is
  lost to the client's timeout: the ambiguous case); otherwise a client that hangs up
  meanwhile (timeout, killed worker) gets nothing recorded, as when Twilio
  never accepted the request. Each recorded message carries `received_at` (time.monotonic()).
- `GET /2010-04-01/Accounts/{sid}/Messages.json?To=&From=&DateSent>=` lists the recorded
  messages like Twilio's Messages list (newest first, RFC 2822 dates), for the outbox's look-up
  of a send whose outcome is unknown. `DateSent` filters on when Twilio *sent* a message: with
  `holds_in_queue = True` an accepted message stays `queued` with no `date_sent` (Twilio has
  not sent it yet), so no `DateSent` filter finds it.
- `close_window(number, refuse="late")`: the number's 24-hour WhatsApp window is closed. A
  free-form message to it (no `ContentSid`) is refused with error 63016 the way Twilio does it:
  `refuse="late"` accepts it (201, queued) and then reports `failed` with `ErrorCode=63016` in a
  status callback to the message's `StatusCallback` (kept in `callbacks`; `post_callbacks(client)`
  posts them, signed, through a Flask test client); `refuse="creation"` answers 400 with code
  63016 at once. Templates (`ContentSid`) go through. `open_window(number)` opens it again.
- The Content API on the same host (point TWILIO_CONTENT_BASE_URL at `api_url`): `POST /v1/Content`
  (JSON), `GET`/`DELETE /v1/Content/{HX}`, `POST /v1/Content/{HX}/ApprovalRequests/whatsapp`
  (`name`, `category`; list pickers cannot be submitted, as on Twilio) and
  `GET /v1/Content/{HX}/ApprovalRequests`. A submitted template is `received`; `review()`
  approves it, or rejects one that breaks Meta's variable rules, like WhatsApp's reviewers.
  A message sent with a ContentSid of an interactive resource (quick-reply, list-picker) to a
  number whose window is closed is refused like free text (they cannot open a conversation).
"""

from __future__ import annotations

import base64
import itertools
import json
import re
import select
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "ab" * 16
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
_ids = itertools.count(1)


def _sid(prefix: str) -> str:
    return f"{prefix}{next(_ids):032x}"


@dataclass
class _Media:
    body: bytes
    content_type: str
    not_found_first: int = 0
    calls: int = 0


@dataclass
class FakeTwilio:
    account_sid: str = ACCOUNT_SID
    auth_token: str = AUTH_TOKEN
    messages: list[dict] = field(default_factory=list)
    media: dict[str, _Media] = field(default_factory=dict)
    cdn_requests: list[dict] = field(default_factory=list)
    api_requests: list[dict] = field(default_factory=list)
    deleted_media: list[str] = field(default_factory=list)
    _failures: list[tuple[int, int | None]] = field(default_factory=list)
    _delays: list[tuple[float, bool]] = field(default_factory=list)
    # Seconds every API request waits before its answer (the round trip to Twilio's US API from
    # Indonesia; the benchmarks set it, tests leave it 0). A delay set by slow_next() replaces it.
    latency: float = 0.0
    holds_in_queue: bool = False  # accepted messages stay queued, unsent (no date_sent)
    in_flight: int = 0
    closed_windows: dict[str, str] = field(default_factory=dict)  # number (+E164) → "late" | "creation"
    callbacks: list[dict] = field(default_factory=list)  # status callbacks Twilio would post
    contents: dict[str, dict] = field(default_factory=dict)  # HX… → the Content resource
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ---- programming the fake ------------------------------------------------------------
    def fail_next(self, status: int, code: int | None = None, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([(status, code)] * times)

    def slow_next(self, seconds: float, times: int = 1, accepted: bool = False) -> None:
        with self._lock:
            self._delays.extend([(seconds, accepted)] * times)

    def close_window(self, number: str, refuse: str = "late") -> None:
        assert refuse in ("late", "creation")
        self.closed_windows[number.removeprefix("whatsapp:")] = refuse

    def open_window(self, number: str) -> None:
        self.closed_windows.pop(number.removeprefix("whatsapp:"), None)

    def _window_refusal(self, form: dict) -> str | None:
        """How Twilio refuses this message for the window ("late", "creation"), or None."""
        content = self.contents.get(form.get("ContentSid") or "")
        if form.get("ContentSid") and not (content and set(content["types"]) & {"twilio/quick-reply", "twilio/list-picker"}):
            return None  # a template: it may open a conversation
        return self.closed_windows.get(str(form.get("To", "")).removeprefix("whatsapp:"))

    def review(self, verdict: str | None = None) -> None:
        """WhatsApp's reviewers decide on every submitted template: `verdict` for all, or by the rules."""
        from jobs.templates import Template, problems

        for content in self.contents.values():
            approval = content.get("approval")
            if not approval or approval["status"] not in ("received", "pending"):
                continue
            body = next(iter(content["types"].values())).get("body", "")
            in_body = tuple(sorted(set(re.findall(r"\{\{(\d+)\}\}", body))))
            broken = problems(Template("k", "k", in_body, {"id": body}))
            approval["status"] = verdict or ("rejected" if broken else "approved")
            approval["rejection_reason"] = "; ".join(broken) if approval["status"] == "rejected" else ""

    def post_callbacks(self, client, base_url: str = "http://testserver.local") -> list:
        """Post the status callbacks Twilio owes, signed as Twilio signs them; the responses."""
        with self._lock:
            owed, self.callbacks[:] = list(self.callbacks), []
        return [signed_post(client, c["url"].removeprefix(base_url.rstrip("/")), c["params"],
                            auth_token=self.auth_token, base_url=base_url) for c in owed]

    def _next_delay(self) -> tuple[float, bool]:
        with self._lock:
            return self._delays.pop(0) if self._delays else (self.latency, False)

    def add_media(self, body: bytes, content_type: str = "application/pdf", not_found_first: int = 0) -> str:
        """Register media; returns its URL on the API host (what a webhook's MediaUrl0 holds)."""
        message_sid, media_sid = _sid("MM"), _sid("ME")
        path = f"/2010-04-01/Accounts/{self.account_sid}/Messages/{message_sid}/Media/{media_sid}"
        self.media[path] = _Media(body, content_type, not_found_first)
        return self.api_url + path

    # ---- servers -------------------------------------------------------------------------
    def start(self, host: str = "127.0.0.1") -> FakeTwilio:
        """Serve the API and the media CDN on `host` (loopback; the cluster test's bridge address)."""
        self._host = host
        self._api = ThreadingHTTPServer((host, 0), _handler(self, "api"))
        self._cdn = ThreadingHTTPServer((host, 0), _handler(self, "cdn"))
        for server in (self._api, self._cdn):
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        for server in (self._api, self._cdn):
            server.shutdown()
            server.server_close()

    @property
    def api_url(self) -> str:
        return f"http://{self._host}:{self._api.server_address[1]}"

    @property
    def cdn_url(self) -> str:
        return f"http://{self._host}:{self._cdn.server_address[1]}"

    # ---- request handling ----------------------------------------------------------------
    def _authorised(self, header: str | None) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return header == f"Basic {expected}"

    def message_list(self, query: dict[str, list[str]]) -> dict:
        """Twilio's Messages list (one page, newest first) filtered by `To`, `From` and `DateSent>`
        / `DateSent<` / `DateSent` (a date, or a date-time of which the date counts, as at
        Twilio), with the fields our look-up reads."""
        def first(name):
            return (query.get(name) or [None])[0]

        day = {op: first(name) for op, name in ((">=", "DateSent>"), ("<=", "DateSent<"), ("==", "DateSent"))}
        with self._lock:
            found = [m for m in reversed(self.messages)
                     if (first("To") is None or m.get("To") == first("To"))
                     and (first("From") is None or m.get("From") == first("From"))
                     and (not any(day.values()) or (m["sent"] is not None and _on_day(m["sent"].date(), day)))]
        items = [{"sid": m["sid"], "status": m["status"], "to": m.get("To"), "from": m.get("From"),
                  "body": m.get("Body", ""), "direction": "outbound-api", "account_sid": self.account_sid,
                  "date_created": format_datetime(m["created"], usegmt=True),
                  "date_sent": m["sent"] and format_datetime(m["sent"], usegmt=True), "num_media": "0"} for m in found]
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        return {"messages": items, "page": 0, "page_size": 200, "start": 0, "end": max(len(items) - 1, 0),
                "uri": uri, "first_page_uri": uri, "next_page_uri": None, "previous_page_uri": None}

    def _next_failure(self):
        with self._lock:
            return self._failures.pop(0) if self._failures else None


def _handler(fake: FakeTwilio, role: str):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like Twilio: clients reuse their connection
        disable_nagle_algorithm = True  # no 40-ms delayed-ACK stall between headers and body

        def log_message(self, *args):  # quiet
            pass

        def _json(self, status: int, body: dict, headers: dict | None = None):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length", 0))
            body_bytes = self.rfile.read(length)
            is_json = "json" in (self.headers.get("Content-Type") or "")
            form = {} if is_json else {k: v if len(v) > 1 else v[0] for k, v in parse_qs(body_bytes.decode()).items()}
            fake.api_requests.append({"method": "POST", "path": self.path, "form": form})
            if role == "api" and self.path.startswith("/v1/Content"):
                return self._content("POST", body_bytes)
            if role != "api" or not self.path.endswith("/Messages.json"):
                return self._json(404, {"code": 20404, "message": "not found", "status": 404})
            if not fake._authorised(self.headers.get("Authorization")):
                return self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
            delay, accepted = fake._next_delay()
            if delay and not accepted and not self._wait_unless_hung_up(delay):
                return None  # the client gave up: Twilio never accepted this one
            refusal = fake._window_refusal(form)
            if refusal == "creation":
                return self._json(400, {"code": 63016, "status": 400, "more_info": "https://www.twilio.com/docs/errors/63016",
                                        "message": "Failed to send freeform message because you are outside the allowed window. "
                                                   "If you are using WhatsApp, please use a Message Template."})
            failure = fake._next_failure()
            if failure:
                status, code = failure
                headers = {"Retry-After": "1"} if status == 429 else {}
                return self._json(status, {"code": code or status, "message": f"fake failure {status}", "status": status}, headers)
            sid = _sid("SM")
            now = datetime.now(UTC)
            message = {"sid": sid, "status": "queued", "to": form.get("To"), "from": form.get("From"),
                       "received_at": time.monotonic(), "created": now, "sent": None if fake.holds_in_queue else now, **form}
            with fake._lock:
                fake.messages.append(message)
                if refusal == "late" and form.get("StatusCallback"):
                    fake.callbacks.append({"url": form["StatusCallback"], "params": {
                        "MessageSid": sid, "SmsSid": sid, "AccountSid": fake.account_sid, "MessageStatus": "failed",
                        "SmsStatus": "failed", "ErrorCode": "63016", "To": form.get("To"), "From": form.get("From"),
                        "ChannelPrefix": "whatsapp"}})
            if delay and accepted and not self._wait_unless_hung_up(delay):
                return None  # accepted, but the client gave up before hearing so
            return self._json(201, {"sid": sid, "status": "queued", "to": form.get("To"), "from": form.get("From"),
                                    "body": form.get("Body", ""), "account_sid": fake.account_sid,
                                    "error_code": None, "error_message": None, "num_media": "0"})

        def do_DELETE(self):  # noqa: N802
            fake.api_requests.append({"method": "DELETE", "path": self.path})
            if role == "api" and self.path.startswith("/v1/Content"):
                return self._content("DELETE", b"")
            if role == "api" and "/Media/" in self.path:
                return self._delete_media()
            return self._json(404, {"code": 20404, "message": "not found", "status": 404})

        def _content(self, method: str, raw: bytes):
            """Twilio's Content API: resources, WhatsApp approval requests."""
            if not fake._authorised(self.headers.get("Authorization")):
                return self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
            parts = urlparse(self.path).path.strip("/").split("/")  # v1 Content [HX [ApprovalRequests [whatsapp]]]
            body = json.loads(raw or b"{}") if raw else {}
            if method == "POST" and len(parts) == 2:
                if not body.get("types") or not body.get("friendly_name"):
                    return self._json(400, {"code": 20001, "message": "types and friendly_name are required", "status": 400})
                # twilio/list-picker: every item has `item`, `id` and `description` (all three marked
                # required on https://www.twilio.com/docs/content/twiliolist-picker), 1 to 10 items.
                picker = body["types"].get("twilio/list-picker")
                if picker is not None and not (1 <= len(picker.get("items") or []) <= 10 and all(
                        i.get("item") and i.get("id") and i.get("description") for i in picker["items"])):
                    return self._json(400, {"code": 20001, "status": 400,
                                            "message": "list-picker items need item, id and description (1 to 10 items)"})
                sid = _sid("HX")
                content = {"sid": sid, "account_sid": fake.account_sid, "friendly_name": body["friendly_name"],
                           "language": body.get("language", "en"), "variables": body.get("variables") or {},
                           "types": body["types"], "url": f"https://content.twilio.com/v1/Content/{sid}",
                           "links": {"approval_create": f"https://content.twilio.com/v1/Content/{sid}/ApprovalRequests/whatsapp",
                                     "approval_fetch": f"https://content.twilio.com/v1/Content/{sid}/ApprovalRequests"}}
                with fake._lock:
                    fake.contents[sid] = content
                return self._json(201, {k: v for k, v in content.items() if k != "approval"})
            content = fake.contents.get(parts[2]) if len(parts) > 2 else None
            if content is None:
                return self._json(404, {"code": 20404, "message": "The requested resource was not found", "status": 404})
            if method == "DELETE" and len(parts) == 3:
                with fake._lock:
                    fake.contents.pop(parts[2], None)
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            if method == "GET" and len(parts) == 3:
                return self._json(200, {k: v for k, v in content.items() if k != "approval"})
            if method == "POST" and parts[3:] == ["ApprovalRequests", "whatsapp"]:
                if "twilio/list-picker" in content["types"]:
                    return self._json(400, {"code": 20001, "status": 400,
                                            "message": "List-picker templates can't be submitted for WhatsApp approval"})
                if not body.get("name") or not body.get("category"):
                    return self._json(400, {"code": 20001, "message": "name and category are required", "status": 400})
                content["approval"] = {"type": "whatsapp", "name": body["name"], "category": body["category"],
                                       "content_type": next(iter(content["types"])), "status": "received",
                                       "rejection_reason": "", "allow_category_change": True}
                return self._json(201, {k: v for k, v in content["approval"].items() if k != "type"})
            if method == "GET" and parts[3:] == ["ApprovalRequests"]:
                return self._json(200, {"sid": content["sid"], "account_sid": fake.account_sid,
                                        "whatsapp": content.get("approval") or {}, "url": content["url"] + "/ApprovalRequests"})
            return self._json(404, {"code": 20404, "message": "not found", "status": 404})

        def _wait_unless_hung_up(self, seconds: float) -> bool:
            """Sleep up to `seconds`; False as soon as the client closes its connection."""
            with fake._lock:
                fake.in_flight += 1
            try:
                deadline = time.monotonic() + seconds
                while (left := deadline - time.monotonic()) > 0:
                    readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
                    if readable:
                        try:
                            if not self.connection.recv(1, socket.MSG_PEEK):
                                return False
                        except OSError:
                            return False
                        time.sleep(0.05)  # more bytes from a live client: keep waiting
                return True
            finally:
                with fake._lock:
                    fake.in_flight -= 1

        def _delete_media(self):
            path = urlparse(self.path).path
            if not fake._authorised(self.headers.get("Authorization")):
                return self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
            failure = fake._next_failure()
            if failure:
                return self._json(failure[0], {"code": failure[1] or failure[0], "message": "fake failure", "status": failure[0]})
            with fake._lock:
                media = fake.media.pop(path.removesuffix(".json"), None)
                if media is not None:
                    fake.deleted_media.append(path.removesuffix(".json"))
            if media is None:
                return self._json(404, {"code": 20404, "message": "not found", "status": 404})
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):  # noqa: N802
            path = urlparse(self.path).path
            if role == "cdn":
                fake.cdn_requests.append({"path": path, "authorization": self.headers.get("Authorization")})
                media = fake.media.get(path.removeprefix("/cdn"))
                if media is None:
                    return self._json(404, {"message": "no such object"})
                self.send_response(200)
                self.send_header("Content-Type", media.content_type)
                self.send_header("Content-Length", str(len(media.body)))
                self.end_headers()
                self.wfile.write(media.body)
                return
            fake.api_requests.append({"method": "GET", "path": path, "query": urlparse(self.path).query})
            if fake.latency:
                time.sleep(fake.latency)
            if path == f"/2010-04-01/Accounts/{fake.account_sid}/Messages.json":
                if not fake._authorised(self.headers.get("Authorization")):
                    return self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
                return self._json(200, fake.message_list(parse_qs(urlparse(self.path).query)))
            if path.startswith("/v1/Content"):
                return self._content("GET", b"")
            media = fake.media.get(path)
            if media is None:
                return self._json(404, {"code": 20404, "message": "not found", "status": 404})
            if not fake._authorised(self.headers.get("Authorization")):
                return self._json(401, {"code": 20003, "message": "Authenticate", "status": 401})
            media.calls += 1
            if media.calls <= media.not_found_first:
                return self._json(404, {"code": 20404, "message": "not yet", "status": 404})
            self.send_response(307)
            self.send_header("Location", f"{fake.cdn_url}/cdn{path}")
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


def _on_day(day: date, bounds: dict[str, str | None]) -> bool:
    for op, value in bounds.items():
        if not value:
            continue
        bound = date.fromisoformat(value[:10])
        if (op == ">=" and day < bound) or (op == "<=" and day > bound) or (op == "==" and day != bound):
            return False
    return True


def signed_post(client, path: str, params: dict, *, auth_token: str, base_url: str, headers: dict | None = None, signature: str | None = None):
    """POST `params` form-encoded to `path` with the `X-Twilio-Signature` Twilio would send."""
    url = base_url.rstrip("/") + path
    sig = signature if signature is not None else RequestValidator(auth_token).compute_signature(url, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": sig, **(headers or {})})


def media_message_type(content_type: str) -> str:
    """WhatsApp's message type for an inbound medium: a photo sent as a photo is `image`, a PDF or a
    photo sent as a file `document` (WhatsApp's Cloud API types, which Twilio passes as MessageType)."""
    kind = content_type.split("/", 1)[0]
    return kind if kind in ("image", "video", "audio") else "document"


def inbound_params(sender: str, body: str = "", *, message_sid: str | None = None, media: list[tuple[str, str]] = (), profile_name: str = "Pemohon", wa_id: str | None = None, tap: tuple[str, str] | None = None, list_item: tuple[str, str] | None = None) -> dict:
    """The form Twilio posts for an inbound WhatsApp message (names as in Twilio's docs). `tap` is a
    reply button's (payload, text): the text is the Body too; `list_item` a list row's (id, title)."""
    number = sender.removeprefix("whatsapp:")
    params = {
        "MessageSid": message_sid or _sid("SM"),
        "SmsMessageSid": "",
        "AccountSid": ACCOUNT_SID,
        "From": f"whatsapp:{number}",
        "To": "whatsapp:+14155238886",
        "Body": body,
        "NumMedia": str(len(media)),
        "ProfileName": profile_name,
        "WaId": wa_id or number.lstrip("+"),
        "MessageType": media_message_type(media[0][1]) if media else "text",
    }
    params["SmsMessageSid"] = params["MessageSid"]
    if tap:
        params.update(ButtonPayload=tap[0], ButtonText=tap[1], Body=tap[1], MessageType="button")
    if list_item:
        params.update(ListId=list_item[0], ListTitle=list_item[1], Body=list_item[1], MessageType="interactive")
    for i, (url, content_type) in enumerate(media):
        params[f"MediaUrl{i}"] = url
        params[f"MediaContentType{i}"] = content_type
    return params
