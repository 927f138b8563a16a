"""Verdicts on documents the applicant sends (accepted, or refused and why)."""

MESSAGES: dict[str, dict[str, str]] = {}
