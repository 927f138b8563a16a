"""Expiring signed links to a stored document, for Twilio to fetch as `MediaUrl`.

The token carries only the document id, signed with SECRET_KEY (itsdangerous) and stamped;
`bot/media_links.py` serves `GET /media/<token>` while it is younger than MEDIA_LINK_SECONDS.
"""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from jobs.settings import tunable

SALT = "media-link"


def _serializer(config) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(config.secret_key, salt=SALT)


def media_link_prefix(config) -> str:
    return f"{config.base_url}/media/"


def media_url(config, document_id: int) -> str:
    return f"{media_link_prefix(config)}{_serializer(config).dumps(int(document_id))}"


def document_for_token(config, token: str) -> int | None:
    """The document id of a valid, unexpired token; None otherwise."""
    try:
        value = _serializer(config).loads(token, max_age=tunable(config, "MEDIA_LINK_SECONDS"))
    except (SignatureExpired, BadSignature):
        return None
    return value if isinstance(value, int) else None
