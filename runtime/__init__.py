"""A process's shared resources: settings, the database engine and sessions, Redis.

Web, worker, scheduler and CLI each build one `Runtime` from the same `Config`; nothing else
is shared between processes, so any number of them can run on any number of machines.
Outbox rows written in a session are queued for sending right after that session commits.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

from config import Config
from storage import OutboxMessage
from storage.db import make_engine, make_session_factory, transaction
from workflow.clock import DEFAULT_HOURS

log = logging.getLogger(__name__)

_current: Runtime | None = None
_lock = threading.Lock()


@dataclass
class Runtime:
    config: Config
    _redis: object = field(default=None, repr=False)

    @cached_property
    def engine(self):
        return make_engine(self.config.sqlalchemy_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        factory = make_session_factory(self.engine)
        factory.configure(info={"settings": self.settings})
        _install_outbox_hook(factory, self)
        return factory

    @property
    def settings(self) -> dict:
        return {
            "tz_name": self.config.tz_name,
            "office_hours": self.config.office_hours or DEFAULT_HOURS,
            "instance_path": str(self.config.instance_path),
            "files_url": self.config.files_url,
            "s3_endpoint_url": self.config.s3_endpoint_url,
            "base_url": self.config.base_url,
            "tte_cert_p12": self.config.tte_cert_p12,
            "tte_dev_passphrase": self.config.tte_dev_passphrase,
            "tte_trust_pem": self.config.tte_trust_pem,
            "tte_tsa_url": self.config.tte_tsa_url,
            "activation_key": _derived_key(self.config.secret_key, "activation-code"),
            "retention": self.config.retention,
            "max_media_bytes": self.config.max_media_bytes,
            "max_pdf_pages": self.config.max_pdf_pages,
        }

    @property
    def redis(self):
        if self._redis is None:
            from runtime.connection import redis_from_config

            self._redis = redis_from_config(self.config)
        return self._redis

    @cached_property
    def files(self):
        from storage.files import open_store

        return open_store(self.config.files_url, self.config.instance_path / "files-cache",
                          endpoint_url=self.config.s3_endpoint_url)

    def transaction(self):
        return transaction(self.sessions)

    # ---- health --------------------------------------------------------------------------
    def check_database(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return None
        except Exception as exc:  # noqa: BLE001 - health reports any failure as text
            return type(exc).__name__

    def check_files(self) -> str | None:
        from storage.files import probe

        try:
            return probe(self.files)
        except Exception as exc:  # noqa: BLE001 - opening the store (imports, bad URL) is reported too
            return type(exc).__name__

    def check_redis(self) -> str | None:
        try:
            self.redis.ping()
            return None
        except Exception as exc:  # noqa: BLE001
            return type(exc).__name__


def _derived_key(secret: str, purpose: str) -> str:
    """A key for one purpose, derived from SECRET_KEY (so no purpose ever holds the key itself)."""
    import hashlib
    import hmac

    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()


def _install_outbox_hook(factory: sessionmaker, runtime: Runtime) -> None:
    """After commit (never before), queue a send job for each outbox row the session added."""

    @event.listens_for(factory, "after_flush")
    def _collect(session, _ctx):
        new = [obj for obj in session.new if isinstance(obj, OutboxMessage)]
        if new:
            session.info.setdefault("outbox_new", []).extend(new)

    @event.listens_for(factory, "after_commit")
    def _enqueue(session):
        if session.in_nested_transaction():  # a SAVEPOINT released: the rows are not committed yet
            return
        rows = session.info.pop("outbox_new", [])
        if rows:
            from runtime.queues import enqueue_delivery

            for row in rows:
                enqueue_delivery(runtime.redis, row.id, row.priority)

    @event.listens_for(factory, "after_soft_rollback")
    def _forget(session, _previous):
        session.info.pop("outbox_new", None)


def init(config: Config | None = None) -> Runtime:
    """Make this process's runtime (the app factory and worker start-up call this)."""
    global _current
    with _lock:
        _current = Runtime(config or Config.from_env())
        return _current


def current() -> Runtime:
    """The process's runtime; a worker that was not initialised builds one from the environment."""
    global _current
    with _lock:
        if _current is None:
            _current = Runtime(Config.from_env())
        return _current
