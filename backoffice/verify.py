"""The public verification page the QR code on every issued letter points to.

`GET /verify/<code>` says whether the document with that code is genuine: its number, date and
service, a masked name, whether the stored PDF's signature is intact and covers the whole
file, and the signing time (the TSA's when a valid timestamp vouches for it, else the signer's
computer's claim, said as such). No other personal data. A visitor may upload a PDF to compare it with the original
(`POST`, sha256). Unknown codes get a 404 page. Bahasa Indonesia first, English beneath.
"""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, render_template, request
from markupsafe import Markup

import catalogue
from backoffice import throttle
from catalogue.office import office
from runtime.request_scope import db
from workflow.paperwork.layout import id_date
from workflow.paperwork.verification import lookup, same_document

blueprint = Blueprint("verify", __name__, url_prefix="/verify", template_folder="templates")


@blueprint.context_processor
def _texts():
    """`say(key)` the Indonesian text (or `say(key, "en")`); `both(key)` "Indonesian / english"."""

    def both(key: str) -> Markup:
        return Markup("{} <small>/ {}</small>").format(catalogue.text(key, "id"), catalogue.text(key, "en"))

    return {"say": catalogue.text, "both": both, "office": office()}


def _tz_name() -> str:
    return current_app.config["APP_CONFIG"].tz_name


def _page(template: str, status: int = 200, **context):
    response = make_response(render_template(template, **context), status)
    # The page names a document; keep it out of caches, search engines and referrers.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@blueprint.route("/<code>", methods=["GET", "POST"])
def page(code: str):
    # Unknown codes are counted per client: after VERIFY_LIMIT in VERIFY_WINDOW, every lookup
    # waits (429), so the codes on letters cannot be walked through.
    key = throttle.verify_key()
    if not throttle.claim(key, throttle.VERIFY_LIMIT, throttle.VERIFY_WINDOW):
        throttle.give_back(key)
        return _page("verify/not_found.html", 429, too_many=True)
    record = lookup(db(), code)
    if record is None:
        return _page("verify/not_found.html", 404)  # the claim stays: an unknown code counts
    throttle.give_back(key)
    comparison = None
    if request.method == "POST":
        upload = request.files.get("document")
        if upload is None or not upload.filename:
            comparison = "missing"
        else:
            comparison = "same" if same_document(record, upload.read()) else "different"
    tz = _tz_name()
    issued = id_date(record.issued_at, tz) if record.issued_at else "-"
    tsa_time = id_date(record.tsa_time, tz, with_time=True) if record.tsa_time else ""
    claimed_time = id_date(record.check.signed_at, tz, with_time=True) if record.check.signed_at else ""
    return _page("verify/page.html", record=record, issued=issued, comparison=comparison,
                 tsa_time=tsa_time, claimed_time=claimed_time)
