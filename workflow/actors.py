"""Who fires an action: a staff user (with roles), the applicant of the file, or the system."""

from __future__ import annotations

from dataclasses import dataclass

from storage import Applicant, Application, StaffUser
from workflow.definition import APPLICANT


@dataclass(frozen=True)
class Actor:
    kind: str  # staff | applicant | system
    roles: frozenset[str]
    name: str = ""
    staff_id: int | None = None
    applicant_id: int | None = None

    @classmethod
    def of(cls, who) -> Actor:
        if isinstance(who, Actor):
            return who
        if isinstance(who, StaffUser):
            return cls("staff", who.roles if who.active else frozenset(), who.display_name, staff_id=who.id)
        if isinstance(who, Applicant):
            return cls("applicant", frozenset({APPLICANT}), who.name or "", applicant_id=who.id)
        raise TypeError(f"not an actor: {who!r}")

    @classmethod
    def system(cls, name: str = "sistem") -> Actor:
        return cls("system", frozenset(), name)

    def roles_for(self, application: Application) -> frozenset[str]:
        """The roles this actor holds *for this application* (an applicant only on their own)."""
        if self.kind == "applicant":
            return self.roles if application.applicant_id == self.applicant_id else frozenset()
        return self.roles
