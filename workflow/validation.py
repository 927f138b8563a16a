"""`flask services check`: the service and workflow data files, validated as a whole.

An office adds a service by writing data; this says, one line per problem, what is wrong before
anything reaches the database (`flask services sync` refuses what this refuses): unknown keys
(a typo is not silently ignored), services that name a missing workflow, duplicate codes,
requirements without a label in both languages, stages no action reaches, stages from which a
file can never end, actions with unknown roles, kinds, field types or effects, and notices whose
text the catalogue does not have.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields as dataclass_fields
from datetime import time
from pathlib import Path

import workflow.definition as _definition
from workflow.definition import (
    ACTION_KINDS,
    APPLICANT,
    FIELD_TYPES,
    Action,
    Field,
    Routine,
    Sla,
    Stage,
    Workflow,
    _parse,
)

# What a [[services]] entry and its requirements may hold (see services.toml's own comments).
SERVICE_KEYS = {"code", "name", "name_en", "workflow", "number_format", "requirements", "cost", "cost_en",
                "description", "description_en", "active", "questions", "forms", "return_reasons"}
DEFINITIONS = None  # None: workflow.definition.DEFINITIONS (tests point both at a copy)
REQUIREMENT_KEYS = {"code", "label", "label_en", "required", "active", "accepts", "hint", "hint_en", "reasons"}


def _known(cls, *extra: str) -> set[str]:
    return {f.name for f in dataclass_fields(cls)} | set(extra)


def _unknown(where: str, raw: dict, known: set[str]) -> list[str]:
    return [f"{where}: unknown key {key!r}" for key in sorted(set(raw) - known)]


def check_workflow_file(path: Path) -> tuple[Workflow | None, list[str]]:
    """Parse one workflow file; (the workflow or None, its problems)."""
    name = path.name
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return None, [f"{name}: not readable TOML ({exc})"]
    problems = _unknown(name, raw, _known(Workflow, "stages", "actions"))
    for stage, body in (raw.get("stages") or {}).items():
        if not isinstance(body, dict):
            problems.append(f"{name}: stage {stage!r} is not a table")
            continue
        problems += _unknown(f"{name}: stage {stage}", body, _known(Stage) - {"name"})
        problems += _unknown(f"{name}: stage {stage}: sla", body.get("sla") or {}, _known(Sla))
    for i, body in enumerate(raw.get("actions") or [], 1):
        where = f"{name}: action {body.get('name', i)!r}"
        problems += _unknown(where, body, _known(Action))
        for f in body.get("fields") or []:
            problems += _unknown(f"{where}: field", f, _known(Field))
    if problems:
        return None, problems
    try:
        flow = _parse(raw)
    except (KeyError, TypeError, ValueError) as exc:
        return None, [f"{name}: missing or wrong value: {exc}"]
    if flow.key != path.stem:
        problems.append(f"{name}: key {flow.key!r} must be the file's name {path.stem!r}")
    return flow, problems + check_workflow(flow, name)


def check_workflow(flow: Workflow, name: str | None = None) -> list[str]:
    """The rules every workflow keeps (the definition tests call this too)."""
    import catalogue
    from storage import ROLES
    from workflow import effects

    where = name or flow.key
    problems = []
    if flow.initial not in flow.stages:
        return [f"{where}: the initial stage {flow.initial!r} is not a stage"]
    if not flow.final_stages:
        problems.append(f"{where}: no final stage")
    if not isinstance(flow.escalation_factor, int) or flow.escalation_factor < 2:
        problems.append(f"{where}: escalation_factor must be a whole number, 2 or more")
    if not all(isinstance(d, int) and d >= 1 for d in (flow.draft_reminder_days, flow.draft_cancel_days)) \
            or flow.draft_reminder_days >= flow.draft_cancel_days:
        problems.append(f"{where}: draft_reminder_days and draft_cancel_days must be whole days, the reminder first")
    roles = set(ROLES) | {APPLICANT}
    for stage in flow.stages.values():
        if stage.owner and stage.owner not in roles:
            problems.append(f"{where}: stage {stage.name}: unknown owner role {stage.owner!r}")
    for a in flow.actions:
        label = f"{where}: action {a.name} ({a.source} → {a.target})"
        if a.kind not in ACTION_KINDS:
            problems.append(f"{label}: kind {a.kind!r} is not one of {', '.join(ACTION_KINDS)}")
        for end in (a.source, a.target):
            if end not in flow.stages:
                problems.append(f"{label}: {end!r} is not a stage")
        if a.source in flow.stages and flow.stage(a.source).final:
            problems.append(f"{label}: leaves a final stage")
        for role in set(a.roles) - roles:
            problems.append(f"{label}: unknown role {role!r}")
        for f in a.fields:
            if f.type not in FIELD_TYPES:
                problems.append(f"{label}: field {f.name} has type {f.type!r}, not one of {', '.join(FIELD_TYPES)}")
        if a.effect and a.effect not in effects.registered():
            problems.append(f"{label}: unknown effect {a.effect!r}")
        for key in filter(None, (a.notice, a.staff_notice)):
            for lang in catalogue.LANGUAGES:
                if not catalogue.MESSAGES.get(key, {}).get(lang):
                    problems.append(f"{label}: the catalogue has no {lang!r} text for {key!r}")
    reached, todo = {flow.initial}, [flow.initial]
    while todo:
        for a in flow.actions_from(todo.pop()):
            if a.target in flow.stages and a.target not in reached:
                reached.add(a.target)
                todo.append(a.target)
    for stage in sorted(set(flow.stages) - reached):
        problems.append(f"{where}: stage {stage} is unreachable from {flow.initial}")
    can_end, changed = set(flow.final_stages), True
    while changed:
        changed = False
        for a in flow.actions:
            if a.target in can_end and a.source not in can_end:
                can_end.add(a.source)
                changed = True
    for stage in sorted(set(flow.stages) - can_end):
        problems.append(f"{where}: a file in stage {stage} can never end")
    return problems


def _routine_problems(routine) -> list[str]:
    """services.toml `[routine]`: the morning digest's time and the complaint standard."""
    if not isinstance(routine, dict):
        return ["services.toml: no [routine] table (digest_at, complaint_answer_days)"]
    problems = _unknown("services.toml: routine", routine, _known(Routine))
    try:
        time.fromisoformat(str(routine.get("digest_at")))
    except ValueError:
        problems.append("services.toml: routine: digest_at must be a time like \"07:30\"")
    days = routine.get("complaint_answer_days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        problems.append("services.toml: routine: complaint_answer_days must be a whole number of working days, 1 or more")
    return problems


def check_services(definitions: Path | None = None) -> list[str]:
    """Every problem in services.toml and the workflow files beside it (empty: all is well)."""
    definitions = definitions or DEFINITIONS or _definition.DEFINITIONS
    problems: list[str] = []
    flows: dict[str, Workflow] = {}
    for path in sorted(definitions.glob("*.toml")):
        if path.stem == "services":
            continue
        flow, found = check_workflow_file(path)
        problems += found
        if flow is not None:
            flows[path.stem] = flow
    path = definitions / "services.toml"
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return problems + [f"services.toml: not readable TOML ({exc})"]
    services = document.get("services")
    problems += _routine_problems(document.get("routine"))
    if not services:
        return problems + ["services.toml: no [[services]] entry"]
    codes = set()
    for i, service in enumerate(services, 1):
        code = service.get("code")
        where = f"services.toml: service {code or i}"
        problems += _unknown(where, service, SERVICE_KEYS)
        if not code or not str(code).isalnum() or str(code).upper() != code or len(code) > 8:
            problems.append(f"{where}: code must be 1–8 capital letters or digits (it starts every tracking code)")
        if code in codes:
            problems.append(f"{where}: code used twice")
        codes.add(code)
        for key in ("name", "name_en"):
            if not str(service.get(key) or "").strip():
                problems.append(f"{where}: {key} is missing")
        workflow = service.get("workflow")
        if workflow not in flows and not any(p.startswith(f"{workflow}.toml") for p in problems):
            problems.append(f"{where}: workflow {workflow!r} has no file {workflow}.toml beside services.toml")
        number_format = str(service.get("number_format") or "")
        if number_format and "{seq" not in number_format:
            problems.append(f"{where}: number_format must contain {{seq}} (the yearly sequence)")
        requirements = service.get("requirements") or []
        if not requirements:
            problems.append(f"{where}: no requirements")
        seen = set()
        for j, req in enumerate(requirements, 1):
            rwhere = f"{where}: requirement {req.get('code') or j}"
            problems += _unknown(rwhere, req, REQUIREMENT_KEYS)
            rcode = str(req.get("code") or "")
            if not rcode or not rcode.replace("_", "").isalnum() or rcode.lower() != rcode:
                problems.append(f"{rwhere}: code must be lower-case letters, digits and _")
            if rcode in seen:
                problems.append(f"{rwhere}: code used twice in this service")
            seen.add(rcode)
            for key in ("label", "label_en"):
                if not str(req.get(key) or "").strip():
                    problems.append(f"{rwhere}: {key} is missing")
    return problems
