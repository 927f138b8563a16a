"""No input gets a 500 (issue 16, item 5): each kind of hostile input answers 4xx, with the
API's JSON error under /api/ (or the form again). CI runs this file on PostgreSQL too, where an
id past 2³¹−1 used to be a DataError."""

from __future__ import annotations

import pytest

from tests.backoffice.helpers import api_error

HUGE = str(2**31)  # one past PostgreSQL's integer
HUGER = "9" * 30


@pytest.mark.parametrize("path", [
    f"/api/v1/applications/{HUGE}",
    f"/api/v1/applications/{HUGER}",
    "/api/v1/applications/١٢",  # Arabic-Indic digits name no row
    f"/api/v1/applications/1/documents/{HUGE}",
    f"/api/v1/complaints/{HUGE}",
])
def test_ids_outside_the_integer_range_are_404_json(client, tokens, path):
    api_error(client.get(path, headers=tokens("admin")), 404)


@pytest.mark.parametrize("path", [f"/backoffice/applications/{HUGE}", f"/backoffice/staff/{HUGE}",
                                  f"/backoffice/applications/{HUGER}/documents/1"])
def test_ids_outside_the_integer_range_are_404_pages(signed_in, path):
    assert signed_in("admin").get(path).status_code == 404
