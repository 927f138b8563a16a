"""Every response that carries a file someone uploaded (or a document made from one) leaves
through `user_file()`: the back office, the API, the media links Twilio fetches and the
simulator alike.

A file's bytes are never trusted to be what their name or declared type says: an HTML or SVG
"document" served inline on the back office's origin would run script with a staff member's
cookie. So every such response is

- a download (`Content-Disposition: attachment`), except a PDF viewed in the back office's
  preview frame, which stays inline only when its bytes really start with `%PDF-` and is then
  typed `application/pdf` whatever the row says;
- `X-Content-Type-Options: nosniff`, so the browser keeps the declared type;
- under `Content-Security-Policy: sandbox` (a unique origin: no cookies, no script, no forms
  on ours), with `default-src 'none'` for downloads. The inline PDF gets `sandbox` alone:
  Chrome's own viewer draws its page with inline styles that `default-src 'none'` would block.
  (See the Chromium issue 271452 comment #22 as quoted in rust-lang/www.rust-lang.org#942.)
"""

from __future__ import annotations

import re

from flask import Response

DOWNLOAD_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"
INLINE_PDF_CSP = "sandbox; frame-ancestors 'self'"
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def safe_filename(name: str | None, fallback: str = "dokumen") -> str:
    """A filename that is safe inside a quoted header value (ASCII letters, digits, `._ -`)."""
    cleaned = _UNSAFE_IN_NAME.sub("_", name or "").strip(" ._")[:120]
    return cleaned or fallback


def user_file(data: bytes, content_type: str | None, filename: str | None, *, inline_pdf: bool = False,
              cache: str = "private, no-store") -> Response:
    """The response for one user file (see the module's docstring)."""
    name = safe_filename(filename)
    if inline_pdf and data.startswith(b"%PDF-"):
        mimetype, disposition, csp = "application/pdf", "inline", INLINE_PDF_CSP
    else:
        declared = (content_type or "").split(";")[0].strip().lower()
        mimetype = declared if _TYPE.match(declared) else "application/octet-stream"
        disposition, csp = "attachment", DOWNLOAD_CSP
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'{disposition}; filename="{name}"',
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": cache,
        "X-Robots-Tag": "noindex",
        "Cross-Origin-Resource-Policy": "same-origin",
    })
