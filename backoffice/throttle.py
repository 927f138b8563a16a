"""Attempt limits kept in Redis (fixed windows): wrong pickup codes per file, and lookups of
unknown codes on the public verification page per client. A pickup code is 6 characters of
a 32-letter alphabet and a verification code is printed on every letter: both are guessable
given enough tries, so tries are counted (issue 16, item 7)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from flask import current_app, request

from workflow.errors import BadFields, WorkflowError

PICKUP_LIMIT, PICKUP_WINDOW = 5, timedelta(minutes=15)  # wrong pickup codes per file
VERIFY_LIMIT, VERIFY_WINDOW = 20, timedelta(minutes=10)  # unknown verification codes per client


class TooManyAttempts(WorkflowError):
    code = "too_many_attempts"
    status = 429


def _redis():
    return current_app.extensions["runtime"].redis


def spent(key: str, limit: int) -> bool:
    """Whether `key` has used up its `limit` in the current window."""
    return int(_redis().get(key) or 0) >= limit


def count(key: str, window: timedelta) -> int:
    """One more attempt on `key`; the window starts with the first."""
    attempts = _redis().incr(key)
    if attempts == 1:
        _redis().expire(key, window)
    return attempts


@contextmanager
def pickup_attempts(application, action_name: str):
    """Around firing an action: `collect` is refused (429) after PICKUP_LIMIT wrong pickup codes
    for this file within PICKUP_WINDOW, and each wrong code counts."""
    if action_name != "collect":
        yield
        return
    key = f"throttle:pickup:{application.id}"
    if spent(key, PICKUP_LIMIT):
        raise TooManyAttempts(f"too many wrong pickup codes; try again within {int(PICKUP_WINDOW.total_seconds() // 60)} minutes")
    try:
        yield
    except BadFields as exc:
        if "pickup_code" in exc.errors:
            count(key, PICKUP_WINDOW)
        raise


def verify_key() -> str:
    return f"throttle:verify:{request.remote_addr or 'unknown'}"
