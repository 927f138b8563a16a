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


# ---- each kind of hostile input is a 4xx, never a 500 -------------------------------------------

@pytest.mark.parametrize("query", [f"page={HUGE}", f"page={HUGER}", "page=0", "page=-1", "page=²"])
def test_a_page_out_of_range_is_a_json_400(client, tokens, query):
    api_error(client.get(f"/api/v1/applications?{query}", headers=tokens("admin")), 400, "bad_request")


def test_the_register_page_takes_any_page_number(signed_in):
    assert signed_in("pengawas").get(f"/backoffice/reports/register?page={HUGER}").status_code == 200


@pytest.mark.parametrize("report", ["ikm", "register"])
@pytest.mark.parametrize("query", ["from=0001-01-01&to=9999-12-31", "from=9999-12-31", "to=0001-01-01"])
def test_dates_at_the_ends_of_the_calendar_are_answered(client, tokens, signed_in, report, query):
    assert client.get(f"/api/v1/reports/{report}?{query}", headers=tokens("admin")).status_code == 200
    assert signed_in("pengawas").get(f"/backoffice/reports/{report}?{query}").status_code == 200


@pytest.mark.parametrize("report", ["ikm", "register"])
def test_an_empty_date_is_refused_as_the_schema_says(client, tokens, report):
    for query in ("to=", "from=", "from=2026-01-01&to="):
        api_error(client.get(f"/api/v1/reports/{report}?{query}", headers=tokens("admin")), 400, "bad_request")


def test_a_nul_in_a_query_is_a_json_400_and_a_page_400(client, tokens, signed_in):
    api_error(client.get("/api/v1/applications?q=siti%00", headers=tokens("admin")), 400)
    assert signed_in("backoffice").get("/backoffice/?q=siti%00").status_code == 400


def test_json_nested_100000_deep_is_a_json_400(client, tokens):
    body = "[" * 100_000 + "]" * 100_000
    res = client.post("/api/v1/applications/1/actions/accept", data=body, content_type="application/json",
                      headers=tokens("backoffice"))
    assert res.status_code in (400, 404)  # 404: no file 1; the point is that nothing crashes
    res = client.post("/api/v1/auth/token", data=body, content_type="application/json")
    api_error(res, 400)


def test_a_nul_in_a_json_body_is_a_json_400(client, rt, tokens):
    from tests.backoffice.helpers import submitted_application

    app_id = submitted_application(rt)
    res = client.post(f"/api/v1/applications/{app_id}/actions/accept", json={"note": "ok\u0000"}, headers=tokens("backoffice"))
    api_error(res, 400)


def test_a_multipart_field_name_ending_in_a_backslash_is_not_a_500(client, rt, tokens, signed_in):
    from tests.backoffice.helpers import submitted_application

    app_id = submitted_application(rt)
    boundary = "xyz"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="note\\"\r\n\r\nhalo\r\n--{boundary}--\r\n').encode()
    res = client.post(f"/api/v1/applications/{app_id}/actions/accept", data=body,
                      content_type=f"multipart/form-data; boundary={boundary}", headers=tokens("backoffice"))
    assert 400 <= res.status_code < 500 or res.status_code == 200


@pytest.mark.parametrize("target", ["/backoffice/\r\nSet-Cookie: x=1", "/backoffice/%0d%0aSet-Cookie:x", "/backoffice\\\\evil.example",
                                    "//evil.example/backoffice", "/backoffice/\u0000"])
def test_a_next_with_cr_lf_or_tricks_goes_to_the_desk(app, seeded, target):
    from urllib.parse import quote

    from tests.backoffice.helpers import login

    client = app.test_client()
    token_page = client.get("/backoffice/login?next=" + quote(target))
    assert token_page.status_code in (200, 400)
    res = login(client, "backoffice") if token_page.status_code == 200 else None
    if res is not None:
        assert res.status_code == 302 and "\r" not in res.location and "evil" not in res.location
    lang = client.get("/backoffice/lang/en?next=" + quote(target))
    assert lang.status_code in (302, 400) and "evil" not in lang.headers.get("Location", "")


def test_405_carries_allow(client, tokens):
    res = client.open("/api/v1/applications", method="TRACE", headers=tokens("admin"))
    assert res.status_code == 405 and "GET" in res.headers["Allow"] and res.json["error"]["code"] == "method_not_allowed"
    res = client.put("/api/v1/auth/token", json={})
    assert res.status_code == 405 and "POST" in res.headers["Allow"]


