"""Phone numbers in their stored form: E.164 (`+6281234567890`); Indonesian by default."""

from __future__ import annotations

import phonenumbers

from storage.digits import ascii_digits, is_number


def normalise_msisdn(raw: str, default_region: str = "ID") -> str:
    """`0812-3456-7890`, `62812…`, `+62 812…` or `whatsapp:+62…` → `+62812…`; ValueError if invalid."""
    text = ascii_digits(raw.strip())
    if text.lower().startswith("whatsapp:"):
        text = text[len("whatsapp:"):]
    if not text.isascii():
        raise ValueError("not a phone number: only the digits 0-9, spaces, dashes, dots and brackets")
    if is_number(text) and text.startswith("62"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {exc}") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
