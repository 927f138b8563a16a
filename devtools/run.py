"""`make run`: migrate, seed the demo, and run web + worker + scheduler in one terminal.

On the embedded defaults this process owns the embedded Redis and hands its socket to the
three children; with DATABASE_URL / REDIS_URL / Twilio set it uses those. Ctrl-C (or SIGTERM,
or SIGHUP when the terminal is closed) stops all, the embedded Redis included.

It is written for a person watching: each step says what it does and how long it took, the
banner comes once /healthz answers, the access log leaves out the simulator's own polling,
static files and its own readiness probe, RQ's per-job bookkeeping and the minute-by-minute
sweeps are left out, warnings and errors stand out, and the banner is repeated (short) when the
terminal has scrolled far past it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from config import Config

COLOURS = {"web": "\033[36m", "worker": "\033[33m", "scheduler": "\033[35m"}
RESET = "\033[0m"
LOUD = {"WARNING": "\033[1;33m", "ERROR": "\033[1;31m", "CRITICAL": "\033[1;31m", "Traceback": "\033[1;31m"}
# Access-log lines nobody needs to read: the simulator's once-a-second poll and the read receipts
# its phones post by themselves (shown when refused), static files, and this process's own
# readiness probe while it answers.
PROBE_AGENT = "make-run-probe"
QUIET = re.compile(r'"(GET|HEAD) (/simulator/chat|/simulator/static/|/backoffice/static/|/static/|/favicon\.ico)'
                   r'|"POST /simulator/ack HTTP/[\d.]+" 200 '
                   rf'|"GET /healthz HTTP/[\d.]+" 200 .*"{PROBE_AGENT}"')
# RQ's bookkeeping around every job, and the scheduler's periodic sweeps (job ids `sweep-…`,
# jobs/scheduler.py) that run every minute: quiet unless a line is a warning or an error.
CHATTER = re.compile(r"Job OK \(|result is kept for|cleaning registries for queue|subscribing to channel"
                     r"|Successfully completed \S+ job in|\(sweep-[\w-]+\)\s*$")
REMIND_EVERY = 60  # lines printed since the banner before a short reminder of it


class Console:
    """One writer for all children's lines: prefixed, filtered, loud when it matters."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.colour = self.stream.isatty()
        self.lock = threading.Lock()
        self.since_banner = 0
        self.reminder = ""

    def line(self, name: str, text: str) -> None:
        loud = next((c for word, c in LOUD.items() if word in text), "")
        if QUIET.search(text) or (CHATTER.search(text) and not loud):
            return
        prefix = f"{name:>9} |"
        if self.colour:
            prefix = f"{COLOURS.get(name, '')}{prefix}{RESET}"
            if loud:
                text = f"{loud}{text.rstrip()}{RESET}\n"
        elif loud and "WARNING" not in text and "ERROR" not in text:
            text = "!! " + text
        with self.lock:
            self.stream.write(f"{prefix} {text}")
            self.since_banner += 1
            if self.reminder and self.since_banner >= REMIND_EVERY:
                self.stream.write(self.reminder)
                self.since_banner = 0
            self.stream.flush()

    def say(self, text: str) -> None:
        with self.lock:
            self.stream.write(text)
            self.stream.flush()
            self.since_banner = 0


def _pipe(console: Console, name: str, proc: subprocess.Popen) -> None:
    for line in iter(proc.stdout.readline, b""):
        console.line(name, line.decode(errors="replace"))


class Steps:
    """`==> what` … `done in 1.2 s`: each start-up step with the time it took."""

    def __init__(self):
        self.bold = sys.stdout.isatty()

    def __call__(self, what: str):
        return _Step(what, self.bold)


class _Step:
    def __init__(self, what: str, bold: bool):
        self.what, self.bold = what, bold

    def __enter__(self):
        head = f"==> {self.what}"
        print(f"\033[1m{head}\033[0m" if self.bold else head, flush=True)
        self.start = time.monotonic()
        return self

    def __exit__(self, exc_type, *_):
        if exc_type is None:
            print(f"    done in {time.monotonic() - self.start:.1f} s", flush=True)
        return False


