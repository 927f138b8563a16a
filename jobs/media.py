"""Expiring signed links to a stored document, for Twilio to fetch as `MediaUrl`.

The token carries only the document id, signed with SECRET_KEY (itsdangerous) and stamped;
`bot/media_links.py` serves `GET /media/<token>` while it is younger than MEDIA_LINK_SECONDS.
"""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "media-link"
ATTACHMENT_SALT = "media-attachment"  # a token for one kind never opens the other
FORM_SALT = "media-form"


def _serializer(config, salt: str = SALT) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(config.secret_key, salt=salt)


def media_link_prefix(config) -> str:
    return f"{config.base_url}/media/"


def media_url(config, document_id: int) -> str:
    return f"{media_link_prefix(config)}{_serializer(config).dumps(int(document_id))}"


def attachment_url(config, kind: str, applicant_id: int) -> str:
    """A generated attachment (OutboxMessage.attachment) about one applicant, e.g. DATA SAYA's PDF."""
    token = _serializer(config, ATTACHMENT_SALT).dumps([kind, int(applicant_id)])
    return f"{config.base_url}/media/a/{token}"


def attachment_for_token(config, token: str) -> tuple[str, int] | None:
    """(kind, applicant id) of a valid, unexpired attachment token; None otherwise."""
    try:
        value = _serializer(config, ATTACHMENT_SALT).loads(token, max_age=config.media_link_seconds)
    except (SignatureExpired, BadSignature):
        return None
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], int):
        return value[0], value[1]
    return None


def document_for_token(config, token: str) -> int | None:
    """The document id of a valid, unexpired token; None otherwise."""
    try:
        value = _serializer(config).loads(token, max_age=config.media_link_seconds)
    except (SignatureExpired, BadSignature):
        return None
    return value if isinstance(value, int) else None


def form_url(config, service_code: str, form_code: str, filename: str) -> str:
    """A service's blank form (workflow/paperwork/forms.py), rendered when fetched."""
    token = _serializer(config, FORM_SALT).dumps([str(service_code), str(form_code)])
    return f"{config.base_url}/media/f/{token}/{filename}"


def form_for_token(config, token: str) -> tuple[str, str] | None:
    """(service code, form code) of a valid, unexpired form token; None otherwise."""
    try:
        value = _serializer(config, FORM_SALT).loads(token, max_age=config.media_link_seconds)
    except (SignatureExpired, BadSignature):
        return None
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return value[0], value[1]
    return None
