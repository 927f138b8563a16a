"""The JSON API: tokens, the whole path, the contract's shapes, JSON errors, the OpenAPI document."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from storage import Application, utcnow
from tests.backoffice.helpers import (
    MAIN_PATH,
    USERS,
    api_error,
    api_token,
    first_document,
    pdf_bytes,
    submitted_application,
)
from workflow.complaints import open_complaint


def test_whole_path_through_the_api(client, rt, config, tokens):
    app_id = submitted_application(rt)
    for username, action in MAIN_PATH:
        headers = tokens(username)
        detail = client.get(f"/api/v1/applications/{app_id}", headers=headers).json
        assert action in [a["name"] for a in detail["actions"]]
        url = f"/api/v1/applications/{app_id}/actions/{action}"
        if action == "recommend":
            res = client.post(url, headers=headers, data={"note": "layak", "recommendation": (io.BytesIO(pdf_bytes("Rekomendasi")), "rek.pdf")},
                              content_type="multipart/form-data")
        else:
            body = {"note": ""}
            if action == "sign":
                body["passphrase"] = config.tte_dev_passphrase
                body["preview_sha256"] = detail["preview"]["sha256"]
            if action == "collect":
                with rt.transaction() as s:
                    body["pickup_code"] = s.get(Application, app_id).pickup_code
            res = client.post(url, headers=headers, json=body)
        assert res.status_code == 200, (action, res.json)
    final = res.json
    assert final["stage"] == "completed" and final["actions"] == []
    assert [h["action"] for h in final["history"]][-len(MAIN_PATH):] == [a for _, a in MAIN_PATH]
    assert all("passphrase" not in h["data"] for h in final["history"])
    kinds = {d["kind"]: d for d in final["documents"]}
    assert {"requirement", "receipt", "recommendation", "issued"} <= set(kinds)
    issued = final["issued"]
    assert issued["number"] == final_number(rt, app_id) and issued["document_id"] == kinds["issued"]["id"]
    assert issued["verification_url"].startswith(config.base_url + "/verify/")
    pdf = client.get(f"/api/v1/applications/{app_id}/documents/{issued['document_id']}", headers=tokens("pengawas"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-") and b"/ByteRange" in pdf.data
    verify = client.get(issued["verification_url"][len(config.base_url):])
    assert verify.status_code == 200 and issued["number"] in verify.get_data(as_text=True)


def final_number(rt, app_id):
    with rt.transaction() as s:
        return s.get(Application, app_id).issued_number


def test_application_detail_has_the_contract_fields(client, rt, tokens):
    app_id = submitted_application(rt)
    res = client.get(f"/api/v1/applications/{app_id}", headers=tokens("backoffice"))
    body = res.json
    assert {"id", "tracking_code", "service", "stage", "stage_due_at", "applicant", "documents", "issued", "history", "actions"} <= set(body)
    assert re.fullmatch(r"APS-\d{4}-\d{6}", body["tracking_code"]) and body["stage"] == "completeness_check"
    doc = body["documents"][0]
    assert set(doc) == {"id", "kind", "requirement", "filename", "pages", "sha256", "status", "source"}
    assert doc["kind"] == "requirement" and doc["source"] == "pdf"
    assert body["issued"] is None
    actions = {a["name"]: a for a in body["actions"]}
    assert set(actions) == {"accept", "return"}
    assert actions["return"] == {"name": "return", "kind": "return", "fields": [
        {"name": "reasons", "type": "list", "required": False}, {"name": "reason_codes", "type": "list", "required": False}]}
    assert body["applicant"]["nik"] == "1407014107050001"  # the back office compares it with the KTP
    supervisor = client.get(f"/api/v1/applications/{app_id}", headers=tokens("pengawas")).json
    assert supervisor["applicant"]["nik"] == "1407********0001" and supervisor["actions"] == []


def test_list_filters_by_stage_and_search_and_pages(client, rt, tokens):
    ids = [submitted_application(rt, name=f"Warga {n}", whatsapp=f"+62812000000{n}", nik=f"14070101010100{n:02d}") for n in range(3)]
    headers = tokens("backoffice")
    body = client.get("/api/v1/applications", headers=headers).json
    assert body["total"] == 3 and [i["id"] for i in body["items"]] == ids and body["page"] == 1
    assert client.get("/api/v1/applications?q=warga 1", headers=headers).json["total"] == 1
    assert client.get("/api/v1/applications?stage=approval", headers=headers).json["total"] == 0
    assert client.get("/api/v1/applications?page=2", headers=headers).json["items"] == []
    assert client.get("/api/v1/applications", headers=tokens("teknis")).json["total"] == 0
    api_error(client.get("/api/v1/applications?page=x", headers=headers), 400)


def test_json_errors(client, rt, tokens):
    app_id = submitted_application(rt)
    base = f"/api/v1/applications/{app_id}"
    api_error(client.post(f"{base}/actions/verify", headers=tokens("backoffice"), json={}), 409, "not_allowed")
    api_error(client.post(f"{base}/actions/accept", headers=tokens("pengawas"), json={}), 403, "forbidden")
    api_error(client.post(f"{base}/actions/accept", headers=tokens("teknis"), json={}), 404, "not_found")  # may not see it
    res = client.post(f"{base}/actions/return", headers=tokens("backoffice"), json={"reasons": []})
    api_error(res, 422, "bad_fields")
    assert res.json["error"]["fields"] == {"reasons": "required: tick a reason or write one"}
    api_error(client.post(f"{base}/actions/accept", headers=tokens("backoffice"), json={"colour": "red"}), 422, "bad_fields")
    api_error(client.get("/api/v1/applications/999999", headers=tokens("backoffice")), 404, "not_found")
    api_error(client.get(f"{base}/documents/999999", headers=tokens("backoffice")), 404, "not_found")
    api_error(client.get("/api/v1/no-such-thing", headers=tokens("backoffice")), 404)
    api_error(client.get("/api/v1/applications"), 401, "unauthorized")
    api_error(client.get("/api/v1/applications", headers={"Authorization": "Bearer nope"}), 401, "unauthorized")
    api_error(client.post(f"{base}/actions/accept", headers=tokens("backoffice"), data="[1]", content_type="application/json"), 400)
    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "completeness_check"


def test_a_file_field_in_json_is_refused_clearly(client, rt, config, tokens):
    app_id = submitted_application(rt)
    assert client.post(f"/api/v1/applications/{app_id}/actions/accept", headers=tokens("backoffice"), json={}).status_code == 200
    res = client.post(f"/api/v1/applications/{app_id}/actions/recommend", headers=tokens("teknis"), json={"recommendation": "JVBERi0="})
    api_error(res, 422, "bad_fields")
    assert "multipart" in res.json["error"]["fields"]["recommendation"]


def test_documents_are_served_to_who_may_see_them(client, rt, tokens):
    app_id = submitted_application(rt)
    doc_id, digest = first_document(rt, app_id)
    url = f"/api/v1/applications/{app_id}/documents/{doc_id}"
    res = client.get(url, headers=tokens("backoffice"))
    assert res.status_code == 200 and res.mimetype == "application/pdf" and res.data == rt.files.get_bytes(digest)
    api_error(client.get(url, headers=tokens("koor")), 404)  # as if it did not exist (issue 16)
    api_error(client.get(url), 401)
    assert res.headers["Content-Disposition"].startswith("attachment;") and res.headers["Content-Security-Policy"].startswith("sandbox")


def test_token_endpoint_counts_towards_the_lockout(client, seeded, rt):
    for _ in range(4):
        api_error(client.post("/api/v1/auth/token", json={"username": "koor", "password": "bad"}), 401, "bad_credentials")
    api_error(client.post("/api/v1/auth/token", json={"username": "koor", "password": "bad"}), 429, "locked")
    api_error(client.post("/api/v1/auth/token", json={"username": "koor", "password": "demo12345"}), 429, "locked")
    with time_machine.travel(utcnow() + timedelta(minutes=16)):
        assert client.post("/api/v1/auth/token", json={"username": "koor", "password": "demo12345"}).status_code == 200


def test_tokens_expire_and_cli_tokens_work(client, runner, seeded):
    token = api_token(client, "backoffice")
    with time_machine.travel(utcnow() + timedelta(days=1, minutes=1)):
        api_error(client.get("/api/v1/applications", headers={"Authorization": f"Bearer {token}"}), 401)
    cli_token = runner.invoke(args=["staff", "token", "subkoor"]).output.strip()
    assert client.get("/api/v1/applications", headers={"Authorization": f"Bearer {cli_token}"}).status_code == 200


def test_api_needs_no_csrf_token_but_the_web_does(app):
    assert app.extensions["csrf_exempt"] >= {"api"}
    assert "backoffice" not in app.extensions["csrf_exempt"]


@pytest.mark.parametrize("username", [None, *USERS.values()])
def test_api_route_by_role(client, rt, tokens, username):
    app_id = submitted_application(rt)
    with rt.transaction() as s:
        complaint_id = open_complaint(s, s.get(Application, app_id).applicant, "Berkas saya belum ada kabar.").id
    headers = tokens(username) if username else {}
    may_see = username in ("backoffice", "pengawas", "admin")  # the file at the completeness check; complaints
    expected = {
        ("GET", "/api/v1/applications"): 200,
        ("GET", f"/api/v1/applications/{app_id}"): 200 if may_see else 404,  # a file one may not see is not there
        ("GET", "/api/v1/access-log"): 200 if username in ("pengawas", "admin") else 403,
        ("GET", "/api/v1/openapi.json"): 200,
        ("GET", "/api/v1/reports/ikm"): 200,
        ("GET", "/api/v1/reports/register"): 200,  # aggregates only, like the IKM
        ("GET", "/api/v1/complaints"): 200 if may_see else 403,
        ("GET", f"/api/v1/complaints/{complaint_id}"): 200 if may_see else 403,
        ("POST", f"/api/v1/complaints/{complaint_id}/answer"): 200 if may_see else 403,
    }
    for (method, url), status in expected.items():
        if username is None and url != "/api/v1/openapi.json":
            status = 401
        res = client.open(url, method=method, headers=headers, json={"answer": "Sedang kami proses."} if method == "POST" else None)
        assert res.status_code == status, (method, url, username)


# ---- the OpenAPI document -----------------------------------------------------------------
ALIASES = {"application_id": "id", "complaint_id": "id", "document_id": "doc_id"}


def _flask_paths(app) -> dict[str, set[str]]:
    paths: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("api."):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "{" + ALIASES.get(m[1], m[1]) + "}", rule.rule[len("/api/v1"):])
        paths.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    return paths


def test_openapi_document_matches_the_routes(client, app):
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    documented = {path: {m for m in ops if m in ("get", "post", "put", "patch", "delete")} for path, ops in doc["paths"].items()}
    assert documented == _flask_paths(app), "backoffice/openapi.json and the API routes differ"
    text = json.dumps(doc)
    for ref in set(re.findall(r'"#/components/(\w+)/(\w+)"', text)):
        assert ref[1] in doc["components"][ref[0]], ref
    for path, ops in doc["paths"].items():
        for op in ops.values():
            params = {p.get("name") or p["$ref"].rsplit("/", 1)[-1] for p in op.get("parameters", [])}
            assert set(re.findall(r"{(\w+)}", path)) <= params, path


def test_openapi_lists_the_contract_routes(client):
    paths = set(client.get("/api/v1/openapi.json").json["paths"])
    assert {"/auth/token", "/applications", "/applications/{id}", "/applications/{id}/actions/{name}",
            "/applications/{id}/documents/{doc_id}", "/complaints", "/complaints/{id}", "/complaints/{id}/answer"} <= paths


def test_supervisor_sees_all_submitted_applications(client, rt, tokens):
    submitted_application(rt)
    with rt.transaction() as s:
        assert s.scalar(select(Application.id)) is not None
    assert client.get("/api/v1/applications", headers=tokens("pengawas")).json["total"] == 1
