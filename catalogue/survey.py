"""Texts of the SKM survey and complaints."""

MESSAGES: dict[str, dict[str, str]] = {}
