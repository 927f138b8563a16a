"""A complaint round trip: ADUAN in WhatsApp → staff answer in the back office → the answer is
delivered to the applicant's WhatsApp by the real worker through the Twilio stand-in."""

from __future__ import annotations

from sqlalchemy import select

from storage import Complaint
from tests import factories
from tests.backoffice.helpers import csrf_from, login
from tests.bot.conftest import says


def _complaints(rt) -> list[Complaint]:
    with rt.sessions() as s:
        return list(s.scalars(select(Complaint).order_by(Complaint.id)))


def _two_submitted(rt) -> list[str]:
    with rt.transaction() as s:
        who = factories.applicant(s)
        codes = []
        for _ in range(2):
            app = factories.draft_with_documents(s, who)
            factories.advance(s, app, until="completeness_check")
            codes.append(app.tracking_code)
        return codes


def test_complaint_round_trip(chat, rt, app, run_jobs, fake_twilio):
    codes = _two_submitted(rt)
    choose = chat.send("ADUAN")
    assert f"1. {codes[0]}\n2. {codes[1]}\n3. Pengaduan umum" in choose
    assert says("complaint.invalid_choice") in chat.send("7")
    assert says("complaint.ask") in chat.send("2")
    assert says("complaint.too_short") in chat.send("lama")
    reply = chat.send("Sudah lewat 5 hari kerja, berkas saya belum ada kabar.")
    [complaint] = _complaints(rt)
    assert says("complaint.received", code=complaint.code) in reply
    assert complaint.status == "open" and complaint.body.startswith("Sudah lewat")
    with rt.sessions() as s:
        from storage import Application

        assert s.get(Application, complaint.application_id).tracking_code == codes[1]

    staff = app.test_client()
    assert login(staff, "backoffice").status_code == 302
    page = staff.get("/backoffice/complaints").get_data(as_text=True)
    assert complaint.code in page and codes[1] in page
    res = staff.post(f"/backoffice/complaints/{complaint.id}/answer",
                     data={"answer": "Berkas Bapak/Ibu sedang diverifikasi, selesai besok.", "csrf_token": csrf_from(page)})
    assert res.status_code == 302
    assert _complaints(rt)[0].status == "answered"
    run_jobs()
    sent = [m for m in fake_twilio.messages if "Berkas Bapak/Ibu sedang diverifikasi" in m.get("Body", "")]
    assert len(sent) == 1 and sent[0]["To"] == "whatsapp:+6281234567890" and complaint.code in sent[0]["Body"]


def test_general_complaint_without_applications(chat, rt):
    assert says("complaint.ask") in chat.send("aduan")
    chat.send("Parkir kantor terlalu sempit untuk motor.")
    [complaint] = _complaints(rt)
    assert complaint.application_id is None and complaint.code.endswith("-000001")
