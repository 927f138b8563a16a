"""The shipped systemd units (deploy/systemd/) run what the Procfile runs; the cluster test starts
its hosts from the units' ExecStart lines (devtools/units.py), so both are what a test runs."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from devtools.units import UNITS, VENV_BIN, command, commands, exec_lines

ROOT = Path(__file__).resolve().parents[1]
UNIT_OF = {"release": "dpmptsp-release.service", "web": "dpmptsp-web.service",
           "worker": "dpmptsp-worker@.service", "scheduler": "dpmptsp-scheduler.service"}


def procfile() -> dict[str, list[list[str]]]:
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, cmd = line.split(":", 1)
            processes[name] = [shlex.split(part) for part in cmd.split("&&")]
    return processes


def unit_argv(unit: str) -> list[list[str]]:
    return [[a.removeprefix(VENV_BIN) for a in shlex.split(line)] for line in exec_lines(unit)]


def _same_bind(argv: list[str]) -> list[str]:
    return ["BIND" if a in ("0.0.0.0:$PORT", "${BIND}") else a for a in argv]


def test_every_procfile_process_has_a_unit_running_the_same_command():
    processes = procfile()
    assert set(processes) == set(UNIT_OF)
    for name, argvs in processes.items():
        assert [_same_bind(a) for a in unit_argv(UNIT_OF[name])] == [_same_bind(a) for a in argvs], name


@pytest.mark.parametrize("unit", sorted(UNIT_OF.values()))
def test_each_unit_reads_the_shared_environment_and_is_confined(unit):
    text = (UNITS / unit).read_text()
    for line in ("EnvironmentFile=/etc/dpmptsp/dpmptsp.env", "User=dpmptsp", "NoNewPrivileges=yes",
                 "ProtectSystem=strict", "ReadWritePaths=/opt/dpmptsp/instance"):
        assert line in text.splitlines(), f"{unit}: {line}"


def test_the_units_commands_run_on_this_machine(tmp_path):
    env = {"BIND": "10.0.0.10:8000"}
    web = command("dpmptsp-web.service", env)
    assert Path(web[0]).name == "gunicorn" and Path(web[0]).exists()
    assert web[web.index("--bind") + 1] == "10.0.0.10:8000" and web[-1] == "app:create_web_app()"
    assert [Path(c[0]).exists() for c in commands("dpmptsp-release.service", env)] == [True] * 4
    with pytest.raises(KeyError):
        command("dpmptsp-web.service", {})  # an unset variable is an error, not an empty bind


def test_the_environment_example_names_every_shared_variable():
    names = {line.split("=", 1)[0] for line in (ROOT / "deploy" / "dpmptsp.env.example").read_text().splitlines()
             if line and not line.startswith("#")}
    assert {"SECRET_KEY", "PUBLIC_BASE_URL", "DATABASE_URL", "REDIS_URL", "STORAGE_URL", "S3_ENDPOINT_URL",
            "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER", "BIND"} <= names
