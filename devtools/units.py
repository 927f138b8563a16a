"""The commands of the shipped systemd units (deploy/systemd/), ready to run on this machine.

The cluster test starts its hosts with exactly these ExecStart lines, so the unit files are what
a test runs: the venv prefix of the units (/opt/dpmptsp/.venv/bin/) becomes this interpreter's,
and `${NAME}` is filled from the host's environment (as systemd fills it from EnvironmentFile).
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

UNITS = Path(__file__).resolve().parent.parent / "deploy" / "systemd"
VENV_BIN = "/opt/dpmptsp/.venv/bin/"
_VARIABLE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")


def exec_lines(unit: str) -> list[str]:
    """The ExecStart values of a unit file, in order."""
    text = (UNITS / unit).read_text()
    return [line.split("=", 1)[1].strip() for line in text.splitlines() if line.startswith("ExecStart=")]


def commands(unit: str, env: dict[str, str]) -> list[list[str]]:
    """Each ExecStart of `unit` as an argument list for this machine."""
    bin_dir = str(Path(sys.executable).parent) + "/"
    result = []
    for line in exec_lines(unit):
        filled = _VARIABLE.sub(lambda m: env[m.group(1)], line)
        args = shlex.split(filled)
        if args[0].startswith(VENV_BIN):
            args[0] = bin_dir + args[0].removeprefix(VENV_BIN)
        result.append(args)
    return result


def command(unit: str, env: dict[str, str]) -> list[str]:
    """The one ExecStart of a long-running unit."""
    (only,) = commands(unit, env)
    return only
