"""`make run`: migrate, seed the demo, and run web + worker + scheduler in one terminal.

On the embedded defaults this process owns the embedded Redis and hands its socket to the
three children; with DATABASE_URL / REDIS_URL / Twilio set it uses those. Ctrl-C stops all.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

from config import Config

COLOURS = {"web": "\033[36m", "worker": "\033[33m", "scheduler": "\033[35m"}
RESET = "\033[0m"


def _pipe(name: str, proc: subprocess.Popen) -> None:
    colour = COLOURS.get(name, "") if sys.stdout.isatty() else ""
    reset = RESET if colour else ""
    for line in iter(proc.stdout.readline, b""):
        sys.stdout.write(f"{colour}{name:>9} |{reset} {line.decode(errors='replace')}")
        sys.stdout.flush()


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
    if not config.redis_url:
        from runtime.connection import embedded_url

        env["REDIS_URL"] = embedded_url(config.instance_path)
        config = config.with_(redis_url=env["REDIS_URL"])

    from app import create_app
    from cli import DEMO_PASSWORD, DEMO_STAFF, seed_demo, upgrade_database
    from workflow.stage_minutes import fill_missing

    app = create_app(config)
    rt = app.extensions["runtime"]
    for check, what in ((rt.check_database, "the database"), (rt.check_redis, "Redis")):
        error = check()
        if error:
            print(f"error: cannot reach {what}: {error}", file=sys.stderr)
            return 1
    upgrade_database(config.sqlalchemy_url)
    fill_missing(rt.sessions)
    with rt.transaction() as session:
        seed_demo(session)

    python = sys.executable
    port = str(config.port)
    commands = {
        "web": [python, "-m", "gunicorn", "--bind", f"0.0.0.0:{port}", "--worker-class", "gthread",
                "--workers", "2", "--threads", "8", "--access-logfile", "-", "app:create_app()"],
        "worker": [python, "-m", "jobs.worker"],
        "scheduler": [python, "-m", "jobs.scheduler"],
    }
    procs: dict[str, subprocess.Popen] = {}
    for name, cmd in commands.items():
        procs[name] = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=_pipe, args=(name, procs[name]), daemon=True).start()

    base = config.base_url
    lines = [
        "",
        "DPMPTSP Rokan Hilir — layanan WhatsApp is running.",
        f"  Back office : {base}/backoffice/",
    ]
    if config.simulator_enabled:
        lines.append(f"  Simulator   : {base}/simulator/   (sandbox: no Twilio account needed)")
    elif config.sandbox:
        lines.append("  WhatsApp    : sandbox (no Twilio account), simulator off (SIMULATOR=1 turns it on)")
    else:
        lines.append(f"  WhatsApp    : Twilio account …{config.twilio_account_sid[-4:]}, sender {config.twilio_whatsapp_number}")
    lines.append(f"  Health      : {base}/healthz")
    lines.append("  Demo logins (password for all: " + DEMO_PASSWORD + "):")
    for username, name, roles, _ in DEMO_STAFF:
        lines.append(f"    {username:<11} {', '.join(roles):<16} {name}")
    lines.append("  Ctrl-C stops everything.\n")
    print("\n".join(lines), flush=True)

    stopping = False

    def _stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}; stopping", flush=True)
                    stopping = True
            time.sleep(0.3)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.terminate()
        deadline = time.time() + 10
        for proc in procs.values():
            try:
                proc.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                proc.kill()
        print("stopped: web, worker and scheduler have exited", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
