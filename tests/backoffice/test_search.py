"""Finding a file the way callers ask (issue 19, item 5): by tracking code, name, NIK (whole or its
last digits), WhatsApp number as people write it, the file's own details (the child's name) and the
letter number; filtered by stage, service, submission dates and lateness; sorted by due time both
ways — on the desk (a posted form: a NIK stays out of URLs) and in the API (query string or JSON
body); every bad parameter a 400; the dashboard's figures link to the list behind them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from storage import Application, SearchTerm
from tests import factories
from tests.backoffice.helpers import api_error, csrf_from, submitted_application

OLD = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # a Monday, 10:00 in Rokan Hilir (WIB)


@pytest.fixture
def files(rt, seeded):
    """Three files: Siti's (old, overdue, child Rizki), Ahmad's (new, child Nur'aini Putri), and Budi's,
    signed (a letter number), child Rahmat."""
    siti = submitted_application(rt, name="Siti Aminah", nik="1407014107050001", whatsapp="+6281234567890", now=OLD)
    ahmad = submitted_application(rt, name="Ahmad Fauzi", nik="1407010101900427", whatsapp="+6281300000001")
    budi = submitted_application(rt, name="Budi Santoso", nik="1407020202880123", whatsapp="+6285211112222")
    with rt.transaction() as s:
        s.get(Application, ahmad).details = {**factories.CHAT_DETAILS, "child_name": "Nur'aini Putri"}
        app = s.get(Application, budi)
        app.details = {**factories.CHAT_DETAILS, "child_name": "Rahmat Hidayat"}
        s.flush()
        factories.advance(s, app, until="printing")
        codes = {name: s.get(Application, i).tracking_code for name, i in (("siti", siti), ("ahmad", ahmad), ("budi", budi))}
        number = app.issued_number
    return {"siti": siti, "ahmad": ahmad, "budi": budi, "codes": codes, "number": number}


def _ids(res) -> list[int]:
    assert res.status_code == 200, res.get_data(as_text=True)
    return [item["id"] for item in res.json["items"]]


def _found(client, headers, **params) -> list[int]:
    return _ids(client.get("/api/v1/applications", query_string=params, headers=headers))


# ---- what the search box finds ----------------------------------------------------------------
def test_tracking_code_and_letter_number_any_case(client, tokens, files):
    boss = tokens("pengawas")
    assert _found(client, boss, q=files["codes"]["ahmad"].lower()) == [files["ahmad"]]
    assert files["number"] and _found(client, boss, q=files["number"].lower().replace("/", " / ")) == [files["budi"]]


def test_name_by_its_parts(client, tokens, files):
    boss = tokens("pengawas")
    assert _found(client, boss, q="siti") == [files["siti"]]
    assert _found(client, boss, q="santoso budi") == [files["budi"]]
    assert _found(client, boss, q="100%") == []


@pytest.mark.parametrize("nik", ["1407010101900427", "0427", "900427", "01900427"])
def test_nik_whole_or_its_last_digits(client, tokens, files, nik):
    assert _found(client, tokens("pengawas"), q=nik) == [files["ahmad"]]


def test_three_digits_are_not_a_nik(client, tokens, files, signed_in):
    assert _found(client, tokens("pengawas"), q="427") == []
    page = signed_in("pengawas").get("/backoffice/?q=427").get_data(as_text=True)
    assert "paling sedikit 4 angka terakhirnya" in page


@pytest.mark.parametrize("typed", ["081300000001", "0813-0000-0001", "+62 813 0000 0001", "6281300000001", "+6281300000001"])
def test_whatsapp_number_as_people_write_it(client, tokens, files, typed):
    assert _found(client, tokens("pengawas"), q=typed) == [files["ahmad"]]


def test_the_files_own_details_the_childs_name(client, tokens, files, rt):
    boss = tokens("pengawas")
    assert _found(client, boss, q="nuraini") == [files["ahmad"]]
    assert _found(client, boss, q="Nur'aini put") == [files["ahmad"]]
    assert _found(client, boss, q="rahm") == [files["budi"]]
    assert set(_found(client, boss, q="bagansiapiapi")) == {files["siti"], files["ahmad"], files["budi"]}
    assert _found(client, boss, q="2011") == []  # the birth date is not a searched word
    with rt.transaction() as s:  # the words follow the details
        app = s.get(Application, files["budi"])
        app.details = {**app.details, "child_name": "Hidayatullah"}
    assert _found(client, boss, q="rahmat") == []
    assert _found(client, boss, q="hidayatul") == [files["budi"]]
    with rt.transaction() as s:
        assert "rahmat" not in set(s.scalars(select(SearchTerm.term).where(SearchTerm.application_id == files["budi"])))


def test_the_name_words_follow_the_name(client, tokens, files, rt):
    from storage import Applicant

    with rt.transaction() as s:
        s.get(Application, files["siti"]).applicant.name = "Siti Rahayu"
    assert _found(client, tokens("pengawas"), q="aminah") == []
    assert _found(client, tokens("pengawas"), q="siti raha") == [files["siti"]]
    with rt.transaction() as s:
        s.scalar(select(Applicant).where(Applicant.name == "Siti Rahayu")).name = None  # as an erasure does
    assert _found(client, tokens("pengawas"), q="rahayu") == []


def test_a_search_keeps_to_what_the_role_may_see(client, tokens, files):
    assert _found(client, tokens("teknis"), q="siti") == []  # never reached the technical team
    assert _found(client, tokens("backoffice"), q="siti") == [files["siti"]]


# ---- filters and sorting ----------------------------------------------------------------------
def test_filters_by_stage_service_dates_and_lateness(client, tokens, files):
    boss = tokens("pengawas")
    assert _found(client, boss, stage="printing") == [files["budi"]]
    assert set(_found(client, boss, service="APS")) == {files["siti"], files["ahmad"], files["budi"]}
    assert _found(client, boss, submitted_from="2026-03-02", submitted_to="2026-03-02") == [files["siti"]]
    assert _found(client, boss, submitted_to="2026-03-01") == []
    today = (datetime.now(UTC) + timedelta(hours=7)).date().isoformat()
    assert set(_found(client, boss, submitted_from=today)) == {files["ahmad"], files["budi"]}
    assert _found(client, boss, overdue="true") == [files["siti"]]
    assert _found(client, boss, q="siti", stage="printing") == []


def test_sorted_by_due_time_both_ways(client, tokens, files):
    boss = tokens("pengawas")
    soonest = _found(client, boss, stage="completeness_check")
    assert soonest == [files["siti"], files["ahmad"]]
    assert _found(client, boss, stage="completeness_check", sort="-due") == soonest[::-1]


def test_search_by_post_keeps_the_nik_out_of_the_url(client, tokens, files):
    res = client.post("/api/v1/applications/search", json={"q": "0427", "sort": "-due", "page": 1}, headers=tokens("pengawas"))
    assert _ids(res) == [files["ahmad"]] and res.json["page"] == 1
    assert _ids(client.post("/api/v1/applications/search", headers=tokens("pengawas"))) != []  # no body: everything


# ---- bad parameters: a clear 400 ----------------------------------------------------------------
@pytest.mark.parametrize("query", [
    "stage=", "stage=nowhere", "stage=draft", "service=", "service=XYZ", "sort=", "sort=name", "sort=due%20",
    "submitted_from=", "submitted_from=2026-13-01", "submitted_from=02-03-2026", "submitted_to=yesterday",
    "submitted_from=2026-03-05&submitted_to=2026-03-01", "submitted_from=0001-01-01", "overdue=", "overdue=yes",
    "page=0", "q=" + "x" * 101, "q=" + "x" * 50 + "%20" * 60,
])
def test_bad_parameters_are_a_400_naming_them(client, tokens, files, query):
    res = client.get(f"/api/v1/applications?{query}", headers=tokens("pengawas"))
    api_error(res, 400, "bad_request")
    assert query.split("=")[0] in res.json["error"]["message"] or "submitted_to" in res.json["error"]["message"]


@pytest.mark.parametrize("body", [{"nik": "1407010101900427"}, {"q": 1407}, {"stage": ""}, {"overdue": True},
                                  {"page": "x"}, {"q": ["siti"]}, [1, 2], "siti",
                                  {"submitted_to": None}, {"q": None}])
def test_bad_search_bodies_are_a_400(client, tokens, files, body):
    api_error(client.post("/api/v1/applications/search", json=body, headers=tokens("pengawas")), 400)


# ---- the desk (web) -----------------------------------------------------------------------------
def _post(web, **data):
    token = csrf_from(web.get("/backoffice/").get_data(as_text=True))
    return web.post("/backoffice/", data={"csrf_token": token, **data})


def test_desk_search_posts_and_shows_the_nik_masked(signed_in, files):
    web = signed_in("backoffice")
    res = _post(web, q="1407010101900427")
    html = res.get_data(as_text=True)
    assert res.status_code == 200 and files["codes"]["ahmad"] in html and files["codes"]["siti"] not in html
    # the full NIK only where the clerk typed it (the box and the heading that repeats it); the row masks it
    assert html.count("1407010101900427") == 2 and 'value="1407010101900427"' in html
    assert "NIK 1407********0427" in html
    assert 'method="post"' in html and 'name="q"' in html


@pytest.mark.parametrize(("data", "expect"), [
    ({"q": "0813 0000 0001"}, "ahmad"),
    ({"q": "nur"}, "ahmad"),
    ({"q": "SITI"}, "siti"),
    ({"q": "", "stage": "completeness_check", "sort": "-due", "service": "", "submitted_from": ""}, "ahmad"),
])
def test_desk_search_kinds(signed_in, files, data, expect):
    html = _post(signed_in("pengawas"), **data).get_data(as_text=True)
    assert files["codes"][expect] in html


def test_desk_sorts_both_ways(signed_in, files):
    web = signed_in("pengawas")
    for sort, first in (("due", "siti"), ("-due", "ahmad")):
        html = _post(web, stage="completeness_check", sort=sort).get_data(as_text=True)
        codes = re.findall(r"APS-\d{4}-\d{6}", html)
        assert codes[0] == files["codes"][first], (sort, codes)


def test_desk_bad_filter_says_so_in_indonesian(signed_in, files):
    res = signed_in("backoffice").get("/backoffice/?stage=nowhere")
    assert res.status_code == 400 and "Tahap tidak dikenal." in res.get_data(as_text=True)
    res = _post(signed_in("backoffice"), submitted_from="2026-03-05", submitted_to="2026-03-01")
    assert res.status_code == 400 and "Tanggal akhir tidak boleh sebelum tanggal awal." in res.get_data(as_text=True)


def test_desk_pages_through_a_long_list(rt, signed_in, seeded):
    with rt.transaction() as s:
        for n in range(53):
            who = factories.applicant(s, whatsapp=f"+62812777{n:05d}", name=f"Warga Desa {n}", nik=f"14070101019{n:05d}")
            factories.advance(s, factories.draft_with_documents(s, who), until="completeness_check")
    web = signed_in("backoffice")
    first = _post(web, q="warga desa").get_data(as_text=True)
    assert "53 berkas" in first and "Halaman 1 dari 2" in first and 'name="page" value="2"' in first
    second = _post(web, q="warga desa", page="2").get_data(as_text=True)
    assert "Halaman 2 dari 2" in second and len(re.findall(r"APS-\d{4}-\d{6}</strong>", second)) == 3


# ---- the dashboard's figures lead to their lists ----------------------------------------------
def test_dashboard_figures_link_to_the_desk_with_their_filters(signed_in, files):
    web = signed_in("pengawas")
    html = web.get("/backoffice/dashboard").get_data(as_text=True)
    links = set(re.findall(r'href="(/backoffice/\?[^"]+)"', html.replace("&amp;", "&")))
    assert "/backoffice/?stage=completeness_check&service=APS" in links and "/backoffice/?overdue=true" in links
    weeks = sorted(link for link in links if "submitted_from" in link)
    assert len(weeks) == 12 and re.fullmatch(r"/backoffice/\?submitted_from=\d{4}-\d{2}-\d{2}&submitted_to=\d{4}-\d{2}-\d{2}", weeks[-1])
    behind = web.get("/backoffice/?stage=completeness_check&service=APS").get_data(as_text=True)
    assert files["codes"]["siti"] in behind and files["codes"]["ahmad"] in behind and files["codes"]["budi"] not in behind
    assert files["codes"]["siti"] in web.get("/backoffice/?overdue=true").get_data(as_text=True)
    this_week = web.get(weeks[-1]).get_data(as_text=True)
    assert files["codes"]["ahmad"] in this_week and files["codes"]["siti"] not in this_week


def test_the_openapi_lists_the_stages_and_services_the_search_takes(client):
    from backoffice.search import service_codes, stage_names

    doc = client.get("/api/v1/openapi.json").json
    params = {p["name"]: p["schema"] for p in doc["paths"]["/applications"]["get"]["parameters"]}
    body = doc["paths"]["/applications/search"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]
    for schema in (params, body):
        assert schema["stage"]["enum"] == list(stage_names()) and schema["service"]["enum"] == list(service_codes())
        assert schema["sort"]["enum"] == ["due", "-due"] and set(schema) == {"q", "stage", "service", "submitted_from", "submitted_to", "overdue", "sort", "page"}


# ---- the desk says which filters are on, and drops them one by one --------------------------
def _active(html: str) -> str:
    found = re.search(r'<div class="active-filters" id="active-filters".*?</div>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[0])).strip() if found else ""


def test_the_desk_shows_its_active_filters_and_drops_each(signed_in, files):
    web = signed_in("pengawas")
    assert _active(web.get("/backoffice/").get_data(as_text=True)) == ""  # the plain desk: none
    html = web.get("/backoffice/?stage=completeness_check&service=APS&overdue=true").get_data(as_text=True)
    shown = _active(html)
    assert shown.startswith("Filter aktif:") and "Tahap: Pemeriksaan kelengkapan" in shown, shown
    assert "Layanan: APS" in shown and "Hanya yang terlambat" in shown and "Hapus semua filter" in shown
    assert 'name="drop" value="stage"' in html and 'aria-label="Hapus filter Tahap"' in html
    # ✕ on the stage: the other filters stay, the search typed stays too (it is posted, not linked)
    dropped = _post(web, q="siti", stage="completeness_check", service="APS", overdue="true", drop="stage",
                    page="2").get_data(as_text=True)
    assert "Tahap:" not in _active(dropped) and "Layanan: APS" in _active(dropped)
    assert files["codes"]["siti"] in dropped and 'value="siti"' in dropped
    cleared = _post(web, q="siti", service="APS", submitted_from="2026-03-01", drop="all").get_data(as_text=True)
    assert _active(cleared) == "" and 'value="siti"' in cleared and files["codes"]["siti"] in cleared


def test_the_active_filters_in_english_with_dates(signed_in, files):
    web = signed_in("pengawas")
    web.get("/backoffice/lang/en")
    shown = _active(web.get("/backoffice/?submitted_from=2026-03-01&submitted_to=2026-03-31").get_data(as_text=True))
    assert shown == "Active filters: Submitted from: 01-03-2026 ✕ Submitted until: 31-03-2026 ✕ Clear all filters", shown
