"""Webhook: signed Twilio-format requests that each advance a real registration step, served by
gunicorn exactly as the Procfile's web process, against the same gunicorn serving a bare endpoint."""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.common import bench_instance, percentiles, print_table

ROOT = Path(__file__).resolve().parent.parent
PATH = "/whatsapp/webhook"
# One registration, each answer a DB write (applicant row, conversation, inbound log, reply in the outbox).
STEPS = ("Halo", "DAFTAR", "Siti Aminah", "{nik}", "Jl. Merdeka 1", "Bangko", "YA")
WORKER_CLASSES = ("gthread", "sync", "gevent")
# What one piece of the webhook costs against the ceiling (bench/ladder_app.py): no dialog step.
LADDER = (("signature", "ladder: signature check only"),
          ("insert", "ladder: + store the message (1 INSERT, commit)"),
          ("enqueue", "ladder: + 1 RQ enqueue"))
SERVER_CPUS, CLIENT_CPUS = {0}, {1}


def procfile_web() -> list[str]:
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return shlex.split(line.removeprefix("web:").strip())
    raise SystemExit("Procfile has no web process")


def gunicorn_command(port: int, target: str, worker_class: str | None) -> list[str]:
    args = [sys.executable, "-m"] + [a.replace("$PORT", str(port)) for a in procfile_web()]
    if worker_class:
        i = args.index("--worker-class")
        args[i + 1] = worker_class
        if worker_class == "gevent" and "--threads" in args:
            j = args.index("--threads")
            del args[j:j + 2]
    return args[:-1] + [target]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_up(port: int, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def _nik(n: int) -> str:
    return f"140701{1 + n % 28:02d}{1 + n // 28 % 12:02d}85{1 + n // 336:04d}"  # a valid Rokan Hilir NIK per number


def signed_conversations(config, phones: int) -> list[list[tuple[bytes, dict]]]:
    """For each of `phones` numbers, its registration answers as pre-signed (body, headers)."""
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(config.webhook_auth_token)
    url = config.base_url + PATH
    out = []
    for p in range(phones):
        number = f"+62813{p:08d}"
        convo = []
        for s, text in enumerate(STEPS):
            params = {
                "MessageSid": f"SM{p:016d}{s:016d}", "SmsMessageSid": f"SM{p:016d}{s:016d}",
                "AccountSid": "AC" + "0" * 32, "From": f"whatsapp:{number}", "To": config.twilio_whatsapp_number,
                "Body": text.format(nik=_nik(p)), "NumMedia": "0", "ProfileName": "Pemohon",
                "WaId": number.lstrip("+"), "MessageType": "text",
            }
            headers = {"X-Twilio-Signature": validator.compute_signature(url, params),
                       "Content-Type": "application/x-www-form-urlencoded"}
            convo.append((urlencode(params).encode(), headers))
        out.append(convo)
    return out


async def _load(port: int, conversations, concurrency: int, rate: float | None) -> tuple[float, list[float], int]:
    """Send every request (each conversation in order on one connection slot); (seconds, latencies ms, errors).
    With `rate`, requests start on a fixed schedule and latency counts from the scheduled time."""
    import aiohttp

    url = f"http://127.0.0.1:{port}{PATH}"
    latencies: list[float] = []
    errors = 0
    slots = [conversations[i::concurrency] for i in range(concurrency)]
    interval = (1 / rate) if rate else 0.0
    ticket = iter(range(10**9))
    start = time.perf_counter()

    async def run(session, convos):
        nonlocal errors
        for convo in convos:
            for body, headers in convo:
                due = start + next(ticket) * interval if rate else time.perf_counter()
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    if response.status != 200:
                        errors += 1
                latencies.append((time.perf_counter() - due) * 1000)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(run(session, c) for c in slots))
    return time.perf_counter() - start, latencies, errors


