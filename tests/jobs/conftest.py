"""Fixtures for the notification jobs: a runtime that talks to the Twilio stand-in, real
`python -m jobs.worker` processes, and a redis-server of our own that a test may stop."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from config import ROOT
from tests.twilio_fake import ACCOUNT_SID, AUTH_TOKEN

FAST = {"outbox_retry_base_seconds": 0, "outbox_sweep_grace_seconds": 0, "outbox_ambiguous_wait_seconds": 0}


def make_runtime(config, **extra):
    from app import create_app

    return create_app(config.with_(**{**FAST, **extra})).extensions["runtime"]


@pytest.fixture
def twilio_rt(app, config, fake_twilio):
    """The runtime of a deployment with a Twilio account, pointed at the stand-in."""
    cfg = config.with_(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_api_base_url=fake_twilio.api_url)
    return make_runtime(cfg)


@pytest.fixture
def sandbox_rt(app, config):
    return make_runtime(config)


def drain(rt, rounds: int = 10) -> None:
    """Run every queued job with a real RQ worker (burst) on `rt`'s Redis."""
    from rq import SimpleWorker

    from runtime.queues import QUEUES, queue

    for _ in range(rounds):
        queues = [queue(rt.redis, n) for n in QUEUES]
        if not any(q.count for q in queues):
            return
        SimpleWorker(queues, connection=rt.redis).work(burst=True)


def redis_url_of(rt) -> str:
    from runtime.connection import embedded_url

    return rt.config.redis_url or embedded_url(rt.config.instance_path)


def worker_env(rt, **extra) -> dict:
    cfg = rt.config
    env = {
        **os.environ,
        "DATABASE_URL": cfg.sqlalchemy_url,
        "REDIS_URL": redis_url_of(rt),
        "SECRET_KEY": cfg.secret_key,
        "SINGLE_HOST": "1",  # the test's workers share this machine's file store (runtime/hosts.py)
        "PUBLIC_BASE_URL": cfg.public_base_url,
        "INSTANCE_PATH": str(cfg.instance_path),
        "TWILIO_ACCOUNT_SID": cfg.twilio_account_sid,
        "TWILIO_AUTH_TOKEN": cfg.twilio_auth_token,
        "TWILIO_API_BASE_URL": cfg.twilio_api_base_url,
        "MESSAGES_PER_SECOND": str(cfg.messages_per_second),
    }
    env.update({k: str(v) for k, v in extra.items()})
    return env


def start_worker(rt, *, burst: bool = True, **extra) -> subprocess.Popen:
    """`python -m jobs.worker` in its own process group; its log goes to `proc.log_path`."""
    args = [sys.executable, "-m", "jobs.worker"] + (["--burst"] if burst else [])
    log = tempfile.NamedTemporaryFile("w", prefix="worker-", suffix=".log", delete=False)  # noqa: SIM115 - kept for the test's report
    proc = subprocess.Popen(args, cwd=ROOT, env=worker_env(rt, **extra), stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    log.close()
    proc.log_path = log.name
    return proc


def worker_log(proc) -> str:
    return Path(proc.log_path).read_text(errors="replace")


def wait_until(predicate, timeout: float = 30.0, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("condition not reached in time")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server subprocess with AOF (appendonly yes, appendfsync everysec) in a folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server") or str(Path(sys.executable).with_name("redis-server"))
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        import redis

        wait_until(lambda: _pings(redis.Redis.from_url(self.url)), timeout=10)
        return self

    def crash(self) -> None:
        """SIGKILL: no shutdown, no final save; only the append-only file survives."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait()


def _pings(conn) -> bool:
    from redis.exceptions import RedisError

    try:
        return bool(conn.ping())
    except (RedisError, OSError):
        return False


@pytest.fixture
def redis_server(tmp_path):
    if not (shutil.which("redis-server") or Path(sys.executable).with_name("redis-server").exists()):
        pytest.skip("no redis-server binary")
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()
