"""Small builders for test data (real rows, no mocks)."""

from __future__ import annotations

from sqlalchemy import select

from storage import Applicant, Document, Service, StaffUser, utcnow
from workflow import engine


def applicant(session, whatsapp="+6281234567890", name="Siti Aminah", nik="1407014107050001", language="id"):
    a = Applicant(whatsapp=whatsapp, name=name, nik=nik, address="Jl. Merdeka 1", kecamatan="14.07.02", language=language)
    session.add(a)
    session.flush()
    return a


def staff(session, username):
    return session.scalar(select(StaffUser).where(StaffUser.username == username))


def service(session, code="APS"):
    return session.scalar(select(Service).where(Service.code == code))


# What the chat asks for this service (bot/dialogs/application.py).
CHAT_DETAILS = {"child_name": "Rizki", "child_birth_date": "2011-02-14", "destination": "SMK Negeri 1 Bagansiapiapi"}


def draft_with_documents(session, who=None, *, optional=False):
    """A draft of the default service with every required document accepted."""
    who = who or applicant(session)
    svc = service(session)
    app = engine.start(session, applicant=who, service=svc, details=dict(CHAT_DETAILS))
    for req in svc.requirements:
        if req.required or optional:
            app.documents.append(
                Document(requirement=req, filename=f"{req.code}.pdf", sha256=req.code.ljust(64, "0"), size=1000, pages=1, status="accepted")
            )
    session.flush()
    return app


def pdf_bytes(text="Rekomendasi Teknis", pages=1) -> bytes:
    """A small real PDF (what a staff member would upload)."""
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i in range(pages):
        c.drawString(72, 720, f"{text} ({i + 1})")
        c.showPage()
    c.save()
    return buf.getvalue()


# The seeded demo user for each staff role, and the SOP's happy path in order.
DEMO_USER_FOR_ROLE = {
    "back_office": "backoffice",
    "technical_team": "teknis",
    "sub_coordinator": "subkoor",
    "coordinator": "koor",
    "head_of_office": "kadis",
}
HAPPY_PATH = ("submit", "accept", "recommend", "verify", "approve", "assign_number", "sign", "print", "collect")


def previewed(session, app, signer, now=None) -> str:
    """The sha256 of the letter's draft `signer` reads before signing (as the file page shows it)."""
    from workflow.paperwork import draft

    return draft.current(session, app, draft.signer_for(session, signer), now or utcnow()).sha256


def advance(session, app, *, until, now=None, passphrase="demo-tte"):
    """Fire the happy path's actions (as the seeded demo staff) until `app` is in stage `until`."""
    from workflow.definition import workflow_for

    flow = workflow_for(app.service)
    for name in HAPPY_PATH:
        if app.stage == until:
            break
        action = flow.action(app.stage, name)
        if action is None:  # already past this step
            continue
        role = action.roles[0]
        who = app.applicant if role == "applicant" else staff(session, DEMO_USER_FOR_ROLE[role])
        fields = {
            "recommend": {"recommendation": pdf_bytes()},
            "collect": {"pickup_code": app.pickup_code},
        }.get(name, {})
        if name == "sign":
            fields = {"passphrase": passphrase, "preview_sha256": previewed(session, app, who, now)}
        engine.fire(app, name, who, now=now, **fields)
    assert app.stage == until, app.stage
    return app
