"""A small client of Twilio's Content API (`TWILIO_CONTENT_BASE_URL`, default
https://content.twilio.com), the parts `flask whatsapp sync` uses:

- `POST /v1/Content` (JSON: `friendly_name`, `language`, `variables`, `types`) creates a Content
  resource and answers its `sid` (HX…); `DELETE /v1/Content/{sid}` removes one;
- `POST /v1/Content/{sid}/ApprovalRequests/whatsapp` (JSON: `name`, `category`) submits a template
  to WhatsApp; `GET /v1/Content/{sid}/ApprovalRequests` reads the verdict back
  (`whatsapp.status`: received, pending, approved, rejected, paused, disabled; `rejection_reason`).

Shapes as in https://www.twilio.com/docs/content/content-api-resources and the content types
(twilio/text, twilio/media, twilio/quick-reply, twilio/list-picker) documented beside it.
"""

from __future__ import annotations

import requests


class ContentApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(f"{status}: {message}")
        self.status = status


class ContentApi:
    def __init__(self, config, timeout: float = 15.0):
        self.base = config.twilio_content_base_url.rstrip("/")
        self.http = requests.Session()
        self.http.auth = (config.twilio_account_sid, config.twilio_auth_token)
        self.timeout = timeout

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        answer = self.http.request(method, self.base + path, json=body, timeout=self.timeout)
        if answer.status_code >= 400:
            try:
                message = answer.json().get("message", answer.text)
            except ValueError:
                message = answer.text
            raise ContentApiError(answer.status_code, message)
        return answer.json() if answer.content else {}

    def create(self, definition: dict) -> dict:
        return self._call("POST", "/v1/Content", definition)

    def delete(self, sid: str) -> None:
        try:
            self._call("DELETE", f"/v1/Content/{sid}")
        except ContentApiError as exc:
            if exc.status != 404:  # gone already
                raise

    def submit(self, sid: str, name: str, category: str = "UTILITY") -> dict:
        return self._call("POST", f"/v1/Content/{sid}/ApprovalRequests/whatsapp", {"name": name, "category": category})

    def approval(self, sid: str) -> dict:
        """WhatsApp's verdict: {"status": …, "rejection_reason": …} ({} when never submitted)."""
        return self._call("GET", f"/v1/Content/{sid}/ApprovalRequests").get("whatsapp") or {}
