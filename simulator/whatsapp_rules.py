"""What makes the simulator a preview of production: WhatsApp's rules, played locally.

- Each phone keeps its 24-hour window (`jobs.sender.SANDBOX_WINDOW_KEY`): when it last wrote, in
  its own clock, and how far that clock was moved forward (`advance_clock`, the "Jam +25 j" control). The
  sandbox sender refuses a free-form message to a phone whose window is closed with 63016, and
  the outbox sends it again as its template; the phone shows both.
- A message carries reply buttons or a list only when it was sent with the ContentSid of an
  interactive resource (`flask whatsapp sync` records them; in sandbox mode the simulator plays
  the Content API): `interactive()` says exactly what to draw. Numbered lines stay text.
- A template shows its registered text (jobs/whatsapp_templates.toml) with its variables.
- Media over WhatsApp's limits is refused as WhatsApp refuses it (`media_refusal`).
"""

from __future__ import annotations

import re
import time

from sqlalchemy import select

from jobs.sender import SANDBOX_WINDOW_KEY, WINDOW_SECONDS, sandbox_window_open
from jobs.templates import MEDIA_SUFFIX, content_variables, templates
from storage import OutboxMessage, WhatsAppContent
from storage.contents import BUTTONS, CHOICES, LIST

# WhatsApp's media limits as Twilio applies them (https://www.twilio.com/docs/whatsapp/guidance-whatsapp-media-messages):
# images 5 MB, everything else 16 MB per message.
IMAGE_LIMIT, MEDIA_LIMIT = 5 * 1024 * 1024, 16 * 1024 * 1024


def _key(phone: str) -> str:
    return SANDBOX_WINDOW_KEY.format(phone=phone)


def phone_time(redis, phone: str) -> float:
    offset = redis.hget(_key(phone), "offset")
    return time.time() + float(offset or 0)


def record_inbound(redis, phone: str) -> None:
    """The phone wrote: its window opens (in its own clock)."""
    redis.hset(_key(phone), "last_in", phone_time(redis, phone))


def advance_clock(redis, phone: str, hours: float) -> None:
    redis.hincrbyfloat(_key(phone), "offset", hours * 3600)


def window(redis, phone: str) -> dict:
    """{"open": True/False/None, "offset_hours", "hours_left"} for the pane's header."""
    state = redis.hgetall(_key(phone))
    offset = float(state.get(b"offset", 0)) / 3600
    is_open = sandbox_window_open(redis, phone)
    left = None
    if b"last_in" in state:
        left = max(0.0, (float(state[b"last_in"]) + WINDOW_SECONDS - phone_time(redis, phone)) / 3600)
    return {"open": is_open, "offset_hours": round(offset, 1), "hours_left": None if left is None else round(left, 1)}


def media_refusal(content_type: str, size: int) -> str | None:
    """WhatsApp's answer to a file over its limits, or None."""
    if content_type.startswith("image/") and size > IMAGE_LIMIT:
        return f"WhatsApp menolak: gambar lebih dari {IMAGE_LIMIT // (1024 * 1024)} MB tidak dapat dikirim."
    if size > MEDIA_LIMIT:
        return f"WhatsApp menolak: berkas lebih dari {MEDIA_LIMIT // (1024 * 1024)} MB tidak dapat dikirim."
    return None


def contents_by_sid(session, sids) -> dict[str, WhatsAppContent]:
    sids = {s for s in sids if s}
    if not sids:
        return {}
    return {c.sid: c for c in session.scalars(select(WhatsAppContent).where(WhatsAppContent.sid.in_(sids)))}


def interactive(row: OutboxMessage, content: WhatsAppContent | None, button: str) -> dict | None:
    """What the phone draws under the text: exactly the message's interactive content, or None."""
    if content is None or content.content_type not in (BUTTONS, LIST):
        return None
    options = [{"id": c.get("id", ""), "title": c.get("title", ""), "description": c.get("description", "")}
               for c in (row.variables or {}).get(CHOICES) or []]
    return {"kind": "buttons" if content.content_type == BUTTONS else "list", "button": button, "options": options}


def template_text(row: OutboxMessage, content: WhatsAppContent | None, tz_name: str) -> str | None:
    """The text WhatsApp shows for a template message: the registered body, variables filled."""
    if content is None or content.content_type not in ("twilio/text", "twilio/media"):
        return None
    name = content.name.removesuffix(MEDIA_SUFFIX)
    template = next((t for t in templates().values() if t.name == name), None)
    if template is None:
        return None
    texts = {**template.texts, **template.media_texts} if content.content_type == "twilio/media" else template.texts
    body = texts.get(content.language) or texts.get("id", "")
    values = content_variables(template.key, content.language, tz_name, dict(row.variables or {}))
    return re.sub(r"\{\{(\d+)\}\}", lambda m: values.get(m[1], m[0]), body)
