"""Staff screens speak one language at a time: Indonesian by default, English on the toggle.

The test walks the back office as each role would — every page, the file at each stage of the
SOP, the error pages (400/403/404/409/413) and the refused actions (a wrong passphrase, a wrong
pickup code, a non-PDF upload, a return without reasons or with an unknown one, an empty
complaint answer), the return screen and its 409 that keeps what was typed — and fails on
English words in the Indonesian screens, on Indonesian words in the English ones, and on a
catalogue key shown instead of its text. The words are ones that never occur in correct text of
the other language (not "Back Office", "Status", "Admin", "Token", "NIK" or "passphrase", which
both use: the TTE certificate's passphrase is BSrE's own word).
"""

from __future__ import annotations

import html as html_lib
import io
import re
from datetime import timedelta

import pytest

import catalogue
from backoffice.dashboard import FAILED_OUTBOX
from catalogue.backoffice import PREFIX
from storage import Application, OutboxMessage, utcnow
from tests.backoffice.helpers import MAIN_PATH, USERS, csrf_from, submitted_application
from tests.backoffice.test_survey_reports import add_responses
from tests.backoffice.test_web import _act, _fields
from workflow import questions
from workflow.complaints import open_complaint

ENGLISH = ("error", "errors", "wrong", "not a PDF", "required", "unknown field", "Submit", "Cancel", "Back to",
           "Dashboard", "Sign in", "Sign out", "Search", "Please", "the", "your", "file", "files", "page",
           "not found", "forbidden", "password", "username", "missing", "invalid", "Save", "View", "Overdue",
           "Due", "Answer", "Complaint", "Accept", "Approve", "Refused", "Applicant", "Documents", "History",
           "Download", "Open", "Reason", "Note", "Stage", "Warnings", "characters", "expected",
           "larger than", "damaged", "failed", "undelivered", "Request Entity Too Large", "Not Found", "Bad Request", "Conflict",
           "returned", "ticked", "tick", "expired", "unreadable", "colleague")
INDONESIAN = ("berkas", "pemohon", "tindakan", "wajib", "salah", "kembali", "meja saya", "keluar", "simpan",
              "cari", "halaman", "tidak", "yang", "anda", "dengan", "belum", "ditolak", "tahap", "dasbor",
              "pengaduan", "galat", "gagal", "terkirim", "catatan", "alasan", "kode pengambilan", "kata sandi",
              "dikembalikan", "dicentang", "kedaluwarsa", "buram", "rekan")
ALL_KEYS = set(catalogue.MESSAGES) | {key.removeprefix(PREFIX) for key in catalogue.MESSAGES}
# Typed by the test (names, notes) or the office's own names: never words of either list.
NEUTRAL = {"name": "Siti Aminah", "whatsapp": "+6281234567890"}


def _visible_text(page: str) -> str:
    """What a person reads: the text between tags and the attributes shown or read aloud.
    `<code>` holds identifiers shown on purpose as they are (a message key, an NIK, Twilio's
    own error text), so it is left out."""
    page = re.sub(r"(?is)<(script|style|code)\b.*?</\1>", " ", page)
    shown = re.findall(r'''(?i)\b(?:placeholder|aria-label|title|alt)="([^"]*)"''', page)
    text = re.sub(r"(?s)<[^>]+>", " ", page)
    return html_lib.unescape(" ".join([text, *shown]))


def _found(words, text: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.IGNORECASE)]


def _keys_shown(text: str) -> list[str]:
    return [token for token in re.findall(r"[a-z_]+(?:\.[a-z0-9_]+)+", text) if token in ALL_KEYS]


class Walk:
    """Collects every page seen, then judges them all at once (one failure lists them all)."""

    def __init__(self, language: str):
        self.language = language
        self.pages: list[tuple[str, int, str]] = []

    def see(self, label: str, res, status: int | None = None) -> str:
        page = res.get_data(as_text=True)
        if status is not None:
            assert res.status_code == status, (label, res.status_code, page[:1500])
        if not 300 <= res.status_code < 400:  # a redirect's body is read by no one
            assert res.mimetype == "text/html", (label, res.mimetype)
            self.pages.append((label, res.status_code, page))
        return page

    def problems(self) -> list[str]:
        wrong_words = ENGLISH if self.language == "id" else INDONESIAN
        found = []
        for label, status, page in self.pages:
            text = _visible_text(page)
            if f'<html lang="{self.language}">' not in page:
                found.append(f"{label} ({status}): not marked lang={self.language}")
            for word in _found(wrong_words, text):
                at = re.search(rf"(?i)(?<![\w-]){re.escape(word)}(?![\w-])", text).start()
                found.append(f"{label} ({status}): {word!r} in …{' '.join(text[max(0, at - 60):at + 60].split())}…")
            found += [f"{label} ({status}): key {key!r} shown" for key in _keys_shown(text)]
        return found


