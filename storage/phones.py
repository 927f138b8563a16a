"""Phone numbers in their stored form: E.164 (`+6281234567890`); Indonesian by default."""

from __future__ import annotations

import phonenumbers


def normalise_msisdn(raw: str, default_region: str = "ID") -> str:
    """`0812-3456-7890`, `62812…`, `+62 812…` or `whatsapp:+62…` → `+62812…`; ValueError if invalid."""
    text = raw.strip()
    if text.lower().startswith("whatsapp:"):
        text = text[len("whatsapp:"):]
    if text.isdigit() and text.startswith("62"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
