"""Who may see what in the back office: the one place views, templates and the API ask.

- Supervisors and admins oversee: they see every submitted file (read-only unless they also
  hold a working role) and the dashboard.
- Every other role sees a file while it waits at one of its desks, and keeps seeing the files
  its role has already worked on (history), so a clerk can answer a question at the counter.
  Files that never reached a role stay out of its sight (UU 27/2022: need to know).
- Drafts (not yet submitted by the applicant) are nobody's business but the applicant's.
- The NIK is shown in full only to the back office during the completeness check (the file page
  and the API's file detail, both through `nik_for`), where the clerk compares it with the KTP
  scan; everywhere else it is masked (`1407********0001`).
- The WhatsApp number and the address follow the same rule (`FULL_VIEW`): in full to the roles
  whose stage needs them, masked for everyone else (README "Personal data": the matrix).
- What a user may *do* is the engine's answer alone (`workflow.engine.available`).
- Staff accounts (`/backoffice/staff`) are the admin's alone.
- A file the user may not see answers exactly as a file that does not exist (404), so ids
  cannot be probed.
- Every opening of a file, a full NIK or a document leaves an access-log row (`log_opened`);
  the log is read by supervisors and admins (`can_read_access_log`) and edited by nobody.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select

from storage import Application, HistoryEvent, StaffUser, access_log
from storage.privacy import mask_address, mask_phone
from workflow import engine
from workflow.definition import Action, all_workflows

OVERSEERS = frozenset({"supervisor", "admin"})
STAFF_ADMIN = "admin"  # manages the staff accounts (and the office must always keep one, active)
DASHBOARD_ROLES = OVERSEERS
NIK_VISIBLE_AT = {("back_office", "completeness_check")}
# UU 27/2022 minimum exposure: the roles that see a contact field in full; others see it masked.
# The number is for reaching the applicant (the counter; a supervisor chasing a delay); the address
# is checked by the technical team and printed on the letter the signers read.
FULL_VIEW = {
    "whatsapp": frozenset({"back_office", "supervisor"}),
    "address": frozenset({"back_office", "technical_team", "sub_coordinator", "coordinator", "head_of_office"}),
}
HIDDEN_STAGES = ("draft",)


def _roles(user) -> frozenset[str]:
    return frozenset(user.roles) if user is not None and getattr(user, "is_active", True) else frozenset()


def staff_of(user) -> StaffUser:
    """The StaffUser behind a signed-in session user or an API user."""
    return getattr(user, "staff", user)


def can_manage_staff(user) -> bool:
    return STAFF_ADMIN in _roles(user)


def can_read_access_log(user) -> bool:
    return bool(_roles(user) & OVERSEERS)


def can_see_dashboard(user) -> bool:
    return bool(_roles(user) & DASHBOARD_ROLES)


def desk_stages(user) -> tuple[str, ...]:
    """The stages whose files wait for this user (all open stages for an overseer)."""
    roles = _roles(user)
    stages: list[str] = []
    for flow in all_workflows():
        if roles & OVERSEERS:
            names = [s.name for s in flow.stages.values() if not s.final and s.name not in HIDDEN_STAGES]
        else:
            # Stages the roles own, plus those where they act for the applicant (collect at
            # the counter: ready_for_pickup is the applicant's stage, the clerk closes it).
            names = list(flow.stages_owned_by(roles))
            names += [a.source for a in flow.actions if roles.intersection(a.roles)]
        stages.extend(n for n in names if n not in stages and n not in HIDDEN_STAGES)
    return tuple(stages)


def visible_filter(user):
    """A SQL condition on Application: the files this user may open."""
    roles = _roles(user)
    if not roles:
        return Application.id.is_(None)
    submitted = Application.stage.not_in(HIDDEN_STAGES)
    if roles & OVERSEERS:
        return submitted
    worked_on = exists(
        select(HistoryEvent.id).where(HistoryEvent.application_id == Application.id, HistoryEvent.role.in_(roles))
    )
    return submitted & or_(Application.stage.in_(desk_stages(user)), worked_on)


def desk_filter(user):
    """A SQL condition on Application: the files waiting at this user's desk. (Every one of them is
    visible to the user, so `visible_filter` and its "worked on" subquery are not needed here.)"""
    return Application.stage.not_in(HIDDEN_STAGES) & Application.stage.in_(desk_stages(user))


def can_view(user, application: Application) -> bool:
    roles = _roles(user)
    if not roles or application.stage in HIDDEN_STAGES:
        return False
    if roles & OVERSEERS or application.stage in desk_stages(user):
        return True
    return any(event.role in roles for event in application.history)


def actions_for(user, application: Application) -> list[Action]:
    """Exactly what the engine lets this user do now (nothing on a file they may not see)."""
    if not can_view(user, application):
        return []
    return engine.available(application, staff_of(user))


def shows_full_nik(user, application: Application) -> bool:
    return any((role, application.stage) in NIK_VISIBLE_AT for role in _roles(user))


def nik_for(user, application: Application) -> str:
    nik = application.applicant.nik or ""
    return nik if shows_full_nik(user, application) else application.applicant.masked_nik


def contact_for(user, application: Application, field: str) -> str:
    """The applicant's `whatsapp` or `address`, in full or masked per FULL_VIEW."""
    value = getattr(application.applicant, field) or ""
    if _roles(user) & FULL_VIEW[field]:
        return value
    return mask_phone(value) if field == "whatsapp" else mask_address(value)


def log_opened(session, user, application: Application, document=None, *, draft: bool = False) -> None:
    """Leave the access-log rows for what this user is being shown now: the file (its
    applicant's name, address and number), the full NIK where it is shown, a document opened,
    or (`draft`) the letter's draft, which prints the full NIK and the address.
    The web page and the API both call this; the caller commits."""
    staff_id = staff_of(user).id
    ids = {"applicant_id": application.applicant_id, "application_id": application.id}
    if document is not None or draft:
        detail = f"{document.kind}: {document.filename or ''}" if document is not None else "draft: the letter's preview"
        access_log.record(session, staff_id=staff_id, action="view_document",
                          document_id=document.id if document is not None else None, detail=detail, **ids)
        return
    access_log.record(session, staff_id=staff_id, action="view_application", detail=application.stage, **ids)
    if shows_full_nik(user, application) and application.applicant.nik:
        access_log.record(session, staff_id=staff_id, action="view_nik", detail=application.stage, **ids)
