"""Complaints in the back office and the JSON API: the handling standard on the page (how long
each has waited, the overdue ones marked), the list, one complaint, and the answer through the
API with every error — and one rule for answering, whichever door it comes through."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from storage import Complaint, OutboxMessage, utcnow
from tests import factories
from tests.backoffice.helpers import api_error, csrf_from
from workflow.complaints import MAX_LENGTH, answer_complaint, open_complaint
from workflow.errors import NotAllowed

LONG_AGO = timedelta(days=60)  # well past 5 working days, whatever the holidays
NIK, PHONE = "1407014107050001", "+6281234567890"


def _complaints(rt, *bodies_and_ages, about_a_file=False) -> list[int]:
    """Open complaints (text, age), committed; the first about a submitted file if asked."""
    ids = []
    with rt.transaction() as s:
        who = factories.applicant(s, whatsapp=PHONE, nik=NIK)
        app = None
        if about_a_file:
            app = factories.draft_with_documents(s, who)
            factories.advance(s, app, until="completeness_check")
        for i, (body, age) in enumerate(bodies_and_ages):
            ids.append(open_complaint(s, who, body, app if i == 0 else None, now=utcnow() - age).id)
    return ids


def _row(rt, complaint_id) -> Complaint:
    with rt.sessions() as s:
        return s.get(Complaint, complaint_id)


def _answers_sent(rt) -> list[OutboxMessage]:
    with rt.sessions() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.key == "complaint.answered")))


# ---- the handling standard on the page ----------------------------------------------------------
def test_the_page_shows_the_wait_and_marks_the_overdue(rt, signed_in):
    late, fresh = _complaints(rt, ("Sudah dua bulan tidak ada jawaban.", LONG_AGO), ("Loket tutup lebih awal.", timedelta()))
    html = signed_in("pengawas").get("/backoffice/complaints").get_data(as_text=True)
    assert "dijawab paling lambat 5 hari kerja" in html
    assert "1 pengaduan melewati standar penanganan." in html
    late_card = html[html.index(f'id="complaint-{late}"'):html.index(f'id="complaint-{fresh}"')]
    fresh_card = html[html.index(f'id="complaint-{fresh}"'):]
    assert 'class="card complaint overdue"' in html[html.index(f'id="complaint-{late}"') - 60:html.index(f'id="complaint-{late}"')]
    assert "Menunggu" in late_card and "hari" in late_card and "sla-overdue" in late_card
    assert "sla-on_time" in fresh_card and "sla-overdue" not in fresh_card.split("</article>")[0]


def test_an_answer_after_the_standard_is_marked_late(rt, signed_in):
    [late] = _complaints(rt, ("Sudah dua bulan tidak ada jawaban.", LONG_AGO))
    client = signed_in("backoffice")
    page = client.get("/backoffice/complaints").get_data(as_text=True)
    res = client.post(f"/backoffice/complaints/{late}/answer", data={"answer": "Mohon maaf, sudah kami tindak lanjuti.",
                                                                     "csrf_token": csrf_from(page)})
    assert res.status_code == 302
    answered = client.get("/backoffice/complaints").get_data(as_text=True).split("Sudah dijawab")[1]
    assert "Waktu jawab" in answered and "terlambat" in answered
    assert "melewati standar" not in client.get("/backoffice/complaints").get_data(as_text=True)


# ---- the JSON API -------------------------------------------------------------------------------
def test_list_open_and_answered_with_pages(client, rt, tokens):
    late, fresh = _complaints(rt, ("Sudah dua bulan tidak ada jawaban.", LONG_AGO), ("Loket tutup lebih awal.", timedelta()),
                              about_a_file=True)
    res = client.get("/api/v1/complaints", headers=tokens("backoffice"))
    assert res.status_code == 200
    body = res.json
    assert (body["status"], body["total"], body["page"], body["standard_working_days"]) == ("open", 2, 1, 5)
    first, second = body["items"]
    assert (first["id"], second["id"]) == (late, fresh)  # oldest first
    assert first["sla"] == "overdue" and second["sla"] == "on_time" and first["working_minutes"] > 5 * 450
    assert first["application"]["tracking_code"].startswith("APS-") and second["application"] is None
    assert first["applicant"] == {"name": "Siti Aminah"}
    text = json.dumps(body)
    for personal in ("Sudah dua bulan", NIK, PHONE, PHONE[1:]):  # a summary: no text, no NIK, no phone
        assert personal not in text
    assert client.get("/api/v1/complaints?page=2", headers=tokens("backoffice")).json["items"] == []
    assert client.get("/api/v1/complaints?status=answered", headers=tokens("admin")).json["total"] == 0


def test_one_complaint_has_its_text(client, rt, tokens):
    [complaint_id] = _complaints(rt, ("Petugas tidak ramah di loket.", timedelta()))
    res = client.get(f"/api/v1/complaints/{complaint_id}", headers=tokens("pengawas"))
    assert res.status_code == 200
    assert res.json["body"] == "Petugas tidak ramah di loket." and res.json["answer"] is None and res.json["status"] == "open"
    assert NIK not in json.dumps(res.json) and PHONE[1:] not in json.dumps(res.json)


def test_answer_through_the_api(client, rt, tokens):
    [complaint_id] = _complaints(rt, ("Petugas tidak ramah di loket.", timedelta()))
    url = f"/api/v1/complaints/{complaint_id}/answer"
    res = client.post(url, headers=tokens("backoffice"), json={"answer": "  Mohon maaf, sudah kami tegur.  "})
    assert res.status_code == 200, res.json
    assert res.json["status"] == "answered" and res.json["answer"] == "Mohon maaf, sudah kami tegur."
    assert res.json["answered_by"] == "Rina Back Office" and res.json["sla"] is None and res.json["answered_at"]
    [sent] = _answers_sent(rt)
    assert sent.recipient == PHONE and sent.variables["answer"] == "Mohon maaf, sudah kami tegur."
    listed = client.get("/api/v1/complaints?status=answered", headers=tokens("backoffice")).json
    assert [c["id"] for c in listed["items"]] == [complaint_id]
    assert client.get("/api/v1/complaints", headers=tokens("backoffice")).json["total"] == 0
    # Answered once: a second answer, from any door, is a 409 and sends nothing more.
    api_error(client.post(url, headers=tokens("pengawas"), json={"answer": "Lagi"}), 409, "not_allowed")
    assert len(_answers_sent(rt)) == 1 and _row(rt, complaint_id).answer == "Mohon maaf, sudah kami tegur."


@pytest.mark.parametrize(("payload", "reason"), [
    ({"answer": "   "}, "write the answer"),
    ({}, "write the answer"),
    ({"answer": 42}, "write the answer"),
    ({"answer": "x" * (MAX_LENGTH + 1)}, f"at most {MAX_LENGTH} characters"),
])
def test_a_bad_answer_is_422_and_changes_nothing(client, rt, tokens, payload, reason):
    [complaint_id] = _complaints(rt, ("Petugas tidak ramah di loket.", timedelta()))
    res = client.post(f"/api/v1/complaints/{complaint_id}/answer", headers=tokens("admin"), json=payload)
    api_error(res, 422, "bad_fields")
    assert res.json["error"]["fields"] == {"answer": reason}
    assert _row(rt, complaint_id).status == "open" and _answers_sent(rt) == []


def test_other_api_errors(client, rt, tokens):
    [complaint_id] = _complaints(rt, ("Petugas tidak ramah di loket.", timedelta()))
    url = f"/api/v1/complaints/{complaint_id}"
    for username in ("teknis", "subkoor", "koor", "kadis"):
        api_error(client.get("/api/v1/complaints", headers=tokens(username)), 403, "forbidden")
        api_error(client.get(url, headers=tokens(username)), 403, "forbidden")
        api_error(client.post(f"{url}/answer", headers=tokens(username), json={"answer": "Baik"}), 403, "forbidden")
    api_error(client.get("/api/v1/complaints"), 401, "unauthorized")
    api_error(client.post(f"{url}/answer", json={"answer": "Baik"}), 401, "unauthorized")
    api_error(client.get("/api/v1/complaints/999999", headers=tokens("backoffice")), 404, "not_found")
    api_error(client.post("/api/v1/complaints/999999/answer", headers=tokens("backoffice"), json={"answer": "Baik"}), 404, "not_found")
    api_error(client.get("/api/v1/complaints?status=closed", headers=tokens("backoffice")), 400, "bad_request")
    api_error(client.get("/api/v1/complaints?page=0", headers=tokens("backoffice")), 400, "bad_request")
    api_error(client.post(f"{url}/answer", headers=tokens("backoffice"), data="[1]", content_type="application/json"), 400)
    assert _row(rt, complaint_id).status == "open" and _answers_sent(rt) == []


def test_the_web_and_the_api_share_the_rule(client, rt, tokens, signed_in):
    [complaint_id] = _complaints(rt, ("Petugas tidak ramah di loket.", timedelta()))
    web = signed_in("pengawas")
    page = web.get("/backoffice/complaints").get_data(as_text=True)
    assert web.post(f"/backoffice/complaints/{complaint_id}/answer",
                    data={"answer": "Dijawab di web.", "csrf_token": csrf_from(page)}).status_code == 302
    api_error(client.post(f"/api/v1/complaints/{complaint_id}/answer", headers=tokens("backoffice"), json={"answer": "API"}), 409)
    assert _row(rt, complaint_id).answer == "Dijawab di web." and len(_answers_sent(rt)) == 1


def test_two_answers_at_the_same_moment_send_one(rt, seeded):
    """Both colleagues loaded the complaint while it was open; only the first answer is kept."""
    [complaint_id] = _complaints(rt, ("Petugas tidak ramah di loket.", timedelta()))
    slow = rt.sessions()
    try:
        stale = slow.get(Complaint, complaint_id)
        assert stale.status == "open"
        slow.commit()  # nothing held: the colleague's answer can commit meanwhile
        with rt.transaction() as s:
            answer_complaint(s, s.get(Complaint, complaint_id), factories.staff(s, "backoffice"), "Yang pertama.")
        with pytest.raises(NotAllowed):
            answer_complaint(slow, stale, factories.staff(slow, "pengawas"), "Yang kedua.")
        slow.rollback()
    finally:
        slow.close()
    assert _row(rt, complaint_id).answer == "Yang pertama." and len(_answers_sent(rt)) == 1
