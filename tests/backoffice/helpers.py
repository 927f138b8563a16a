"""Test helpers for the back office: real PDFs in the real file store, submitted files, sign-in."""

from __future__ import annotations

import io
import re

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from storage import Document
from tests import factories
from workflow import engine

DEMO_PASSWORD = "demo12345"
# The demo user of each role (cli.DEMO_STAFF).
USERS = {
    "back_office": "backoffice",
    "technical_team": "teknis",
    "sub_coordinator": "subkoor",
    "coordinator": "koor",
    "head_of_office": "kadis",
    "supervisor": "pengawas",
    "admin": "admin",
}
# Who takes each step of the main path, in order, and what they type in.
MAIN_PATH = [
    ("backoffice", "accept"),
    ("teknis", "recommend"),
    ("subkoor", "verify"),
    ("koor", "approve"),
    ("backoffice", "assign_number"),
    ("kadis", "sign"),
    ("backoffice", "print"),
    ("backoffice", "collect"),
]


def pdf_bytes(title: str, pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for n in range(pages):
        pdf.setFont("Helvetica-Bold", 20)
        pdf.drawString(72, 760, title)
        pdf.setFont("Helvetica", 12)
        pdf.drawString(72, 730, f"Halaman {n + 1} dari {pages} - dokumen contoh untuk pengujian")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def submitted_application(rt, *, name="Siti Aminah", nik="1407014107050001", whatsapp="+6281234567890", now=None) -> int:
    """A file the applicant has submitted (every required PDF stored for real), committed."""
    with rt.transaction() as s:
        who = factories.applicant(s, whatsapp=whatsapp, name=name, nik=nik)
        svc = factories.service(s)
        app = engine.start(s, applicant=who, service=svc, now=now, details=dict(factories.CHAT_DETAILS))
        for req in svc.requirements:
            if req.required:
                data = pdf_bytes(req.label[:60])
                digest = rt.files.put_bytes(data)
                app.documents.append(
                    Document(requirement=req, filename=f"{req.code}.pdf", sha256=digest, size=len(data), pages=1, status="accepted")
                )
        s.flush()
        engine.fire(app, "submit", who, now=now)
        return app.id


def first_document(rt, app_id: int) -> tuple[int, str]:
    """(id, sha256) of the file's first document."""
    from storage import Application

    with rt.transaction() as s:
        doc = s.get(Application, app_id).documents[0]
        return doc.id, doc.sha256


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def preview_from(html: str) -> str | None:
    """The sha256 of the letter's draft the page shows (the sign form's hidden field), or None."""
    match = re.search(r'name="preview_sha256" value="([0-9a-f]{64})"', html)
    return match.group(1) if match else None


def login(client, username: str, password: str = DEMO_PASSWORD):
    token = csrf_from(client.get("/backoffice/login").get_data(as_text=True))
    return client.post("/backoffice/login", data={"username": username, "password": password, "csrf_token": token})


def api_token(client, username: str) -> str:
    res = client.post("/api/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD})
    assert res.status_code == 200, res.json
    return res.json["token"]


def api_error(res, status: int, code: str | None = None) -> None:
    """The API answered `status` with the project's JSON error shape (and this `code`)."""
    assert res.status_code == status, res.get_data(as_text=True)
    assert set(res.json) == {"error"} and {"code", "message"} <= set(res.json["error"])
    if code:
        assert res.json["error"]["code"] == code