# ---- rate limits on guessable codes (issue 16, item 7) ------------------------------------------

def test_wrong_pickup_codes_are_limited_per_file(client, rt, tokens, seeded):
    from tests import factories

    with rt.transaction() as s:
        application = factories.advance(s, factories.draft_with_documents(s), until="ready_for_pickup")
        app_id, code = application.id, application.pickup_code
    url = f"/api/v1/applications/{app_id}/actions/collect"
    for _ in range(5):
        api_error(client.post(url, json={"pickup_code": "ZZZZZZ"}, headers=tokens("backoffice")), 422)
    # The sixth try waits, even with the right code: the code cannot be walked through.
    api_error(client.post(url, json={"pickup_code": code}, headers=tokens("backoffice")), 429, "too_many_attempts")
    api_error(client.post(url, json={"pickup_code": "ÄÖÜ٢٣٤"}, headers=tokens("backoffice")), 429)


def test_a_non_ascii_pickup_code_is_a_wrong_code_not_a_500(client, rt, tokens, seeded):
    from tests import factories

    with rt.transaction() as s:
        app_id = factories.advance(s, factories.draft_with_documents(s), until="ready_for_pickup").id
    url = f"/api/v1/applications/{app_id}/actions/collect"
    for code in ("ÄÖÜ٢٣٤", "ǅǅǅǅǅǅ", "ß" * 6, "\u0130" * 6):  # upper() changes their length or leaves ASCII
        res = client.post(url, json={"pickup_code": code}, headers=tokens("backoffice"))
        assert res.status_code == 422 and "pickup_code" in res.json["error"]["fields"], res.json


def test_parallel_wrong_pickup_codes_check_no_more_than_the_limit(app, rt, tokens, seeded):
    """Counted before the check (one atomic claim): 24 parallel guesses get at most five answers
    that a code is wrong; the rest wait (429)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from backoffice.throttle import PICKUP_LIMIT
    from tests import factories

    with rt.transaction() as s:
        app_id = factories.advance(s, factories.draft_with_documents(s), until="ready_for_pickup").id
    headers, barrier = tokens("backoffice"), threading.Barrier(24)

    def guess(n):
        client = app.test_client()
        barrier.wait()
        res = client.post(f"/api/v1/applications/{app_id}/actions/collect", json={"pickup_code": f"ZZZZ{n:02d}"},
                          headers=headers)
        return res.status_code, res.json["error"]

    with ThreadPoolExecutor(24) as pool:
        bodies = list(pool.map(guess, range(24)))
    statuses = [status for status, _ in bodies]
    assert statuses.count(422) == PICKUP_LIMIT and statuses.count(429) == 24 - PICKUP_LIMIT, bodies


def test_unknown_verification_codes_are_limited_per_client(client):
    for n in range(20):
        assert client.get(f"/verify/NOPE{n:04d}").status_code == 404
    assert client.get("/verify/NOPE9999").status_code == 429


def test_behind_a_proxy_the_verification_limit_is_per_visitor(config, seeded):
    """Behind the proxy every request comes from its address: without TRUSTED_PROXIES one
    visitor's unknown codes used up the limit of everyone (the page refused all, 429)."""
    from app import create_app

    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    behind = create_app(config.with_(trusted_proxies=1)).test_client()
    for n in range(20):
        behind.get(f"/verify/NOPE{n:04d}", headers={"X-Forwarded-For": "203.0.113.7"}, environ_base=proxy)
    assert behind.get("/verify/NOPE9999", headers={"X-Forwarded-For": "203.0.113.7"}, environ_base=proxy).status_code == 429
    assert behind.get("/verify/NOPE9999", headers={"X-Forwarded-For": "198.51.100.9"}, environ_base=proxy).status_code == 404
    # Without trusted proxies the header is not believed: a forged X-Forwarded-For gets no new limit.
    direct, peer = create_app(config).test_client(), {"REMOTE_ADDR": "192.0.2.50"}
    for n in range(20):
        direct.get(f"/verify/NOPE{n:04d}", headers={"X-Forwarded-For": f"192.0.2.{n}"}, environ_base=peer)
    assert direct.get("/verify/NOPE9999", headers={"X-Forwarded-For": "192.0.2.99"}, environ_base=peer).status_code == 429


def test_every_html_page_has_a_csp(client, signed_in):
    for page in ("/backoffice/login", "/verify/NOPE0000"):
        assert "default-src" in client.get(page).headers.get("Content-Security-Policy", ""), page
