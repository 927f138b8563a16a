"""SLA alerts, escalations, digests and reminders."""

MESSAGES: dict[str, dict[str, str]] = {}
