"""Tunables of the notification jobs: `Config.extra` first (tests), then the environment.

These are operator knobs with sensible defaults, not part of the outside contract; the README's
notifications section lists them.
"""

from __future__ import annotations

import os

DEFAULTS = {
    "OUTBOX_LEASE_SECONDS": 60.0,  # a send must finish within this; an expired lease is re-sent
    "OUTBOX_MAX_ATTEMPTS": 5.0,  # tries for transient failures (429, 5xx, timeouts)
    "OUTBOX_RETRY_BASE_SECONDS": 2.0,  # first back-off; doubles each try, ±10 % jitter
    "OUTBOX_RETRY_CAP_SECONDS": 300.0,
    "OUTBOX_SWEEP_GRACE_SECONDS": 60.0,  # a pending row this old without a job is re-queued
    # After a timeout Twilio may have taken the message after all: wait this long for its status
    # callback (which names our row) before sending again.
    "OUTBOX_AMBIGUOUS_WAIT_SECONDS": 30.0,
    "TWILIO_HTTP_TIMEOUT": 15.0,
    "MEDIA_LINK_SECONDS": 6 * 3600.0,  # how long a signed media link stays valid
    "WINDOW_HOURS": 24.0,  # WhatsApp's customer-service window
    # How long the access log of personal data keeps a row (storage/access_log.py). Five years:
    # our choice, for the office to confirm against its Jadwal Retensi Arsip.
    "ACCESS_LOG_RETENTION_DAYS": 5 * 365.0,
}


def tunable(config, name: str) -> float:
    extra = getattr(config, "extra", None) or {}
    if name.lower() in extra:
        return float(extra[name.lower()])
    return float(os.environ.get(name, DEFAULTS[name]))
