from __future__ import annotations

import pytest

from tests.backoffice.helpers import USERS, api_token, login


@pytest.fixture
def signed_in(app, seeded):
    """A Flask test client per demo username, signed in (made on demand)."""
    clients = {}

    def get(username: str):
        if username not in clients:
            c = app.test_client()
            res = login(c, username)
            assert res.status_code == 302, res.get_data(as_text=True)
            clients[username] = c
        return clients[username]

    return get


@pytest.fixture
def roles():
    return USERS


@pytest.fixture
def tokens(client, seeded):
    """`Authorization` headers per demo username, with an API token (made on demand)."""
    cache = {}

    def get(username):
        if username not in cache:
            cache[username] = {"Authorization": f"Bearer {api_token(client, username)}"}
        return cache[username]

    return get
