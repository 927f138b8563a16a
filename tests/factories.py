"""Small builders for test data (real rows, no mocks)."""

from __future__ import annotations

from sqlalchemy import select

from storage import Applicant, Document, Service, StaffUser
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


def draft_with_documents(session, who=None, *, optional=False):
    """A draft of the default service with every required document accepted."""
    who = who or applicant(session)
    svc = service(session)
    app = engine.start(session, applicant=who, service=svc)
    for req in svc.requirements:
        if req.required or optional:
            app.documents.append(
                Document(requirement=req, filename=f"{req.code}.pdf", sha256=req.code.ljust(64, "0"), size=1000, pages=1, status="accepted")
            )
    session.flush()
    return app
