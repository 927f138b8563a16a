"""The shape of the tree: every module imports on its own, and dependencies point one way.

Layers, lowest first (a module may import its own package and any lower layer, never a higher one):

    config, catalogue            settings and texts
    storage                      models, the file store, PDF checks, reference data
    workflow                     the SOP as data, its engine, paperwork, reports
    runtime                      a process's database, Redis, queues and request scope
    bot, backoffice              the WhatsApp conversation and the staff web; never each other
    jobs                         what runs on the worker and the scheduler (it may run the bot's steps)
    simulator                    the sandbox phone
    app, cli, devtools, bench    entry points
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("config", "catalogue", "storage", "workflow", "runtime", "bot", "backoffice", "jobs", "simulator",
            "app", "cli", "devtools")

# What each top-level name may import of ours, besides itself.
ALLOWED: dict[str, set[str]] = {
    "config": set(),
    "catalogue": {"config"},
    "storage": {"config", "catalogue"},
    "workflow": {"config", "catalogue", "storage"},
    "runtime": {"config", "catalogue", "storage", "workflow"},
    "bot": {"config", "catalogue", "storage", "workflow", "runtime"},
    "backoffice": {"config", "catalogue", "storage", "workflow", "runtime"},
    "jobs": {"config", "catalogue", "storage", "workflow", "runtime", "bot"},
    "simulator": {"config", "catalogue", "storage", "workflow", "runtime", "bot", "jobs"},
}


def _modules() -> list[str]:
    names = []
    for top in PACKAGES:
        path = ROOT / top
        if path.is_dir():
            for file in sorted(path.rglob("*.py")):
                parts = file.relative_to(ROOT).with_suffix("").parts
                if parts[-1] == "__main__":
                    continue
                names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
        elif path.with_suffix(".py").exists():
            names.append(top)
    return names


def test_every_module_imports_on_its_own_in_a_fresh_interpreter():
    """One child imports each module with none of ours loaded before it (third-party ones stay cached:
    they cannot hide a cycle of ours, and re-importing them per module would take minutes)."""
    script = (
        "import importlib, sys\n"
        f"ours = {tuple(PACKAGES)!r}\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] in ours]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        print(f'{name}: {type(exc).__name__}: {exc}')\n"
        "        sys.exit(1)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, *_modules()], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]


def _imports(file: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_dependencies_point_one_way(layer):
    ours = set(ALLOWED) | {"app", "cli", "devtools", "bench", "tests"}
    path = ROOT / layer
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    breaches = []
    for file in files:
        for name in sorted((_imports(file) & ours) - ALLOWED[layer] - {layer}):
            breaches.append(f"{file.relative_to(ROOT)} imports {name}")
    assert not breaches, "\n".join(breaches)


# Modules that hand the environment on to a child process unread (not a setting of ours).
PASSES_ENVIRONMENT_ON = {"storage/pdfcheck.py"}


def _environment_reads(file: Path) -> list[int]:
    """Lines where `file` touches `os.environ` / `os.getenv` (or imports them from os)."""
    lines = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb", "putenv"):
            if isinstance(node.value, ast.Name) and node.value.id == "os":
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            if any(alias.name in ("environ", "getenv", "environb") for alias in node.names):
                lines.append(node.lineno)
    return lines


def test_config_is_the_only_reader_of_the_environment():
    """Settings come from `Config.from_env()`; every other module of the product receives the typed
    Config (entry-point tools in devtools/ and bench/ and the tests may set up child environments)."""
    readers = []
    for file in _product_files():
        name = file.relative_to(ROOT).as_posix()
        if name not in ("config.py", *PASSES_ENVIRONMENT_ON):
            readers += [f"{name}:{line}" for line in _environment_reads(file)]
    assert not readers, "read the environment outside config.py:\n" + "\n".join(readers)


def _product_files() -> list[Path]:
    files = []
    for top in [*ALLOWED, "app", "cli"]:
        path = ROOT / top
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
    return files


def test_the_office_time_zone_is_named_once():
    """`config.OFFICE_TZ` names the office's zone; everything else takes it from there (catalogue's
    table of Indonesia's three zones and their labels aside)."""
    found = []
    for file in _product_files():
        name = file.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value == "Asia/Jakarta":
                found.append(name)
    assert sorted(found) == ["catalogue/__init__.py", "config.py"], found


def test_one_rule_says_what_a_pdf_is():
    """`storage.pdfinspect.has_magic` is the one "is this a PDF" rule (the applicants' documents,
    the staff's uploads, the back office's forms and the API); nothing else spells the magic.
    runtime/downloads.py is no second rule but a stricter serving policy: a stored file is shown
    inline in the staff's browser only when its very first bytes are the magic, else downloaded."""
    found = []
    for file in _product_files():
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, bytes) and b"%PDF" in node.value:
                found.append(file.relative_to(ROOT).as_posix())
    assert sorted(found) == ["runtime/downloads.py", "storage/pdfinspect.py"], found


def _assigned_attributes(tree: ast.AST):
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            for item in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(item, ast.Attribute):
                    yield item


def test_the_conversation_moves_only_through_the_dialog_engine():
    """Only bot/conversation.py writes a conversation's dialog, step, failures or data: dialogs use
    the Turn (`go`, `enter`, `begin`, `settle`, `resume`, `finish`), jobs `advance` / `place` under
    the row lock."""
    writes = []
    for file in _product_files():
        name = file.relative_to(ROOT).as_posix()
        if name == "bot/conversation.py":
            continue
        for attr in _assigned_attributes(ast.parse(file.read_text(encoding="utf-8"))):
            owner = ast.unparse(attr.value)
            if attr.attr in ("dialog", "step", "failures") or (attr.attr == "data" and "conv" in owner):
                writes.append(f"{name}:{attr.lineno} {owner}.{attr.attr}")
    assert not writes, "\n".join(writes)


def test_the_sops_timings_live_in_the_workflow_files():
    """The SOP's times and the office's routine around them (escalation, the morning digest,
    draft reminder and cancellation, the complaint standard) are read from workflow/definitions;
    no module restates them as constants."""
    pattern = re.compile(r"^(DIGEST_AT|DAY_MINUTES|DRAFT_LIFETIME|DRAFT_REMINDER|ANSWER_WITHIN_DAYS|COMPLETED_STAGE"
                         r"|[A-Z_]*ESCALAT[A-Z_]*|[A-Z_]*SLA_MINUTES[A-Z_]*|LEGAL_DAYS)\b")
    found = []
    for file in _product_files():
        for node in ast.parse(file.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and pattern.match(target.id):
                        found.append(f"{file.relative_to(ROOT).as_posix()}: {target.id}")
    assert not found, found
