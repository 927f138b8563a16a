"""The README's commands work as written from a fresh shell in the repository.

Every `.venv/bin/flask …` line in a ```sh block is run as written (through bash, from the repository,
in a scratch instance); every `flask …` command in the Command line table exists (`--help`), and
the ones that are safe to run are run with their placeholders filled in.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FLASK = Path(sys.executable).with_name("flask")
pytestmark = pytest.mark.slow

# What the table's placeholders become when a command is run.
PLACEHOLDERS = {"USERNAME": "readme_user", "ROLE": "supervisor", "PW": "readme-pass-1", "DIR": "{tmp}/pdfs",
                "ISO-8601": "2026-12-31T09:00:00+07:00", "+62…": "+6281199990001"}
# Commands that talk to the outside world or need an account: only checked to exist.
NOT_RUN = {("whatsapp", "sync")}


def _sh_lines() -> list[str]:
    lines, inside = [], False
    for line in README.splitlines():
        if line.strip().startswith("```"):
            inside = line.strip() in ("```sh", "```bash")
            continue
        if inside and line.strip().startswith((".venv/bin/flask", ". .venv/bin/activate")):
            lines.append(line.strip())
    return lines


def _table_commands() -> list[str]:
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(flask [^`]+)` \|", section, flags=re.M)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TEST_", "FLASK_", "TWILIO_")) and k not in ("DATABASE_URL", "REDIS_URL", "STORAGE_URL")}
    env["INSTANCE_PATH"] = str(tmp_path / "instance")
    env["PATH"] = "/usr/bin:/bin"  # a fresh shell: no virtualenv on the PATH
    return env


def _run(args: list[str] | str, tmp_path: Path, shell: bool = False) -> subprocess.CompletedProcess:
    cmd = ["bash", "-c", args] if shell else args
    return subprocess.run(cmd, cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("readme")
    if not FLASK.exists():
        pytest.skip("no flask script beside this interpreter")
    done = _run([str(FLASK), "db", "upgrade"], tmp)
    assert done.returncode == 0, done.stderr[-2000:]
    return tmp


def test_the_readme_shows_commands_that_work_from_a_fresh_shell():
    assert _sh_lines(), "the README shows how to run the flask commands"
    assert len(_table_commands()) >= 10


def test_no_code_block_shows_a_bare_flask_command():
    """From a fresh shell `flask` is whatever the PATH finds (often another project's, which fails
    with an ImportError): a command line in a code block says `.venv/bin/flask`."""
    bare, inside = [], False
    for number, line in enumerate(README.splitlines(), 1):
        if line.strip().startswith("```"):
            inside = not inside
            continue
        if inside and re.match(r"\s*(\$\s*)?flask\s", line):
            bare.append(f"README.md:{number}: {line.strip()}")
    assert bare == []


@pytest.mark.parametrize("line", _sh_lines())
def test_readme_sh_lines_run_as_written(scratch, line):
    command = line.split(" #", 1)[0].strip()
    done = _run(command, scratch, shell=True)
    assert done.returncode == 0, (command, done.stdout[-1000:], done.stderr[-2000:])


@pytest.mark.parametrize("command", _table_commands())
def test_readme_table_commands_exist_and_safe_ones_run(scratch, command):
    words = [w for w in re.sub(r"\[[^\]]*\]", "", command).split() if w]
    group = tuple(w for w in words[1:3] if not w.isupper() and not w.startswith("-"))
    helped = _run([str(FLASK), *group, "--help"], scratch)
    assert helped.returncode == 0, (command, helped.stderr[-2000:])
    if group in NOT_RUN:
        return
    args = []
    for word in words[1:]:
        value = PLACEHOLDERS.get(word, word)
        args.append(value.format(tmp=scratch))
    if group == ("staff", "token") or group == ("staff", "revoke-tokens"):
        made = _run([str(FLASK), "staff", "create", "readme_user", "--role", "supervisor", "--password", "readme-pass-1"],
                    scratch)
        assert made.returncode == 0, made.stderr[-2000:]
    done = _run([str(FLASK), *args], scratch)
    assert done.returncode == 0, (shlex.join(args), done.stdout[-1000:], done.stderr[-2000:])
