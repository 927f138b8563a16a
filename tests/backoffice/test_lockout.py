"""The five-failure lockout holds under parallel guesses (web login and the API token), on
SQLite and on PostgreSQL (TEST_DATABASE_URL): the count is claimed atomically before a hash
is checked, so no more than five hashes are ever checked and the account ends locked."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from backoffice import auth
from storage import StaffUser
from tests.backoffice.helpers import csrf_from

GUESSES = 24


@pytest.fixture
def hash_checks(monkeypatch):
    """How many times a password was checked against the demo clerk's hash (not the decoy's)."""
    counted = {"n": 0}
    lock = threading.Lock()
    real = StaffUser.check_password

    def counting(self, password):
        if self.username == "backoffice":
            with lock:
                counted["n"] += 1
        return real(self, password)

    monkeypatch.setattr(StaffUser, "check_password", counting)
    return counted


def _in_parallel(app, attempt) -> list[int]:
    barrier = threading.Barrier(GUESSES)

    def one(n):
        client = app.test_client()
        prepared = attempt.prepare(client)
        barrier.wait()
        return attempt.send(client, prepared, n)

    with ThreadPoolExecutor(GUESSES) as pool:
        return list(pool.map(one, range(GUESSES)))


class _Web:
    @staticmethod
    def prepare(client):
        return csrf_from(client.get("/backoffice/login").get_data(as_text=True))

    @staticmethod
    def send(client, token, n):
        data = {"username": "backoffice", "password": f"wrong-{n}", "csrf_token": token}
        return client.post("/backoffice/login", data=data).status_code


class _Api:
    @staticmethod
    def prepare(client):
        return None

    @staticmethod
    def send(client, _prepared, n):
        return client.post("/api/v1/auth/token", json={"username": "backoffice", "password": f"wrong-{n}"}).status_code


@pytest.mark.parametrize("door", [_Web, _Api], ids=["web", "api"])
def test_parallel_wrong_passwords_lock_after_five_checks(app, rt, seeded, hash_checks, door):
    statuses = _in_parallel(app, door)

    assert hash_checks["n"] == auth.MAX_FAILURES
    assert len(statuses) == GUESSES and set(statuses) <= {401, 429}
    with rt.transaction() as s:
        user = s.scalar(select(StaffUser).where(StaffUser.username == "backoffice"))
        assert user.locked_until is not None and user.failed_logins == 0
    # Locked now, even for the right password, on both doors.
    right = app.test_client().post("/api/v1/auth/token", json={"username": "backoffice", "password": "demo12345"})
    assert right.status_code == 429 and right.json["error"]["code"] == "locked"
    assert hash_checks["n"] == auth.MAX_FAILURES


def test_a_right_password_resets_the_count(app, rt, seeded, hash_checks):
    client = app.test_client()
    for n in range(auth.MAX_FAILURES - 1):
        assert client.post("/api/v1/auth/token", json={"username": "backoffice", "password": f"x{n}"}).status_code == 401
    assert client.post("/api/v1/auth/token", json={"username": "backoffice", "password": "demo12345"}).status_code == 200
    with rt.transaction() as s:
        user = s.scalar(select(StaffUser).where(StaffUser.username == "backoffice"))
        assert user.failed_logins == 0 and user.locked_until is None