def _wait_healthy(url: str, procs: dict, limit: float = 120.0) -> bool:
    """True once `url` answers 200; False if a child died or the limit passed."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if any(proc.poll() is not None for proc in procs.values()):
            return False
        try:  # one request at a time, waited for: a booting server is not asked again and again
            request = urllib.request.Request(url, headers={"User-Agent": PROBE_AGENT})  # noqa: S310 - our own URL
            with urllib.request.urlopen(request, timeout=15) as res:  # noqa: S310 - our own local URL
                if res.status == 200:
                    return True
        except (OSError, ValueError):
            pass
        time.sleep(0.3)
    return False


def _stop_embedded_redis(instance_path) -> None:
    """The embedded Redis outlives its clients unless told; save and stop it."""
    from runtime.connection import stop_embedded

    stop_embedded(instance_path)


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0", port))  # noqa: S104 - the same address gunicorn binds
        except OSError:
            return True
    return False


def main() -> int:
    # The simulator is an explicit choice; `make run` is the one place that makes it (in sandbox
    # mode only; SIMULATOR=0 make run leaves it off).
    os.environ.setdefault("SIMULATOR", "1")
    config = Config.from_env()
    refusal = config.sandbox_refusal()
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 1
    if _port_in_use(config.port):
        print(f"error: port {config.port} is already in use; stop what runs there or start with PORT=<another port> make run",
              file=sys.stderr)
        return 1
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    embedded = not config.redis_url
    step = Steps()
    # From here on the embedded Redis may run (in its own session: Ctrl-C does not reach it), so
    # every way out, an error or a Ctrl-C during the first steps included, stops it.
    try:
        return _start(config, env, embedded, step)
    except _Refused as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr, flush=True)
        return 130
    finally:
        if embedded:
            _stop_embedded_redis(config.instance_path)
            print("stopped: the embedded Redis (its data saved under instance/)", flush=True)


class _Refused(Exception):
    """A start-up check failed: one line, and nothing left running."""


def _start(config, env: dict, embedded: bool, step) -> int:
    with step("Loading the application; checking the database and Redis"
              + (" (starting the embedded Redis)" if embedded else "")):
        if embedded:
            from runtime.connection import embedded_url

            env["REDIS_URL"] = embedded_url(config.instance_path)
            config = config.with_(redis_url=env["REDIS_URL"])
        from app import create_app

        app = create_app(config)
        rt = app.extensions["runtime"]
        for check, what in ((rt.check_database, "the database"), (rt.check_redis, "Redis")):
            error = check()
            if error:
                raise _Refused(f"cannot reach {what}: {error}")
    from cli import DEMO_PASSWORD, DEMO_STAFF, seed_demo, upgrade_database
    from workflow.stage_minutes import fill_missing

    with step("Migrating the database"):
        upgrade_database(config.sqlalchemy_url)
        fill_missing(rt.sessions)
    with step("Seeding the demo staff and the services"):
        with rt.transaction() as session:
            seed_demo(session)
            if config.sandbox:  # the simulator plays Twilio's Content API: reply buttons, lists, templates
                from jobs.contents import sync_sandbox

                sync_sandbox(config, session)
    return _serve(config, env, step, banner=_banner(config, DEMO_PASSWORD, DEMO_STAFF),
                  reminder=_reminder(config, DEMO_PASSWORD))


def _serve(config, env: dict, step, banner: str, reminder: str) -> int:
    """Web, worker and scheduler until Ctrl-C, SIGTERM or SIGHUP, or until one of them exits."""
    python = sys.executable
    port = str(config.port)
    commands = {
        "web": [python, "-m", "gunicorn", "--bind", f"0.0.0.0:{port}", "--worker-class", "gthread",
                "--workers", "2", "--threads", "8", "--access-logfile", "-", "app:create_web_app()"],
        "worker": [python, "-m", "jobs.worker"],
        "scheduler": [python, "-m", "jobs.scheduler"],
    }
    console = Console()
    procs: dict[str, subprocess.Popen] = {}
    stopping = False

    def _stop(*_):
        nonlocal stopping
        stopping = True

    # Ctrl-C, a process manager's SIGTERM, and SIGHUP when the terminal window is closed.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    try:
        with step("Starting the web server, the worker and the scheduler; waiting for /healthz"):
            for name, cmd in commands.items():
                # Each in its own process group: the terminal's signals reach only this process,
                # which stops them one way. (Closing the terminal sent SIGHUP to gunicorn too,
                # which it takes as "reload": it forked new workers while being stopped.)
                procs[name] = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                               process_group=0)
                threading.Thread(target=_pipe, args=(console, name, procs[name]), daemon=True).start()
            healthy = _wait_healthy(f"http://127.0.0.1:{port}/healthz", procs)
        if not healthy:
            if not stopping:
                print("error: the service did not come up; the lines above say why", file=sys.stderr, flush=True)
            stopping = True
        else:
            console.say(banner)
            console.reminder = reminder
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}; stopping", flush=True)
                    stopping = True
            time.sleep(0.3)
    finally:
        for proc in procs.values():  # SIGINT: gunicorn's quick stop, RQ's warm shutdown, the scheduler's stop
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        deadline = time.time() + 10
        for proc in procs.values():
            try:
                proc.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                proc.kill()
        print("stopped: web, worker and scheduler have exited", flush=True)
    return 0


def _banner(config, password: str, staff) -> str:
    base = config.base_url
    lines = [
        "",
        "Ready: DPMPTSP Rokan Hilir — layanan WhatsApp answers.",
        f"  Back office : {base}/backoffice/",
    ]
    if config.simulator_enabled:
        lines.append(f"  Simulator   : {base}/simulator/   (sandbox: no Twilio account needed)")
    elif config.sandbox:
        lines.append("  WhatsApp    : sandbox (no Twilio account), simulator off (SIMULATOR=1 turns it on)")
    else:
        lines.append(f"  WhatsApp    : Twilio account …{config.twilio_account_sid[-4:]}, sender {config.twilio_whatsapp_number}")
    lines.append(f"  Health      : {base}/healthz")
    lines.append("  Demo logins (password for all: " + password + "):")
    for username, name, roles, _ in staff:
        lines.append(f"    {username:<11} {', '.join(roles):<16} {name}")
    lines.append("  Ctrl-C stops everything.\n")
    return "\n".join(lines) + "\n"


def _reminder(config, password: str) -> str:
    where = f"simulator {config.base_url}/simulator/ · " if config.sandbox else ""
    return f"  -- {where}back office {config.base_url}/backoffice/ (password {password}) · Ctrl-C stops --\n"


if __name__ == "__main__":
    sys.exit(main())
