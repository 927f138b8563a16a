"""A complaint typed in WhatsApp alerts the supervisors: outbox rows written with the complaint
(through the real signed webhook), delivered by the real worker to the Twilio stand-in, as the
approved Content Template outside the 24-hour window and as free text inside it. Never the
complaint's text, the applicant's NIK or phone number."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

import catalogue
from storage import Complaint, OutboxMessage, StaffUser, utcnow
from tests import factories
from tests.bot.conftest import NIK, says

TEMPLATE_SID = "HX" + "c" * 32
COMPLAINT = "Petugas loket meminta uang tambahan, padahal layanan ini gratis."
APPLICANT_PHONE = "+6281234567890"
SUPERVISOR = "+6281100000006"  # the demo supervisor (cli.DEMO_STAFF)
ENGLISH_SUPERVISOR = "+6281100000010"


@pytest.fixture
def config(config):
    """The bot tests' Twilio account (the stand-in), with the complaint alert's template approved."""
    return config.with_(whatsapp_content_sids=json.dumps({"dpmptsp_staff_new_complaint": {"id": TEMPLATE_SID, "en": TEMPLATE_SID}}))


def _add_staff(rt) -> None:
    """Beside the demo staff: supervisors that must not be alerted, and one who must (in English,
    holding admin too, inside the 24-hour window because she wrote to the bot a moment ago)."""
    with rt.transaction() as s:
        for username, roles, whatsapp, active in (
            ("pengawas_cuti", ["supervisor"], "+6281100000007", False),  # deactivated
            ("pengawas_tanpa_hp", ["supervisor"], None, True),  # no WhatsApp number
            ("pengawas_en", ["supervisor", "admin"], ENGLISH_SUPERVISOR, True),
        ):
            user = StaffUser(username=username, full_name=username, whatsapp=whatsapp, active=active,
                             language="en" if username == "pengawas_en" else "id", password_hash="-")
            user.set_roles(roles)
            if username == "pengawas_en":
                user.last_inbound_at = utcnow()
            s.add(user)


def _alerts(rt) -> list[OutboxMessage]:
    with rt.sessions() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.key == "staff.new_complaint")
                              .order_by(OutboxMessage.id)))


def _file_a_complaint(chat, rt) -> tuple[Complaint, str]:
    with rt.transaction() as s:
        app = factories.draft_with_documents(s, factories.applicant(s))
        factories.advance(s, app, until="completeness_check")
        tracking_code = app.tracking_code
    chat.send("ADUAN")
    chat.send("1")
    assert "ADU-" in chat.send(COMPLAINT)
    with rt.sessions() as s:
        return s.scalar(select(Complaint)), tracking_code


def test_supervisors_with_a_number_are_alerted_without_personal_data(chat, rt, run_jobs, fake_twilio):
    _add_staff(rt)
    complaint, tracking_code = _file_a_complaint(chat, rt)
    rows = _alerts(rt)
    # Active supervisors with a number, once each; not the back office, not the numberless admin.
    assert sorted(r.recipient for r in rows) == [SUPERVISOR, ENGLISH_SUPERVISOR]
    link = f"http://testserver.local/backoffice/complaints#complaint-{complaint.id}"
    for row in rows:
        assert row.staff_id is not None and row.applicant_id is None
        assert row.variables["code"] == complaint.code and row.variables["tracking_code"] == tracking_code
        assert row.variables["link"] == link
        assert "body" not in row.variables and COMPLAINT not in json.dumps(row.variables)

    run_jobs()
    sent = {m["To"]: m for m in fake_twilio.messages if m["To"] in (f"whatsapp:{SUPERVISOR}", f"whatsapp:{ENGLISH_SUPERVISOR}")}
    assert len(sent) == 2
    # Outside the 24-hour window: the approved template, its variables on one line each.
    template = sent[f"whatsapp:{SUPERVISOR}"]
    assert template["ContentSid"] == TEMPLATE_SID and "Body" not in template
    variables = json.loads(template["ContentVariables"])
    assert variables["1"] == complaint.code and variables["2"] == tracking_code and variables["4"] == link
    # Inside the window: the catalogue's text, in the supervisor's language.
    free = sent[f"whatsapp:{ENGLISH_SUPERVISOR}"]
    assert "ContentSid" not in free and free["Body"].startswith("📣 New complaint")
    assert complaint.code in free["Body"] and tracking_code in free["Body"] and link in free["Body"]
    for message in sent.values():
        text = json.dumps(message, default=str)  # the stand-in keeps when it was sent (a datetime)
        for personal in (COMPLAINT, "uang tambahan", NIK, APPLICANT_PHONE, APPLICANT_PHONE[1:], "Siti Aminah"):
            assert personal not in text


def test_a_general_complaint_alerts_with_no_file_named(chat, rt):
    assert says("complaint.ask") in chat.send("ADUAN")
    chat.send("Antrean di loket terlalu panjang setiap pagi.")
    [row] = _alerts(rt)
    assert row.recipient == SUPERVISOR and row.variables["tracking_code"] == "-"
    text = catalogue.render(row.key, row.language, **row.variables)
    assert "Berkas: -" in text and "Antrean" not in text and "5 hari kerja" in text


def test_nothing_is_alerted_when_the_complaint_is_not_filed(chat, rt):
    chat.send("ADUAN")
    chat.send("pendek")  # too short: asked again, nothing stored
    chat.send("BATAL")
    assert _alerts(rt) == []
    with rt.sessions() as s:
        assert s.scalar(select(Complaint)) is None
