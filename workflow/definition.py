"""The SOP as data: TOML files under definitions/ loaded into frozen dataclasses.

A workflow has stages (owner role, SLA) and actions (kind, source → target, roles, fields,
effect, notices). `load(key)` returns one; `workflow_for(service)` the one a service uses.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import time
from functools import cache
from pathlib import Path

import catalogue

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
    # The words for this stage in this workflow ({"id": …, "en": …}; empty: the catalogue's
    # `stage.<name>` / `bo.stage.<name>`): the applicant's phrase and the staff's short label.
    words: dict = field(default_factory=dict, compare=False)
    label: dict = field(default_factory=dict, compare=False)
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
    label: dict = field(default_factory=dict, compare=False)  # the staff's button words ({"id", "en"}), else the catalogue's

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Workflow:
    key: str
    initial: str
    legal_days: int
    escalation_factor: int  # an SLA alert escalates once this many times the stage's SLA has passed
    draft_reminder_days: int  # calendar days after a draft was started: reminded once
    draft_cancel_days: int  # calendar days after a draft was started: cancelled
    stages: dict[str, Stage]
    actions: tuple[Action, ...] = field(default=())
    roles: dict = field(default_factory=dict, compare=False)  # role → {"id": …, "en": …}: its name here

    def stage(self, name: str) -> Stage:
        return self.stages[name]

    def actions_from(self, stage: str) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.source == stage)

    def action(self, stage: str, name: str) -> Action | None:
        return next((a for a in self.actions if a.source == stage and a.name == name), None)

    @property
    def final_stages(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages.values() if s.final)

    def closing_stages(self, kind: str) -> frozenset[str]:
        """What a final stage means, by the kind of action that reaches it: "forward" → completed
        (the letter handed over), "reject" → refused, "other" → cancelled."""
        return frozenset(a.target for a in self.actions if a.kind == kind and self.stages[a.target].final)

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


def _texts(raw: dict, key: str) -> dict:
    if not raw.get(key):
        return {}
    return {"id": str(raw[key]), "en": str(raw.get(f"{key}_en") or raw[key])}


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
            words=_texts(raw, "words"),
            label=_texts(raw, "label"),
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
                label=_texts(raw, "label"),
            )
        )
    return Workflow(
        key=data["key"],
        initial=data["initial"],
        legal_days=data.get("legal_days", 0),
        escalation_factor=data["escalation_factor"],
        draft_reminder_days=data["draft_reminder_days"],
        draft_cancel_days=data["draft_cancel_days"],
        stages=stages,
        actions=tuple(actions),
        roles={role: _texts(raw, "name") for role, raw in (data.get("roles") or {}).items()},
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


def words(kind: str, key: str, name: str) -> dict | None:
    """The words a workflow's data gives a stage ("stage", "stage_label"), a role ("role") or an
    action ("action"), or None. Without a workflow (a list across services): the first workflow
    that words it."""
    if not key:
        try:
            keys = [flow.key for flow in all_workflows()]
        except (KeyError, OSError, ValueError):
            return None
        return next(filter(None, (words(kind, k, name) for k in keys)), None)
    try:
        flow = load(key)
    except (KeyError, OSError, ValueError):
        return None
    if kind == "role":
        return flow.roles.get(name) or None
    if kind == "action":
        return next((a.label for a in flow.actions if a.name == name and a.label), None)
    stage = flow.stages.get(name)
    if stage is None:
        return None
    return (stage.words if kind == "stage" else stage.label) or None


catalogue.add_word_source(words)


def service_definitions() -> list[dict]:
    return tomllib.loads((DEFINITIONS / "services.toml").read_text(encoding="utf-8"))["services"]


@dataclass(frozen=True)
class Routine:
    """The office's routine across its services (services.toml `[routine]`)."""

    digest_at: time  # the supervisors' morning digest of overdue files, office time, working days
    complaint_answer_days: int  # complaints are answered within this many working days


@cache
def routine() -> Routine:
    raw = tomllib.loads((DEFINITIONS / "services.toml").read_text(encoding="utf-8"))["routine"]
    return Routine(digest_at=time.fromisoformat(raw["digest_at"]), complaint_answer_days=raw["complaint_answer_days"])
