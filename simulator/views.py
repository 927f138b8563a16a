"""The local WhatsApp simulator (`/simulator/`, SIMULATOR=1 in sandbox mode only: no Twilio credentials).

A WhatsApp-like page with one pane per phone number. The browser never talks to the webhook
itself: it posts to the endpoints below, which play Twilio —

- `POST /simulator/send` turns a typed message or an attached file into Twilio's inbound form
  and posts it, signed, to `/whatsapp/webhook` (see `simulator.twilio_sandbox`). An attachment is
  stored in the content-addressed file store and offered to the media job at
  `/simulator/media/<sha256>`, like Twilio's media URLs.
- `GET /simulator/chat?phone=…` is the pane's timeline: what the phone sent, the TwiML answers,
  and the outbox rows addressed to that number (rendered, with their delivery status and any
  document as a download link: the expiring signed `/media/<token>` link Twilio gets, never an
  id). The page polls it every second. Anything shaped like a NIK is masked, a typed code is
  hidden, and an activation code shows only while it can be used.
- `POST /simulator/ack` is the phone's delivery/read receipt: it posts Twilio's signed status
  callback (`MessageStatus` delivered, then read) to `/whatsapp/status`, so the ticks follow
  the real status path.

What the simulator alone knows (sent messages, TwiML answers, media metadata) lives in Redis
under `simulator:*`, masked, and expires a day after last use; everything else is read from the
database. Every file it serves is a download under a sandboxing CSP (runtime/downloads.py).

The simulator is an explicit choice: it exists only with SIMULATOR=1 (which `make run` sets)
and in sandbox mode; a deployment (PRODUCTION=1 or an https PUBLIC_BASE_URL) refuses to start
in sandbox mode at all (config.Config.sandbox_refusal).
"""

from __future__ import annotations

import json
import mimetypes
import re
from datetime import UTC, datetime, timedelta

from flask import Blueprint, abort, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import secure_filename
from wtforms.validators import ValidationError

import catalogue
from bot.dialogs.activation import CODE_KEY as ACTIVATION_CODE_KEY
from bot.dialogs.activation import LIFETIME as ACTIVATION_LIFETIME
from jobs.media import media_url
from jobs.outbox import media_link
from runtime.downloads import user_file
from simulator import sample_pdfs, sample_photos
from simulator import whatsapp_rules as rules
from simulator.twilio_sandbox import (
    STATUS_PATH,
    WEBHOOK_PATH,
    Media,
    inbound_form,
    signed_post,
    status_form,
    twiml_messages,
)
from storage import Document, OutboxMessage, StaffUser, mask_nik
from storage.digits import ascii_digits, row_id
from storage.messaging import FORM_ATTACHMENT
from storage.phones import normalise_msisdn
from workflow.retention import unreferenced

blueprint = Blueprint(
    "simulator", __name__, url_prefix="/simulator",
    template_folder="templates", static_folder="static",
)

CHAT_KEY = "simulator:chat:{phone}"
MEDIA_KEY = "simulator:media:{digest}"
CHAT_LIMIT = 500  # entries kept per phone
KEPT_FOR = timedelta(hours=24)  # what the simulator keeps in Redis expires after a day without use
OUTBOX_LIMIT = 200  # newest outbox rows shown per phone
MAX_BODY = 4096  # WhatsApp's text limit
RECEIPTS = ("delivered", "read")
DEFAULT_APPLICANT = "+6281234567890"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BadRequest(Exception):
    """Input the simulator refuses; answered as 400 JSON `{"error": …}`."""


def _config():
    return current_app.config["APP_CONFIG"]


def _runtime():
    return current_app.extensions["runtime"]


@blueprint.before_request
def _guard():
    if not _config().simulator_enabled:  # belt and braces: app.py registers us only when chosen
        abort(404)
    if request.method == "POST" and "csrf" not in current_app.extensions:
        # CSRFProtect (when the app has it) already checked the token; otherwise we do.
        try:
            validate_csrf(request.headers.get("X-CSRFToken"))
        except ValidationError as exc:
            raise CSRFError(str(exc)) from exc


@blueprint.errorhandler(BadRequest)
def _bad_request(exc):
    return jsonify(error=str(exc)), 400


@blueprint.errorhandler(CSRFError)
def _csrf_error(exc):
    return jsonify(error=f"CSRF: {exc.description}"), 400


