"""The SOP as data: TOML files under definitions/ loaded into frozen dataclasses.

A workflow has stages (owner role, SLA) and actions (kind, source → target, roles, fields,
effect, notices). `load(key)` returns one; `workflow_for(service)` the one a service uses.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DEFINITIONS = Path(__file__).parent / "definitions"

ACTION_KINDS = ("forward", "return", "reject", "other")
FIELD_TYPES = ("text", "secret", "file", "list")
APPLICANT = "applicant"


@dataclass(frozen=True)
class Sla:
    minutes: int = 0
    working_days: int = 0

    def __bool__(self) -> bool:
        return bool(self.minutes or self.working_days)

    def describe(self) -> str:
        if self.working_days:
            return f"{self.working_days} hari kerja"
        if self.minutes:
            return f"{self.minutes} menit kerja"
        return "-"


@dataclass(frozen=True)
class Stage:
    name: str
    owner: str | None = None
    sla: Sla = Sla()
    final: bool = False
    informational: bool = False  # SLA shown but never alerted (the applicant's own time)
    reminder_days: int = 0
    sop_step: int | None = None
    preview: bool = False  # the letter's draft is shown here, before it is signed
    notify: bool = True  # its owners get a WhatsApp desk notice when a file arrives (staff stages only)

    @property
    def alerts(self) -> bool:
        return bool(self.sla) and not self.informational and not self.final

    @property
    def notifies(self) -> bool:
        """A file reaching this stage is announced to the staff holding its owner role."""
        return self.notify and bool(self.owner) and self.owner != APPLICANT and not self.final


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"
    required: bool = False

    def as_dict(self) -> dict:
        return {"name": self.name, "type": self.type, "required": self.required}


@dataclass(frozen=True)
class Action:
    name: str
    kind: str
    source: str
    target: str
    roles: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    note_required: bool = False
    effect: str | None = None
    notice: str | None = None
    notify_roles: tuple[str, ...] = ()
    staff_notice: str | None = None

    @property
    def by_applicant(self) -> bool:
        return APPLICANT in self.roles

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Workflow:
    key: str
    initial: str
    legal_days: int
    stages: dict[str, Stage]
    actions: tuple[Action, ...] = field(default=())

    def stage(self, name: str) -> Stage:
        return self.stages[name]

    def actions_from(self, stage: str) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.source == stage)

    def action(self, stage: str, name: str) -> Action | None:
        return next((a for a in self.actions if a.source == stage and a.name == name), None)

    @property
    def final_stages(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages.values() if s.final)

    def stages_owned_by(self, roles) -> tuple[str, ...]:
        roles = set(roles)
        return tuple(s.name for s in self.stages.values() if s.owner in roles)

    def mermaid(self) -> str:
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial}"]
        for a in self.actions:
            roles = ", ".join(a.roles)
            lines.append(f"    {a.source} --> {a.target}: {a.name} ({roles})")
        for name in self.final_stages:
            lines.append(f"    {name} --> [*]")
        return "\n".join(lines)


def _parse(data: dict) -> Workflow:
    stages = {}
    for name, raw in data["stages"].items():
        sla = Sla(**raw.get("sla", {}))
        stages[name] = Stage(
            name=name,
            owner=raw.get("owner"),
            sla=sla,
            final=raw.get("final", False),
            informational=raw.get("informational", False),
            reminder_days=raw.get("reminder_days", 0),
            sop_step=raw.get("sop_step"),
            preview=raw.get("preview", False),
            notify=raw.get("notify", True),
        )
    actions = []
    for raw in data.get("actions", []):
        actions.append(
            Action(
                name=raw["name"],
                kind=raw["kind"],
                source=raw["source"],
                target=raw["target"],
                roles=tuple(raw["roles"]),
                fields=tuple(Field(**f) for f in raw.get("fields", [])),
                note_required=raw.get("note_required", False),
                effect=raw.get("effect"),
                notice=raw.get("notice"),
                notify_roles=tuple(raw.get("notify_roles", [])),
                staff_notice=raw.get("staff_notice"),
            )
        )
    return Workflow(
        key=data["key"],
        initial=data["initial"],
        legal_days=data.get("legal_days", 0),
        stages=stages,
        actions=tuple(actions),
    )


@cache
def load(key: str) -> Workflow:
    path = DEFINITIONS / f"{key}.toml"
    if not path.exists() or "/" in key or key.startswith("."):
        raise KeyError(f"no workflow definition {key!r}")
    return _parse(tomllib.loads(path.read_text(encoding="utf-8")))


def all_workflows() -> list[Workflow]:
    return [load(p.stem) for p in sorted(DEFINITIONS.glob("*.toml")) if p.stem != "services"]


def workflow_for(service) -> Workflow:
    return load(service.workflow)


def service_definitions() -> list[dict]:
    return tomllib.loads((DEFINITIONS / "services.toml").read_text(encoding="utf-8"))["services"]