def serve(target: str, worker_class: str | None, env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(["taskset", "-c", ",".join(map(str, SERVER_CPUS))] + gunicorn_command(port, target, worker_class),
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_up(port, proc)
    return proc


def measure(target, worker_class, env, config, phones, concurrency, offset) -> dict:
    port = _free_port()
    proc = serve(target, worker_class, env, port)
    try:
        warm = signed_conversations(config, offset + 2 * concurrency)[offset:]
        asyncio.run(_load(port, warm, concurrency, None))
        convos = signed_conversations(config, offset + 2 * concurrency + phones)[offset + 2 * concurrency:]
        seconds, lat, errors = asyncio.run(_load(port, convos[: phones // 2], concurrency, None))
        rps = len(lat) / seconds
        half = convos[phones // 2:]
        _, lat_half, errors_half = asyncio.run(_load(port, half, concurrency, rps / 2))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"rps": rps, **percentiles(lat), "half": percentiles(lat_half), "errors": errors + errors_half}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few conversations, one worker class (smoke test)")
    parser.add_argument("--phones", type=int, default=300, help="conversations per run (7 requests each)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--worker-class", action="append", choices=WORKER_CLASSES, dest="classes",
                        help="only this gunicorn worker class (repeatable; default: all installed)")
    args = parser.parse_args(argv)
    phones, concurrency = (4, 2) if args.quick else (args.phones, args.concurrency)
    from config import Config

    instance = bench_instance()
    env = dict(os.environ, INSTANCE_PATH=str(instance), PUBLIC_BASE_URL="http://bench.local", PYTHONPATH=str(ROOT))
    if not env.get("REDIS_URL"):
        from runtime.connection import embedded_url

        env["REDIS_URL"] = embedded_url(instance)  # one embedded Redis owned here, shared by every worker
    config = Config.from_env(instance_path=instance, public_base_url=env["PUBLIC_BASE_URL"], redis_url=env["REDIS_URL"])
    from app import create_app
    from cli import seed_demo, upgrade_database

    upgrade_database(config.sqlalchemy_url)
    app = create_app(config.with_(redis_url=""))  # owns the embedded Redis for the run
    with app.extensions["runtime"].transaction() as s:
        seed_demo(s)
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, CLIENT_CPUS)
    try:
        rows = _runs(args, app, env, config, phones, concurrency)
    finally:
        os.sched_setaffinity(0, before)
    backend = "PostgreSQL" if "postgres" in config.sqlalchemy_url else "SQLite"
    redis = "Redis at REDIS_URL" if os.environ.get("REDIS_URL") else "embedded Redis"
    print_table(
        f"Webhook ({backend} + {redis})",
        ["workers", "endpoint", "req/s (max)", "p50 ms", "p95 ms", "p99 ms", "p99 ms at 50 % max", "errors"],
        rows,
        note=f"gunicorn as in the Procfile (worker class varied) pinned to CPU {sorted(SERVER_CPUS)}; the aiohttp client "
             f"({concurrency} connections, pre-signed requests) pinned to CPU {sorted(CLIENT_CPUS)}"
             f"{'; the database server unpinned' if backend == 'PostgreSQL' else ''}. "
             "Max: closed loop; 50 %: open loop at half that rate, latency from the scheduled start. "
             "Ladder rows: bench/ladder_app.py, the same requests through parts of the webhook only.",
    )
    return 0


def _runs(args, app, env, config, phones: int, concurrency: int) -> list[list]:
    classes = args.classes or (("gthread",) if args.quick else WORKER_CLASSES)
    classes = tuple(c for c in classes if c != "gevent" or _has_gevent())
    rows, offset = [], 0
    for worker_class in classes:
        bare = measure("bench.bare_app:create_app()", worker_class, env, config, phones, concurrency, offset)
        offset += phones + 2 * concurrency
        real = measure("app:create_app()", worker_class, env, config, phones, concurrency, offset)
        assert _registered(app, offset, offset + phones + 2 * concurrency) == phones + 2 * concurrency, \
            "not every conversation reached the end of the registration"
        offset += phones + 2 * concurrency
        for name, r in (("bare <Response/>", bare), ("webhook, registration step", real)):
            rows.append([worker_class, name, r["rps"], r["p50"], r["p95"], r["p99"], r["half"]["p99"], r["errors"]])
        rows.append([worker_class, "ratio webhook / bare", f"{real['rps'] / bare['rps']:.0%}", "", "", "", "", ""])
        if worker_class == classes[0]:
            for rung, label in LADDER:
                r = measure(f"bench.ladder_app:create_app({rung!r})", worker_class, env, config, phones, concurrency, offset)
                offset += phones + 2 * concurrency
                rows.append([worker_class, label, r["rps"], r["p50"], r["p95"], r["p99"], r["half"]["p99"], r["errors"]])
                rows.append([worker_class, "  ratio to bare", f"{r['rps'] / bare['rps']:.0%}", "", "", "", "", ""])
    return rows


def _registered(app, lo: int, hi: int) -> int:
    """Numbers lo..hi-1 whose registration (consent) was recorded."""
    from sqlalchemy import func, select

    from storage import Applicant

    with app.extensions["runtime"].sessions() as s:
        return s.scalar(select(func.count()).select_from(Applicant).where(
            Applicant.consent_at.is_not(None), Applicant.whatsapp.between(f"+62813{lo:08d}", f"+62813{hi - 1:08d}")))


def _has_gevent() -> bool:
    try:
        import gevent  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