@blueprint.errorhandler(RequestEntityTooLarge)
def _too_large(_exc):
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 0
    return jsonify(error=f"file too large for the simulator (max {limit // (1024 * 1024)} MB)"), 413


# ---- page ----------------------------------------------------------------------------------

@blueprint.get("/")
def index():
    with _runtime().sessions() as session:
        staff = session.scalars(select(StaffUser).where(StaffUser.whatsapp.is_not(None)).order_by(StaffUser.whatsapp)).all()
        contacts = [{"phone": u.whatsapp, "name": u.display_name, "roles": sorted(u.roles)} for u in staff]
    defaults = [DEFAULT_APPLICANT] + [c["phone"] for c in contacts if {"back_office", "supervisor"} & set(c["roles"])]
    return render_template(
        "simulator/index.html",
        csrf_token=generate_csrf(),
        contacts=contacts,
        default_phones=defaults[:3],
        samples=sample_pdfs.samples(),
        photos=sample_photos.samples(),
        bot_number=_config().twilio_whatsapp_number.removeprefix("whatsapp:"),
    )


# ---- sending -------------------------------------------------------------------------------

@blueprint.post("/send")
def send():
    phone = _phone(request.form.get("phone", ""))
    body = request.form.get("body", "").strip()
    if len(body) > MAX_BODY:
        raise BadRequest(f"message longer than {MAX_BODY} characters")
    tap = _tap()
    attachment = _attachment()
    if not body and attachment is None and tap is None:
        raise BadRequest("empty message: type something or attach a file")
    config = _config()
    media = Media(f"{config.base_url}/simulator/media/{attachment['sha256']}", attachment["type"]) if attachment else None
    form = inbound_form(config, phone, body, media=media, profile_name=request.form.get("profile_name", "").strip()[:60],
                        tap=tap)
    body = form["Body"]
    rules.record_inbound(_runtime().redis, phone)  # the phone wrote: its 24-hour window opens
    sent_at = _now()
    response = signed_post(current_app._get_current_object(), WEBHOOK_PATH, form)
    entry = {"kind": "in", "id": f"in-{form['MessageSid']}", "at": sent_at, "text": body,
             "media": [_media_link(attachment)] if attachment else [], "http_status": response.status_code}
    replies = []
    if response.status_code == 200:
        answered_at = _now()
        for i, message in enumerate(twiml_messages(response.data)):
            replies.append({"kind": "twiml", "id": f"tw-{form['MessageSid']}-{i}", "at": answered_at,
                            "text": message["text"], "media": [{"name": _name_from_url(u), "url": u} for u in message["media"]]})
    _remember(phone, [entry, *replies])
    return jsonify(status=response.status_code, entry=entry, replies=replies)


def _tap() -> dict | None:
    """A tap on a reply button or a list row: {"kind", "id", "title"}, or None."""
    kind = request.form.get("tap_kind", "")
    if not kind:
        return None
    tap = {"kind": kind, "id": request.form.get("tap_id", "").strip(), "title": request.form.get("tap_title", "").strip()}
    if kind not in ("button", "list") or not tap["id"] or not tap["title"] or len(tap["id"]) > 200:
        raise BadRequest("a tap needs tap_kind (button or list), tap_id and tap_title")
    return tap


@blueprint.post("/clock")
def clock():
    """Move a phone's clock forward (hours, 1–240): its 24-hour window may close."""
    phone = _phone(request.form.get("phone", ""))
    try:
        hours = float(request.form.get("hours", "25"))
    except ValueError:
        raise BadRequest("hours must be a number") from None
    if not 0 < hours <= 240:
        raise BadRequest("hours must be between 0 and 240")
    rules.advance_clock(_runtime().redis, phone, hours)
    return jsonify(phone=phone, window=rules.window(_runtime().redis, phone))