def _clients(app, language: str):
    clients = {}

    def get(username: str | None):
        if username not in clients:
            client = app.test_client()
            if language != "id":
                client.get(f"/backoffice/lang/{language}")
            if username is not None:
                token = csrf_from(client.get("/backoffice/login").get_data(as_text=True))
                res = client.post("/backoffice/login", data={"username": username, "password": "demo12345", "csrf_token": token})
                assert res.status_code == 302
            clients[username] = client
        return clients[username]

    return get


def _post(client, path: str, page_path: str, **data):
    data["csrf_token"] = csrf_from(client.get(page_path).get_data(as_text=True))
    return client.post(path, data=data, content_type="multipart/form-data")


def _walk(app, rt, config, language: str) -> Walk:
    walk = Walk(language)
    as_ = _clients(app, language)

    def says(page: str, key: str, **variables):
        """The refusal is told in the walk's language (not only free of the other one)."""
        assert html_lib.escape(catalogue.render(key, language, **variables), quote=False) in page, (key, language)

    # ---- sign-in, wrong password, sign-out ----
    walk.see("login", as_(None).get("/backoffice/login"), 200)
    anonymous = app.test_client()
    if language != "id":
        anonymous.get(f"/backoffice/lang/{language}")
    walk.see("login refused", _post(anonymous, "/backoffice/login", "/backoffice/login",
                                    username="backoffice", password="bukan-ini-123"), 401)

    # ---- some data for every page: a file, complaints, survey answers ----
    app_id = submitted_application(rt, name=NEUTRAL["name"], whatsapp=NEUTRAL["whatsapp"])
    second = submitted_application(rt, name="Rudi Hartono", whatsapp="+6281200000002", nik="1407010101010002")
    with rt.transaction() as s:
        who = s.get(Application, app_id).applicant
        open_complaint(s, who, "X-1", s.get(Application, app_id), now=utcnow() - timedelta(days=60))
        open_complaint(s, who, "X-2", None)
        questions.ask(s, who, "X-3", now=utcnow() - timedelta(days=5))
    add_responses(rt, [[4, 4, 3, 4, 4, 4, 4, 3, 4]], at=utcnow() - timedelta(days=1))
    with rt.transaction() as s:
        for status in FAILED_OUTBOX:
            s.add(OutboxMessage(recipient=NEUTRAL["whatsapp"], key="notice.accepted", status=status, error_code="63016",
                                error_message="outside the 24-hour window", application_id=app_id))

    # ---- every role's pages ----
    for role, username in USERS.items():
        client = as_(username)
        walk.see(f"desk/{role}", client.get("/backoffice/"), 200)
        walk.see(f"file/{role}", client.get(f"/backoffice/applications/{app_id}"))  # 200, or 403 to teknis yet
    backoffice, supervisor, admin = as_("backoffice"), as_("pengawas"), as_("admin")
    walk.see("search found", backoffice.get("/backoffice/?q=Siti"), 200)
    walk.see("search none", backoffice.get("/backoffice/?q=zzzz"), 200)
    walk.see("dashboard", supervisor.get("/backoffice/dashboard"), 200)
    walk.see("ikm", supervisor.get("/backoffice/reports/ikm"), 200)
    walk.see("ikm bad period", supervisor.get("/backoffice/reports/ikm?from=2026-13-01", follow_redirects=True), 200)
    walk.see("register", supervisor.get("/backoffice/reports/register"), 200)
    walk.see("complaints", backoffice.get("/backoffice/complaints"), 200)
    complaint_id = int(re.search(r'id="complaint-(\d+)"', backoffice.get("/backoffice/complaints").get_data(as_text=True)).group(1))
    says(walk.see("complaint empty answer", _post(backoffice, f"/backoffice/complaints/{complaint_id}/answer",
                                                  "/backoffice/complaints", answer="  "), 422), "field_error.answer_empty")
    walk.see("complaint answered", _post(backoffice, f"/backoffice/complaints/{complaint_id}/answer",
                                         "/backoffice/complaints", answer="Sudah kami tindak lanjuti."), 302)
    walk.see("complaints after answer", backoffice.get("/backoffice/complaints"), 200)
    walk.see("questions", backoffice.get("/backoffice/questions"), 200)
    question_id = int(re.search(r'id="question-(\d+)"', backoffice.get("/backoffice/questions").get_data(as_text=True)).group(1))
    says(walk.see("question empty answer", _post(backoffice, f"/backoffice/questions/{question_id}/answer",
                                                 "/backoffice/questions", answer="  "), 422), "field_error.answer_empty")
    walk.see("question answered", _post(backoffice, f"/backoffice/questions/{question_id}/answer",
                                        "/backoffice/questions", answer="Boleh, silakan."), 302)
    walk.see("questions after answer", backoffice.get("/backoffice/questions"), 200)
    walk.see("dashboard unknown service", supervisor.get("/backoffice/dashboard?service=NOPE"), 400)
    walk.see("staff list", admin.get("/backoffice/staff"), 200)
    walk.see("staff new", admin.get("/backoffice/staff/new"), 200)
    walk.see("staff new refused", _post(admin, "/backoffice/staff/new", "/backoffice/staff/new",
                                        username="X", full_name="", password="a", password_confirm="b"), 422)
    staff_page = next(m for m in re.findall(r'href="(/backoffice/staff/\d+)"', admin.get("/backoffice/staff").get_data(as_text=True)))
    walk.see("staff user", admin.get(staff_page), 200)

    # ---- error pages ----
    walk.see("403", as_("teknis").get("/backoffice/dashboard"), 403)
    walk.see("404", backoffice.get("/backoffice/applications/987654"), 404)
    says(walk.see("404 no route", backoffice.get("/backoffice/nothing-here"), 404), "bo.error.404")
    walk.see("409", _act(backoffice, app_id, "verify"), 409)
    walk.see("403 action", _act(supervisor, app_id, "accept"), 403)
    too_big = backoffice.post(f"/backoffice/applications/{app_id}/actions/accept",
                              data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1), content_type="application/octet-stream")
    walk.see("413", too_big, 413)
    walk.see("400 no csrf", backoffice.post(f"/backoffice/applications/{app_id}/actions/accept", data={}), 400)

    # ---- refused actions, and the file at every stage of the SOP ----
    says(walk.see("return without reasons", _act(backoffice, app_id, "return"), 422), "field_error.return_reason_required")
    says(walk.see("return unknown reason", _act(backoffice, app_id, "return", reason_codes=["sktm:x"]), 422),
         "field_error.unknown_reason", code="sktm:x")
    third = submitted_application(rt, name="Ani Lestari", whatsapp="+6281200000003", nik="1407010101010003")
    walk.see("returned with ticks", backoffice.get(_act(backoffice, third, "return", remark_pas_foto="X-5",
                                                         reason_codes=["sktm:expired", "ktp_wali:unreadable"]).location), 200)
    walk.see("returned file", supervisor.get(f"/backoffice/applications/{third}"), 200)
    found = walk.see("search a returned file", backoffice.get("/backoffice/?q=Ani"), 200)
    says(found, "bo.desk.returned_documents", count=3)  # two ticked, one remark
    for username, action in MAIN_PATH:
        client = as_(username)
        if action == "recommend":
            says(walk.see("non-PDF upload", _act(client, app_id, "recommend",
                                                 recommendation=(io.BytesIO(b"MZ not a pdf"), "x.exe")), 422),
                 "field_error.pdf.not_pdf")
        if action == "sign":
            says(walk.see("wrong passphrase", _act(client, app_id, "sign", passphrase="bukan-ini"), 422),
                 "field_error.wrong_passphrase")
        if action == "collect":
            says(walk.see("wrong pickup code", _act(client, app_id, "collect", pickup_code="ZZZZZZ"), 422),
                 "field_error.wrong_pickup_code")
        walk.see(f"done {action}", client.get(_act(client, app_id, action, **_fields(rt, app_id, action, config)).location), 200)
        walk.see(f"file after {action}/supervisor", supervisor.get(f"/backoffice/applications/{app_id}"), 200)
    # a colleague acted first: the return typed on the stale screen comes back as a 409 that keeps it
    kept = walk.see("409 return keeps what was typed", _act(backoffice, app_id, "return", note="X-6",
                                                             reason_codes=["sktm:expired"], reasons_other="X-7"), 409)
    says(kept, "bo.conflict.kept")
    assert "X-6" in kept and "X-7" in kept and catalogue.text("bo.conflict.back", language).split("{")[0] in kept
    _act(backoffice, second, "accept")
    technical = as_("teknis")
    walk.see("reject without reason", _act(technical, second, "reject"), 422)
    walk.see("reject", technical.get(_act(technical, second, "reject", reason="X-3").location), 200)
    walk.see("refused file", supervisor.get(f"/backoffice/applications/{second}"), 200)
    walk.see("logout", backoffice.post("/backoffice/logout", data={"csrf_token": csrf_from(
        backoffice.get("/backoffice/").get_data(as_text=True))}, follow_redirects=True), 200)
    return walk


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_staff_screen_speaks_one_language(app, rt, config, seeded, language):
    walk = _walk(app, rt, config, language)
    assert len(walk.pages) > 50
    problems = walk.problems()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_crash_gets_the_back_office_500_page_in_the_staff_language(app, seeded, monkeypatch, language):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("backoffice.listing.query", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production
    walk = Walk(language)
    page = walk.see("500", _clients(app, language)("backoffice").get("/backoffice/"), 500)
    assert html_lib.escape(catalogue.text("bo.error.500", language), quote=False) in page
    assert not walk.problems(), walk.problems()


def test_the_walk_catches_a_word_of_the_other_language():
    """The checks above can fail: an English error in an Indonesian page is found, and a key."""
    walk = Walk("id")

    class Res:
        mimetype = "text/html"
        status_code = 422

        def __init__(self, body):
            self.body = body

        def get_data(self, as_text=True):
            return self.body

    walk.see("x", Res('<html lang="id"><p title="Cancel">not a PDF</p><b>desk.title</b></html>'))
    found = walk.problems()
    assert any("'not a PDF'" in p for p in found) and any("'Cancel'" in p for p in found)
    assert any("key 'desk.title'" in p for p in found)
