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


def answers_for(code: str, today=None) -> dict:
    """Valid answers to every question of service `code`, derived from its data (APS: CHAT_DETAILS)."""
    from datetime import date, timedelta

    from workflow.service_spec import spec_for

    if code == "APS":
        return dict(CHAT_DETAILS)
    today = today or date(2026, 11, 30)
    answers = {}
    for q in spec_for(code).questions:
        if q.type == "choice":
            answers[q.name] = q.choices[0].code
        elif q.type == "number":
            answers[q.name] = q.min if q.min is not None and q.min >= 1 else 2
        elif q.type == "date":
            years = q.min_years if q.min_years is not None else (1 if q.no_future else 0)
            answers[q.name] = (today.replace(year=today.year - years - 1) if years or q.no_future
                               else today + timedelta(days=30)).isoformat()
        elif q.format == "person_name":
            answers[q.name] = "Budi Santoso"
        else:
            answers[q.name] = f"Contoh {q.label['id']} Bagansiapiapi"[: q.max_length]
    return answers


def draft_with_documents(session, who=None, *, optional=False, code="APS"):
    """A draft of service `code` (the default: APS) with every required document accepted."""
    who = who or applicant(session)
    svc = service(session, code)
    app = engine.start(session, applicant=who, service=svc, details=answers_for(code))
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
# What a happy-path action needs, by the effect it runs (any service's workflow).
FIELDS_FOR_EFFECT = {"attach_recommendation": lambda app: {"recommendation": pdf_bytes()},
                     "check_pickup_code": lambda app: {"pickup_code": app.pickup_code}}


def previewed(session, app, signer, now=None) -> str:
    """The sha256 of the letter's draft `signer` reads before signing (as the file page shows it)."""
    from workflow.paperwork import draft

    return draft.current(session, app, draft.signer_for(session, signer), now or utcnow()).sha256


def advance(session, app, *, until, now=None, passphrase="demo-tte"):
    """Fire the happy path (as the seeded demo staff) until `app` is in stage `until`: in each stage
    the workflow's first forward action (APS: HAPPY_PATH's), whatever the service."""
    from workflow.definition import workflow_for

    flow = workflow_for(app.service)
    for _ in range(len(flow.stages) + 1):
        if app.stage == until:
            break
        forward = [a for a in flow.actions_from(app.stage) if a.kind == "forward"]
        action = next((a for a in forward if a.name in HAPPY_PATH), forward[0] if forward else None)
        assert action is not None, f"no way forward from {app.stage}"
        role = action.roles[0]
        who = app.applicant if role == "applicant" else staff(session, DEMO_USER_FOR_ROLE[role])
        fields = FIELDS_FOR_EFFECT[action.effect](app) if action.effect in FIELDS_FOR_EFFECT else {}
        if action.effect == "sign":
            fields = {"passphrase": passphrase, "preview_sha256": previewed(session, app, who, now)}
        engine.fire(app, action.name, who, now=now, **fields)
    assert app.stage == until, app.stage
    return app