def _attachment() -> dict | None:
    """The uploaded file or the chosen sample, stored by content; None when there is neither."""
    rt = _runtime()
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        name = secure_filename(upload.filename) or "dokumen"
        content_type = upload.mimetype or mimetypes.guess_type(name)[0] or "application/octet-stream"
        digest, size = rt.files.put_stream(upload.stream)
        if size == 0:
            _discard(rt, digest)
            raise BadRequest("the file is empty")
    elif request.form.get("sample", "").startswith("photo-"):  # a phone photo, sent as a WhatsApp photo
        try:
            name, data = sample_photos.sample_bytes(request.form["sample"])
        except KeyError:
            raise BadRequest("no such sample photo") from None
        content_type, digest, size = "image/jpeg", rt.files.put_bytes(data), len(data)
    elif request.form.get("sample"):
        try:
            name, data = sample_pdfs.sample_bytes(request.form["sample"])
        except KeyError:
            raise BadRequest("no such sample document") from None
        content_type, digest, size = "application/pdf", rt.files.put_bytes(data), len(data)
    else:
        return None
    refusal = rules.media_refusal(content_type, size)
    if refusal:
        _discard(rt, digest)
        raise BadRequest(refusal)
    meta = {"sha256": digest, "type": content_type, "name": name}
    rt.redis.set(MEDIA_KEY.format(digest=digest), json.dumps(meta), ex=KEPT_FOR)
    return meta


def _discard(rt, digest: str) -> None:
    """A file WhatsApp would never have sent leaves the store again (nothing else may keep it:
    the retention sweep only knows files a document names), unless a document names the same bytes."""
    with rt.sessions() as session:
        if unreferenced(session, [digest]):
            rt.files.delete(digest)


# ---- what the phone sees -------------------------------------------------------------------

@blueprint.get("/chat")
def chat():
    phone = _phone(request.args.get("phone", ""))
    items = [json.loads(raw) for raw in _runtime().redis.lrange(CHAT_KEY.format(phone=phone), 0, -1)]
    items.extend(_outbox_items(phone))
    items.sort(key=lambda item: (item["at"], item["id"]))
    return jsonify(phone=phone, items=items, window=rules.window(_runtime().redis, phone))


def _outbox_items(phone: str) -> list[dict]:
    config = _config()
    with _runtime().sessions() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == phone).order_by(OutboxMessage.id.desc()).limit(OUTBOX_LIMIT)
        ).all()
        documents = {}
        ids = {r.document_id for r in rows if r.document_id}
        if ids:
            documents = {d.id: d.filename for d in session.scalars(select(Document).where(Document.id.in_(ids)))}
        contents = rules.contents_by_sid(session, [r.content_sid for r in rows])
        items = []
        for row in rows:
            item = _outbox_item(row, contents.get(row.content_sid), documents, config.tz_name)
            if row.attachment and row.applicant_id:
                item["media"] = _attachment_media(row, config)
            if row.refused_at is not None:  # first the free-form message WhatsApp refused, then its template
                items.append({**item, "id": f"ob-{row.id}-refused", "message_id": None, "sid": None, "template": None,
                              "status": "failed", "text": row.body or item["text"], "interactive": None, "media": [],
                              "at": _iso(row.refused_at), "error": "63016 di luar jendela 24 jam: WhatsApp menolak pesan bebas"})
            items.append(item)
        return items


def _outbox_item(row: OutboxMessage, content, documents: dict, tz_name: str) -> dict:
    """One outbox row as the phone shows it: the template's own text when it went as a template,
    buttons or a list only when it carried them, its document only when the document travelled."""
    media_travelled = row.document_id and not row.document_held and (row.content_sid is None or (
        content is not None and content.content_type == "twilio/media"))
    text = rules.template_text(row, content, tz_name)
    return {
        "kind": "out",
        "id": f"ob-{row.id}",
        "message_id": row.id,
        "at": _iso(row.sent_at or row.created_at),
        "text": mask_personal(text or (row.body if row.body is not None else _render(row, tz_name)),
                              codes=_code_expired(row)),
        "key": row.key,
        "template": row.content_sid,
        "status": row.status,
        "sid": row.twilio_sid,
        "error": row.error_code and f"{row.error_code} {row.error_message or ''}".strip(),
        "refused": bool(row.refused_at),
        "held": bool(row.document_held),
        "interactive": rules.interactive(row, content, catalogue.text("choices.button", row.language)),
        "media": [{"name": documents.get(row.document_id) or f"dokumen-{row.document_id}.pdf",
                   "url": _document_link(_config(), row.document_id)}] if media_travelled else [],
    }


def _attachment_media(row: OutboxMessage, config) -> list[dict]:
    """A generated attachment (DATA SAYA's PDF, a blank form), through the very link the sender
    gives Twilio (jobs.outbox.media_link), named as the phone shows it."""
    link = media_link(config, row)
    name = (row.variables or {}).get("filename") if row.attachment == FORM_ATTACHMENT else None
    return [{"name": name or f"{row.attachment}.pdf", "url": link.removeprefix(config.base_url)}] if link else []


