"""`flask services check`: the service and workflow data files, validated as a whole.

An office adds a service by writing data; this says, one line per problem, what is wrong before
anything reaches the database (`flask services sync` refuses what this refuses): unknown keys
(a typo is not silently ignored), services that name a missing workflow, duplicate codes,
requirements without a label in both languages, stages no action reaches, stages from which a
file can never end, actions with unknown roles, kinds, field types or effects, notices whose
text the catalogue does not have, and a stage's `notify` (desk notices) that is not a boolean or
is switched on for a stage no staff role owns; and each service's own files (services/<code>.toml
and <code>.letter.toml): questions of an unknown type or without their wording in both languages,
choices without options, receipt and letter placeholders no question answers.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields as dataclass_fields
from datetime import time
from pathlib import Path

import workflow.definition as _definition
from workflow import desks
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
from workflow.paperwork import forms

# What a [[services]] entry and its requirements may hold (see services.toml's own comments).
SERVICE_KEYS = {"code", "name", "name_en", "workflow", "number_format", "requirements", "cost", "cost_en",
                "description", "description_en", "active", "questions", "forms", "return_reasons"}
DEFINITIONS = None  # None: workflow.definition.DEFINITIONS (tests point both at a copy)
REQUIREMENT_KEYS = {"code", "label", "label_en", "required", "active", "accepts", "hint", "hint_en", "reasons"}
REASON_KEYS = {"code", "label", "label_en"}  # a return reason (workflow/return_reasons.py)


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
    for role, body in (raw.get("roles") or {}).items():
        problems += _unknown(f"{name}: role {role}", body if isinstance(body, dict) else {}, {"name", "name_en"})
        if not isinstance(body, dict) or not str(body.get("name") or "").strip():
            problems.append(f"{name}: role {role}: name is missing")
    for stage, body in (raw.get("stages") or {}).items():
        if not isinstance(body, dict):
            problems.append(f"{name}: stage {stage!r} is not a table")
            continue
        problems += _unknown(f"{name}: stage {stage}", body, _known(Stage, "words_en", "label_en") - {"name"})
        problems += _unknown(f"{name}: stage {stage}: sla", body.get("sla") or {}, _known(Sla))
        problems += _notify_problems(f"{name}: stage {stage}", body)
    for i, body in enumerate(raw.get("actions") or [], 1):
        where = f"{name}: action {body.get('name', i)!r}"
        problems += _unknown(where, body, _known(Action, "label_en"))
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


def _notify_problems(where: str, body: dict) -> list[str]:
    """`notify` (desk notices to the stage's owners) is true or false, and true only where staff
    own the stage: the applicant hears of milestones through the actions' notices."""
    if "notify" not in body:
        return []
    value = body["notify"]
    if not isinstance(value, bool):
        return [f"{where}: notify must be true or false, not {value!r}"]
    owner = body.get("owner")
    if value and (not owner or owner == APPLICANT or body.get("final")):
        return [f"{where}: notify = true needs a stage owned by a staff role (owner is {owner or 'none'})"]
    return []


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
    for stage in flow.stages.values():  # what people read about it: the data's words or the catalogue's
        if not stage.words and not catalogue.exists(f"stage.{stage.name}"):
            problems.append(f"{where}: stage {stage.name}: no words for the applicant (words, words_en)")
        if not stage.label and not catalogue.exists(f"bo.stage.{stage.name}"):
            problems.append(f"{where}: stage {stage.name}: no label for the staff (label, label_en)")
        problems += desks.problems(f"{where}: stage {stage.name}", flow.roles, {
            "words": stage.words or _catalogue_words(f"stage.{stage.name}"),
            "label": stage.label or _catalogue_words(f"bo.stage.{stage.name}", f"stage.{stage.name}")})
    for a in flow.actions:
        label = f"{where}: action {a.name} ({a.source} → {a.target})"
        if not a.label and not catalogue.exists(f"bo.action.{a.name}"):
            problems.append(f"{label}: no button label for the staff (label, label_en)")
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
        if (a.field("reasons") or a.field("reason_codes")) and not (
                a.effect == "return_reasons" and a.field("reasons") and a.field("reason_codes")):
            problems.append(f"{label}: a return with reasons takes the fields reasons and reason_codes "
                            f"and the effect return_reasons (the reasons ticked from services.toml)")
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


def _catalogue_words(*keys: str) -> dict[str, str]:
    import catalogue

    key = next((k for k in keys if catalogue.exists(k)), None)
    return {lang: catalogue.text(key, lang) for lang in catalogue.LANGUAGES} if key else {}


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
        if code and str(code).isalnum():
            problems += check_service_files(definitions, str(code), flows.get(workflow))
        for j, req in enumerate(requirements, 1):
            rwhere = f"{where}: requirement {req.get('code') or j}"
            problems += _unknown(rwhere, req, REQUIREMENT_KEYS)
            rcode = str(req.get("code") or "")
            if not _lower_code(rcode):
                problems.append(f"{rwhere}: code must be lower-case letters, digits and _")
            if rcode in seen:
                problems.append(f"{rwhere}: code used twice in this service")
            seen.add(rcode)
            problems += _missing_texts(req, rwhere)
        problems += _return_reason_problems(service, where)
        problems += [f"{where}: {p}" for p in forms.problems(str(code), seen, definitions)]
    return problems


QUESTION_KEYS = {"name", "type", "ask", "ask_en", "label", "label_en", "required", "format", "min_length", "max_length",
                 "min", "max", "decimals", "unit", "unit_en", "no_future", "no_past", "min_years", "max_years", "choices", "refusals",
                 "skipped", "skipped_en"}
LETTER_KEYS = {"title", "document", "document_en", "filename", "addressee", "addressee_fallback", "legal_basis",
               "opening", "body", "closing", "fields"}


def _read(path: Path) -> tuple[dict | None, list[str]]:
    where = f"services/{path.name}"
    if not path.is_file():
        return None, [f"{where}: missing (every service has its questions file and its letter template)"]
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return None, [f"{where}: not readable TOML ({exc})"]


def check_service_files(definitions: Path, code: str, flow: Workflow | None = None) -> list[str]:
    """The problems of one service's questions file and letter template (`flow`: its workflow)."""
    from workflow.service_spec import COMMON_FIELDS, PROBLEMS, QUESTION_TYPES, TEXT_FORMATS, files, names_in

    data_path, letter_path = files(definitions, code)
    data, problems = _read(data_path)
    letter, found = _read(letter_path)
    problems += found
    names: list[str] = []
    if data is not None:
        where = f"services/{data_path.name}"
        problems += _unknown(where, data, {"questions", "receipt"})
        for i, q in enumerate(data.get("questions") or [], 1):
            qwhere = f"{where}: question {q.get('name') or i}"
            problems += _unknown(qwhere, q, QUESTION_KEYS)
            name = str(q.get("name") or "")
            if not name or not name.replace("_", "").isalnum() or name.lower() != name:
                problems.append(f"{qwhere}: name must be lower-case letters, digits and _")
            if name in names or name in COMMON_FIELDS:
                problems.append(f"{qwhere}: name used twice (or taken by {', '.join(COMMON_FIELDS)})")
            names.append(name)
            kind = q.get("type")
            if kind not in QUESTION_TYPES:
                problems.append(f"{qwhere}: type {kind!r} is not one of {', '.join(QUESTION_TYPES)}")
                continue
            for key in ("ask", "ask_en", "label", "label_en"):
                if not str(q.get(key) or "").strip():
                    problems.append(f"{qwhere}: {key} is missing")
            if q.get("format", "") not in TEXT_FORMATS:
                problems.append(f"{qwhere}: format {q.get('format')!r} is not one of {', '.join(filter(None, TEXT_FORMATS))}")
            if kind == "choice":
                options = q.get("choices") or []
                if len(options) < 2:
                    problems.append(f"{qwhere}: a choice needs at least two choices")
                for option in options:
                    problems += _unknown(f"{qwhere}: choice", option, {"code", "label", "label_en"})
                    if not all(str(option.get(k) or "").strip() for k in ("code", "label", "label_en")):
                        problems.append(f"{qwhere}: every choice needs code, label and label_en")
            low, high = q.get("min", q.get("min_years")), q.get("max", q.get("max_years"))
            if low is not None and high is not None and low > high:
                problems.append(f"{qwhere}: min is larger than max")
            refusals = q.get("refusals") or {}
            problems += _unknown(f"{qwhere}: refusals", refusals,
                                 {p + suffix for p in PROBLEMS[kind] for suffix in ("", "_en")})
            for problem in PROBLEMS[kind]:
                if bool(refusals.get(problem)) != bool(refusals.get(problem + "_en")):
                    problems.append(f"{qwhere}: refusal {problem} needs both {problem} and {problem}_en")
        receipt = data.get("receipt") or {}
        problems += _unknown(f"{where}: receipt", receipt, {"fields", "status", "note"})
        for field in receipt.get("fields") or []:
            if field not in names:
                problems.append(f"{where}: receipt: {field!r} is not one of the questions")
        if flow is not None and receipt.get("status"):
            problems += desks.problems(f"{where}: receipt", flow.roles, {"status": {"id": str(receipt["status"])}})
    if letter is not None:
        where = f"services/{letter_path.name}"
        problems += _unknown(where, letter, LETTER_KEYS)
        for key in ("title", "document", "document_en", "opening"):
            if not str(letter.get(key) or "").strip():
                problems.append(f"{where}: {key} is missing")
        texts = [letter.get(k) or "" for k in ("addressee", "opening", "closing")]
        texts += list(letter.get("legal_basis") or []) + list(letter.get("body") or [])
        for i, field in enumerate(letter.get("fields") or [], 1):
            problems += _unknown(f"{where}: field {i}", field, {"label", "value", "optional"})
            texts.append(str(field.get("value") or ""))
        known = set(COMMON_FIELDS) | set(names)
        for text in texts:
            try:
                unknown = names_in(str(text)) - known
            except ValueError as exc:
                problems.append(f"{where}: {text[:40]!r}: broken placeholder ({exc})")
                continue
            for name in sorted(unknown):
                problems.append(f"{where}: {{{name}}} is neither a question of {data_path.name} nor one of "
                                f"{', '.join(COMMON_FIELDS)}")
    return problems


def _lower_code(code: str) -> bool:
    return bool(code) and code.isascii() and code.replace("_", "").isalnum() and code.lower() == code


def _missing_texts(raw: dict, where: str) -> list[str]:
    return [f"{where}: {key} is missing" for key in ("label", "label_en") if not str(raw.get(key) or "").strip()]


def _return_reason_problems(spec: dict, where: str) -> list[str]:
    """A service's `return_reasons` and its requirements' `reasons` (see services.toml)."""
    common = spec.get("return_reasons")
    if common is not None and not isinstance(common, list):
        return [f"{where}: return_reasons must be a list of tables"]
    found: list[str] = []
    codes: set[str] = set()
    for i, raw in enumerate(common or [], 1):
        found += _reason_problems(raw, f"{where}: return reason {i}", codes)
    for req in spec.get("requirements") or []:
        own, rwhere = req.get("reasons"), f"{where}: requirement {req.get('code')}: reasons"
        if own is None:
            continue
        if not isinstance(own, list):
            found.append(f"{rwhere} must be a list")
            continue
        seen: set[str] = set()
        for item in own:
            if not isinstance(item, str):
                found += _reason_problems(item, rwhere, seen)
                continue
            if item not in codes:
                found.append(f"{rwhere}: {item!r} is not one of the service's return_reasons")
            elif item in seen:
                found.append(f"{rwhere}: {item!r} is listed twice")
            seen.add(item)
    return found


def _reason_problems(raw, where: str, codes: set[str]) -> list[str]:
    if not isinstance(raw, dict):
        return [f"{where}: a reason is a code or a table {{code, label, label_en}}"]
    found = _unknown(where, raw, REASON_KEYS)
    code = str(raw.get("code") or "")
    if not _lower_code(code):
        found.append(f"{where}: code must be lower-case letters, digits and _")
    elif code in codes:
        found.append(f"{where}: code {code!r} used twice")
    codes.add(code)
    return found + _missing_texts(raw, f"{where} {code}")
