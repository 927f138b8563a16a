"""Load the services and their requirements from definitions/services.toml into the database.

Idempotent: existing services and requirements (matched by code) are updated, new ones added,
requirements no longer listed are deactivated (never deleted: documents refer to them).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import Requirement, Service
from workflow.definition import load, service_definitions


def sync_services(session: Session, definitions: list[dict] | None = None) -> list[Service]:
    result = []
    for spec in definitions if definitions is not None else service_definitions():
        load(spec["workflow"])  # fail early on a service naming an unknown workflow
        service = session.scalar(select(Service).where(Service.code == spec["code"]))
        if service is None:
            service = Service(code=spec["code"])
            session.add(service)
        service.name = spec["name"]
        service.name_en = spec.get("name_en", "")
        service.workflow = spec["workflow"]
        service.number_format = spec["number_format"]
        service.active = spec.get("active", True)
        by_code = {r.code: r for r in service.requirements}
        listed = set()
        for position, raw in enumerate(spec.get("requirements", []), start=1):
            req = by_code.get(raw["code"])
            if req is None:
                req = Requirement(code=raw["code"])
                service.requirements.append(req)
            req.position = position
            req.label = raw["label"]
            req.label_en = raw.get("label_en", "")
            req.description = raw.get("description", "")
            req.required = raw.get("required", True)
            req.active = True
            listed.add(raw["code"])
        for code, req in by_code.items():
            if code not in listed:
                req.active = False
        result.append(service)
    session.flush()
    return result


def active_services(session: Session) -> list[Service]:
    return list(session.scalars(select(Service).where(Service.active.is_(True)).order_by(Service.id)))
