"""Attempt limits kept in Redis (fixed windows): wrong pickup codes per file, and lookups of
unknown codes on the public verification page per client. A pickup code is 6 characters of
a 32-letter alphabet and a verification code is printed on every letter: both are guessable
given enough tries, so tries are counted (issue 16, item 7).

An attempt is claimed *before* the code is checked (one atomic INCR), and given back when it
turns out not to count (a right code, another field's mistake). Checking first and counting
afterwards let parallel guesses all pass the check while the count still read low: the race
the login lockout had (issue 16, item 1)."""

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


def claim(key: str, limit: int, window: timedelta) -> bool:
    """Claim one attempt on `key`: True while the window's count stays within `limit`. The window
    starts with the first attempt (its expiry is set in the same transaction as the count, so a
    crash between the two cannot leave a key that never expires)."""
    pipe = _redis().pipeline(transaction=True)
    pipe.set(key, 0, ex=window, nx=True)
    pipe.incr(key)
    return pipe.execute()[1] <= limit


# Only while the window's key still exists: a DECR after it expired would make a key with no
# expiry (and a count that never starts again).
_GIVE_BACK = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0"


def give_back(key: str) -> None:
    """An attempt claimed that does not count after all."""
    _redis().eval(_GIVE_BACK, 1, key)


@contextmanager
def pickup_attempts(application, action_name: str):
    """Around firing an action: `collect` is refused (429) after PICKUP_LIMIT wrong pickup codes
    for this file within PICKUP_WINDOW; only a wrong code keeps its claim."""
    if action_name != "collect":
        yield
        return
    key = f"throttle:pickup:{application.id}"
    if not claim(key, PICKUP_LIMIT, PICKUP_WINDOW):
        give_back(key)  # a refused try is not a guess: the count stays at the limit
        raise TooManyAttempts(f"too many wrong pickup codes; try again within {int(PICKUP_WINDOW.total_seconds() // 60)} minutes")
    try:
        yield
    except BadFields as exc:
        if "pickup_code" not in exc.errors:
            give_back(key)
        raise
    except BaseException:
        give_back(key)
        raise
    give_back(key)  # the right code


def verify_key() -> str:
    return f"throttle:verify:{request.remote_addr or 'unknown'}"