def _document_link(config, document_id: int) -> str:
    """The same expiring signed link Twilio gets (`GET /media/<token>`), as a path on this site:
    no document is reachable by a guessable id."""
    url = media_url(config, document_id)
    return url[len(config.base_url):] if url.startswith(config.base_url) else url


def _code_expired(row: OutboxMessage) -> bool:
    """An activation code shows on the phone only while it can still be used."""
    if row.key != ACTIVATION_CODE_KEY:
        return False
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return datetime.now(UTC) - created > ACTIVATION_LIFETIME


def _render(row: OutboxMessage, tz_name: str) -> str:
    try:
        return catalogue.render(row.key, row.language, tz_name, **row.variables)
    except KeyError:
        return f"[{row.key}]"


@blueprint.post("/ack")
def ack():
    """The phone showed (delivered) or the person looked at (read) an outbox message."""
    payload = request.get_json(silent=True) or {}
    status = payload.get("status")
    if status not in RECEIPTS:
        raise BadRequest("status must be delivered or read")
    message_id = row_id(payload.get("message_id"))
    if message_id is None:
        raise BadRequest("message_id must be a number")
    with _runtime().sessions() as session:  # closed before the callback: SQLite has one writer
        row = session.get(OutboxMessage, message_id)
        sid, phone = (row.twilio_sid, row.recipient) if row else (None, None)
    if row is None:
        abort(404)
    if not sid:
        return jsonify(error="the message has no MessageSid yet"), 409
    response = signed_post(current_app._get_current_object(), STATUS_PATH, status_form(_config(), phone, sid, status))
    return jsonify(status=response.status_code)


# ---- files ---------------------------------------------------------------------------------

@blueprint.get("/media/<digest>")
def media(digest: str):
    """An attachment, as Twilio's media URL would serve it (fetched by the media job)."""
    rt = _runtime()
    if not _SHA256.match(digest) or not rt.files.exists(digest):
        abort(404)
    raw = rt.redis.get(MEDIA_KEY.format(digest=digest))
    meta = json.loads(raw) if raw else {"type": "application/octet-stream", "name": digest}
    # A download under a sandboxing CSP, whatever was uploaded (runtime/downloads.py).
    return user_file(rt.files.get_bytes(digest), meta["type"], meta["name"], cache="private, max-age=3600")


# ---- helpers -------------------------------------------------------------------------------

def _phone(raw: str) -> str:
    try:
        return normalise_msisdn(raw)
    except ValueError as exc:
        raise BadRequest(f"{raw!r}: {exc}") from None


def _remember(phone: str, entries: list[dict]) -> None:
    """Keep the pane's entries in Redis: masked (no NIK, no typed code) and for KEPT_FOR only."""
    key = CHAT_KEY.format(phone=phone)
    pipe = _runtime().redis.pipeline()
    for entry in entries:
        pipe.rpush(key, json.dumps({**entry, "text": mask_personal(entry.get("text") or "", codes=entry["kind"] == "in")}))
    pipe.ltrim(key, -CHAT_LIMIT, -1)
    pipe.expire(key, KEPT_FOR)
    pipe.execute()


# Sixteen digits, also with the spaces, dots and dashes the bot accepts inside a NIK
# (bot.nik.check_nik): `1407 0141 0705 0001` is a NIK too.
_NIK_LIKE = re.compile(r"(?<![0-9])[0-9](?:[\s.\-]*[0-9]){15}(?![0-9])")
_CODE_LIKE = re.compile(r"(?<![\w-])[0-9]{6}(?![\w-])")


def mask_personal(text: str, *, codes: bool) -> str:
    """`text` with anything shaped like a NIK masked as the back office masks it (`1407********0001`)
    and, when `codes`, any six-digit code hidden (`••••••`). Digits of any script count."""
    text = _NIK_LIKE.sub(lambda m: mask_nik(re.sub(r"[^0-9]", "", m[0])), ascii_digits(text))
    return _CODE_LIKE.sub("••••••", text) if codes else text


def _media_link(attachment: dict) -> dict:
    return {"name": attachment["name"], "url": f"/simulator/media/{attachment['sha256']}", "type": attachment["type"]}


def _name_from_url(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1] or "media"


def _now() -> str:
    return _iso(datetime.now(UTC))


def _iso(moment: datetime) -> str:
    """One sortable format for every timestamp the page sees."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
