"""Applications as plain dicts for the JSON API (the shapes CONTRACT.md names)."""

from __future__ import annotations

from datetime import datetime

from backoffice import access
from storage import Application, Document
from workflow.paperwork.letter import verify_url
from workflow.return_reasons import returned_document_ids


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def document(doc: Document, returned: bool = False) -> dict:
    """`status`: pending | accepted | refused, or returned: named by the file's standing return
    and not replaced since (workflow.return_reasons)."""
    return {
        "id": doc.id,
        "kind": doc.kind,
        "requirement": doc.requirement.code if doc.requirement else None,
        "filename": doc.filename,
        "pages": doc.pages,
        "sha256": doc.sha256,
        "status": "returned" if returned else doc.status,
        # pdf | photos | converted; a PDF made from photos has one page per photo, so "pages" is
        # also how many photos it was made of (the contract names exactly these keys)
        "source": doc.source,
    }


def visible_documents(application: Application) -> list[Document]:
    """The documents worth showing: everything except versions the applicant replaced."""
    return [d for d in application.documents if d.status != "superseded"]


def issued_document(application: Application) -> Document | None:
    return next((d for d in reversed(application.documents) if d.kind == "issued" and d.status != "superseded"), None)


def issued(application: Application, base_url: str) -> dict | None:
    doc = issued_document(application)
    if doc is None:
        return None
    code = application.verification_code
    return {
        "number": application.issued_number,
        "document_id": doc.id,
        "verification_url": verify_url(base_url, code) if code else None,
    }


def summary(application: Application, badge=None) -> dict:
    return {
        "id": application.id,
        "tracking_code": application.tracking_code,
        "service": application.service.code,
        "stage": application.stage,
        "stage_due_at": iso(application.stage_due_at),
        "sla": badge.state if badge else None,
        "submitted_at": iso(application.submitted_at),
        "applicant": {"name": application.applicant.name},
    }


def detail(application: Application, user, base_url: str) -> dict:
    applicant = application.applicant
    returned = returned_document_ids(application)
    return {
        "id": application.id,
        "tracking_code": application.tracking_code,
        "service": application.service.code,
        "stage": application.stage,
        "stage_entered_at": iso(application.stage_entered_at),
        "stage_due_at": iso(application.stage_due_at),
        "submitted_at": iso(application.submitted_at),
        "closed_at": iso(application.closed_at),
        "applicant": {
            "name": applicant.name,
            "nik": access.nik_for(user, application),
            "whatsapp": access.contact_for(user, application, "whatsapp"),
            "address": access.contact_for(user, application, "address"),
            "kecamatan": applicant.kecamatan,
            "language": applicant.language,
            # HAPUS DATA asked while this file is open: erased once it closes (UU 27/2022).
            "erasure_requested_at": iso(applicant.erasure_requested_at),
        },
        "details": dict(application.details or {}),
        "documents": [document(d, d.id in returned) for d in visible_documents(application)],
        "issued": issued(application, base_url),
        "history": [
            {
                "at": iso(e.at),
                "actor_type": e.actor_type,
                "actor_name": e.actor_name,
                "role": e.role,
                "action": e.action,
                "from_stage": e.from_stage,
                "to_stage": e.to_stage,
                "note": e.note,
                "data": e.data or {},
            }
            for e in application.history
        ],
        "actions": [
            {"name": a.name, "kind": a.kind, "fields": [f.as_dict() for f in a.fields]}
            for a in access.actions_for(user, application)
        ],
    }


def case_details(application: Application, language: str) -> list[tuple[str, str]]:
    """The service's own answers as the case card shows them: each question's label in
    `language` and its answer as people read it (a date `12 Maret 2010`, a choice its label),
    in the order the chat asks them. An optional answer left out (LEWATI) shows the data's word
    for it ("Seumur hidup"), as the chat's summary does; one with no such word is left out."""
    from workflow.service_spec import shown, spec_for

    details = application.details or {}
    rows = [(q.label.get(language) or q.label["id"], shown(q, details.get(q.name), language))
            for q in spec_for(application.service).questions]
    return [(label, value) for label, value in rows if value]
