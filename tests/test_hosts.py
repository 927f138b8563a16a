"""No per-host state: a deployment that names a shared service refuses what would differ per host."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import Config
from runtime.hosts import problems, shared_services

ROOT = Path(__file__).resolve().parents[1]


def test_the_embedded_defaults_need_nothing(tmp_path):
    config = Config.from_env(instance_path=tmp_path, database_url="", redis_url="", storage_url="")
    assert shared_services(config) == []
    assert problems(config) == []


def test_a_unix_socket_redis_is_this_hosts_own(tmp_path):
    config = Config(instance_path=tmp_path, redis_url="unix:///tmp/redis.sock")
    assert problems(config) == []


@pytest.mark.parametrize(("changes", "expected"), [
    ({"database_url": "postgresql://db/p", "secret_key_given": False, "single_host": True}, ["SECRET_KEY is not set"]),
    ({"redis_url": "redis://10.0.0.5:6379/0", "single_host": True}, ["the database is a SQLite file"]),
    ({"database_url": "postgresql://db/permits"}, ["the file store is a folder on this host"]),
    ({"database_url": "postgresql://db/permits", "single_host": True}, []),
    ({"database_url": "postgresql://db/permits", "secret_key_given": False},
     ["SECRET_KEY is not set", "the file store is a folder on this host"]),
])
def test_each_per_host_setting_is_one_clear_line(tmp_path, changes, expected):
    config = Config(instance_path=tmp_path, secret_key="k" * 40, **changes)
    found = problems(config)
    assert len(found) == len(expected)
    for line, start in zip(found, expected, strict=True):
        assert line.startswith(start)
        assert "\n" not in line


def test_a_worker_refuses_to_start_with_a_host_made_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "TWILIO_", "SECRET_KEY"))}
    env.update(INSTANCE_PATH=str(tmp_path), DATABASE_URL="postgresql://postgres@127.0.0.1:1/none",
               REDIS_URL="redis://127.0.0.1:1/0", STORAGE_URL="", SINGLE_HOST="1")
    done = subprocess.run([sys.executable, "-m", "jobs.worker", "--burst"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: worker: SECRET_KEY is not set: DATABASE_URL and REDIS_URL name a shared service, so every host "
        "needs the same SECRET_KEY (a host-made one breaks media links, sessions and activation codes across hosts)"]
