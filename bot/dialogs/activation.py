"""Activation: a one-time 6-digit code sent as a separate WhatsApp message (an outbox row).

The code expires after 15 minutes and allows 5 attempts; `KIRIM ULANG` sends a new one, at
most once a minute and 5 times a day. Only a keyed hash is kept (in the conversation's persistent
data): HMAC-SHA256 under a key derived from SECRET_KEY, with a per-code salt. A slow hash would not
protect a 6-digit code (a million guesses is nothing offline); a key the database does not hold
does. The outbox row's copy is scrubbed by the bot sweep once it cannot be used.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from bot.conversation import Dialog, Invalid, Step, Turn
from storage.digits import is_number
from storage.outbox import queue_message

CODE_KEY = "bot.act.code"
LIFETIME = timedelta(minutes=15)
MAX_ATTEMPTS = 5
RESEND_GAP = timedelta(seconds=60)
MAX_SENDS_PER_DAY = 5
SCHEME = "hmac-sha256"


def _key(turn: Turn) -> bytes:
    key = turn.session.info.get("settings", {}).get("activation_key")
    if not key:
        raise RuntimeError("no activation_key in the session's settings (runtime.Runtime.settings)")
    return key.encode()


def _hash(turn: Turn, code: str, state: dict) -> str:
    salt = bytes.fromhex(state["salt"])
    return hmac.new(_key(turn), salt + code.encode(), hashlib.sha256).hexdigest()


def _state(turn: Turn) -> dict:
    return dict(turn.data.get("activation") or {})


def issue(turn: Turn) -> bool:
    """Send a fresh code unless rate-limited (then say how long to wait). True when sent."""
    state = _state(turn)
    day_ago = turn.now - timedelta(days=1)
    sends = [s for s in state.get("sends", []) if datetime.fromisoformat(s) > day_ago]
    if sends and turn.now - datetime.fromisoformat(sends[-1]) < RESEND_GAP:
        wait = RESEND_GAP - (turn.now - datetime.fromisoformat(sends[-1]))
        turn.say("bot.act.wait", seconds=max(1, int(wait.total_seconds())))
        return False
    if len(sends) >= MAX_SENDS_PER_DAY:
        turn.say("bot.act.daily_limit")
        return False
    code = f"{secrets.randbelow(10**6):06d}"
    fresh = {"scheme": SCHEME, "salt": secrets.token_hex(16)}
    turn.data["activation"] = {
        **fresh,
        "hash": _hash(turn, code, fresh),
        "expires_at": (turn.now + LIFETIME).isoformat(),
        "attempts": 0,
        "sends": [*sends, turn.now.isoformat()],
    }
    queue_message(
        turn.session,
        recipient=turn.applicant.whatsapp,
        key=CODE_KEY,
        variables={"code": code, "minutes": int(LIFETIME.total_seconds() // 60)},
        language=turn.language,
        applicant_id=turn.applicant.id,
        priority="reply",
    )
    turn.say("bot.act.sent", minutes=int(LIFETIME.total_seconds() // 60))
    return True


def start(turn: Turn) -> None:
    if not turn.applicant.consent_at:
        turn.say("bot.act.need_registration")
        turn.begin("registration")
        return
    if turn.applicant.is_active:
        turn.say("bot.act.already")
        turn.finish()
        return
    issue(turn)
    turn.go("code", prompt=False)


def _prompt(turn: Turn) -> None:
    turn.say("bot.act.prompt")


def _parse(turn: Turn):
    code = turn.word.replace(" ", "")
    if len(code) != 6 or not is_number(code):
        return Invalid("bot.act.format")
    return code


def _accept(turn: Turn, code: str) -> None:
    state = _state(turn)
    if not state.get("hash") or state.get("attempts", 0) >= MAX_ATTEMPTS:
        turn.say("bot.act.locked")
        return
    if turn.now > datetime.fromisoformat(state["expires_at"]):
        turn.say("bot.act.expired")
        return
    if not hmac.compare_digest(_hash(turn, code, state), state["hash"]):
        state["attempts"] = state.get("attempts", 0) + 1
        left = MAX_ATTEMPTS - state["attempts"]
        if left <= 0:
            state.pop("hash", None)
            turn.say("bot.act.locked")
        else:
            turn.say("bot.act.wrong", left=left)
        turn.data["activation"] = state
        return
    turn.applicant.activated_at = turn.now
    turn.data.pop("activation", None)
    turn.say("bot.act.done", name=turn.applicant.name or "")
    turn.finish()


DIALOG = Dialog(
    name="activation",
    start=start,
    steps={"code": Step(_prompt, _parse, _accept)},
    keywords=("kirim ulang", "resend", "aktivasi", "activate"),
)
