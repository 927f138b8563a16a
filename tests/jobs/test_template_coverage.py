"""Every message that can leave outside the 24-hour window has its Content Template.

The list of messages is derived, not written by hand: every `queue_message(…)` call in the
service's code (read with `ast`), its `key` resolved through string literals, module constants,
the enclosing function's callers, f-string prefixes (expanded over the workflow's stages and the
catalogue), and the notices the workflow files name (`notice`, `staff_notice`). A call site whose
key cannot be resolved must be a reply (`priority="reply"`): it answers what the person just sent,
inside the window. Keys that only ever go as such replies need no template.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import catalogue
from config import ROOT
from jobs.templates import problems, templates
from workflow.definition import all_workflows

PACKAGES = ("workflow", "jobs", "bot", "backoffice", "storage", "runtime")
SENDER = "queue_message"


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _strings(node) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str) and "." in n.value}


def _workflow_notices() -> set[str]:
    return {k for flow in all_workflows() for a in flow.actions for k in (a.notice, a.staff_notice) if k}


def _stages_with_reminders() -> set[str]:
    return {name for flow in all_workflows() for name, stage in flow.stages.items() if stage.reminder_days}


def _expand_prefix(prefix: str) -> set[str]:
    stages = {prefix + s for s in _stages_with_reminders()}
    return {k for k in catalogue.MESSAGES if k.startswith(prefix)} | {k for k in stages if prefix.startswith("reminder.")}


class _Sites(ast.NodeVisitor):
    """Each queue_message call: (where, keys it may send, priority literal, resolved?)."""

    def __init__(self, path: Path, tree: ast.Module, imported_constants: dict[str, str]):
        self.path, self.tree = path, tree
        self.constants = dict(imported_constants)
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.constants[target.id] = node.value.value
        self.functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        self.sites: list[tuple[str, set[str], str | None, bool]] = []
        self._stack: list[ast.FunctionDef] = []

    def visit_FunctionDef(self, node):  # noqa: N802 - ast's naming
        self._stack.append(node)
        self.generic_visit(node)
        self._stack.pop()

    def visit_Call(self, node):  # noqa: N802
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name == SENDER:
            kwargs = {k.arg: k.value for k in node.keywords if k.arg}
            for spread in (k.value for k in node.keywords if k.arg is None and isinstance(k.value, ast.Name)):
                kwargs.update(self._dict_assigned(spread.id))  # queue_message(…, **send)
            priority = kwargs.get("priority")
            priority = priority.value if isinstance(priority, ast.Constant) else None
            keys, resolved = self._resolve(kwargs.get("key"))
            self.sites.append((f"{self.path.relative_to(ROOT)}:{node.lineno}", keys, priority, resolved))
        self.generic_visit(node)

    def _dict_assigned(self, name: str) -> dict:
        """The keywords of `name = dict(k=…)` in the enclosing function."""
        function = self._stack[-1] if self._stack else self.tree
        for n in ast.walk(function):
            if (isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
                    and isinstance(n.value, ast.Call) and getattr(n.value.func, "id", None) == "dict"):
                return {k.arg: k.value for k in n.value.keywords if k.arg}
        return {}

    def _resolve(self, expr) -> tuple[set[str], bool]:
        if expr is None:
            return set(), False
        if isinstance(expr, ast.Constant):
            return {expr.value}, True
        if isinstance(expr, ast.Attribute) and expr.attr in ("notice", "staff_notice"):
            return _workflow_notices(), True  # the workflow files name them
        if isinstance(expr, ast.JoinedStr) and expr.values and isinstance(expr.values[0], ast.Constant):
            return _expand_prefix(expr.values[0].value), True
        if isinstance(expr, ast.Name):
            if expr.id in self.constants:
                return {self.constants[expr.id]}, True
            function = self._stack[-1] if self._stack else None
            if function is None:
                return set(), False
            assigned = [n.value for n in ast.walk(function) if isinstance(n, ast.Assign)
                        and any(isinstance(t, ast.Name) and t.id == expr.id for t in n.targets)]
            if assigned:
                keys = set().union(*(_strings(v) for v in assigned))
                exact = all(_strings(v) and not any(isinstance(n, ast.Attribute) for n in ast.walk(v)) for v in assigned)
                return keys, exact
            parameters = [a.arg for a in function.args.args]
            if expr.id in parameters:  # a helper's parameter: the literals its callers pass
                position = parameters.index(expr.id)
                keys = set()
                for call in ast.walk(self.tree):
                    if isinstance(call, ast.Call) and getattr(call.func, "id", None) == function.name:
                        given = [*call.args][position] if len(call.args) > position else next(
                            (k.value for k in call.keywords if k.arg == expr.id), None)
                        keys |= self._resolve(given)[0] if given is not None else set()
                return keys, bool(keys)
        return set(), False


def _imported_constants(tree: ast.Module) -> dict[str, str]:
    found = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            path = ROOT / (node.module.replace(".", "/") + ".py")
            if not path.exists():
                continue
            other = ast.parse(path.read_text(encoding="utf-8"))
            values = {t.id: n.value.value for n in other.body if isinstance(n, ast.Assign)
                      and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                      for t in n.targets if isinstance(t, ast.Name)}
            found.update({(a.asname or a.name): values[a.name] for a in node.names if a.name in values})
    return found


def sending_sites():
    for path, tree in _sources():
        visitor = _Sites(path, tree, _imported_constants(tree))
        visitor.visit(tree)
        yield from visitor.sites


def test_the_walk_finds_the_known_senders():
    """A check on the walk itself: it sees the engine, the sweeps, the survey and complaints."""
    keys = set().union(*(keys for _, keys, _, _ in sending_sites()))
    for expected in ("notice.accepted", "staff.new_file", "alert.sla_breach", "alert.sla_digest", "reminder.returned",
                     "survey.invite", "survey.reminder", "complaint.answered", "bot.apply.draft_reminder",
                     "staff.new_complaint", "bot.act.code", "staff.desk_notice", "staff.desk_digest"):
        assert expected in keys, expected


def test_every_message_that_can_leave_outside_the_window_has_a_template():
    unresolved = [where for where, _, priority, resolved in sending_sites() if not resolved and priority != "reply"]
    assert unresolved == [], "a queue_message whose key cannot be told: give it a literal key or make it a reply"
    missing = sorted({(key, where) for where, keys, priority, _ in sending_sites() if priority != "reply"
                      for key in keys if catalogue.exists(key) and key not in templates()})
    assert missing == [], "add these to jobs/whatsapp_templates.toml (or send them only as replies)"


def test_every_template_exists_in_both_languages_and_follows_metas_rules():
    for key, template in templates().items():
        assert set(template.texts) == set(catalogue.LANGUAGES), key
        assert problems(template) == [], key
        if template.media_texts:  # the media variant's own words follow the same rules
            assert set(template.media_texts) == set(catalogue.LANGUAGES), key
            assert problems(replace(template, texts=template.media_texts)) == [], key
