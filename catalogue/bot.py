"""Texts of the applicant-facing WhatsApp dialogs."""

MESSAGES: dict[str, dict[str, str]] = {}
