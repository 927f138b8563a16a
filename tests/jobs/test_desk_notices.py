"""The desk notices held over quiet hours go at the office's next opening as one digest per
person, through `flask desks digest --at …` and the scheduler's sweep, delivered by a real RQ
worker to the Twilio stand-in as the approved templates; never twice."""

from __future__ import annotations

import itertools
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

import catalogue
from jobs.desk_notices import release
from jobs.templates import content_variables, templates
from storage import Application, HeldDeskNotice, OutboxMessage, StaffUser
from tests import factories
from tests.jobs.conftest import drain, make_runtime
from tests.twilio_fake import ACCOUNT_SID, AUTH_TOKEN
from workflow import engine

WIB = ZoneInfo("Asia/Jakarta")
TUE_9 = datetime(2026, 12, 1, 9, 0, tzinfo=WIB)
SUBKOOR, SECOND_SUBKOOR, TEKNIS = "+6281100000003", "+6281100000013", "+6281100000002"
NOTICE_SID, DIGEST_SID = "HX" + "d" * 32, "HX" + "e" * 32


@pytest.fixture
def desk_rt(app, config, fake_twilio):
    """A deployment with a Twilio account (the stand-in) and the desk templates approved; the
    demo staff and a second sub-coordinator."""
    from cli import seed_demo

    cfg = config.with_(twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_api_base_url=fake_twilio.api_url)
    rt = make_runtime(cfg, whatsapp_content_sids=json.dumps({"dpmptsp_staff_desk_notice": NOTICE_SID,
                                                             "dpmptsp_staff_desk_digest": DIGEST_SID}))
    with rt.transaction() as s:
        seed_demo(s)
        user = StaffUser(username="subkoor2", full_name="Subkoor Dua", whatsapp=SECOND_SUBKOOR, password_hash="-")
        user.set_roles(["sub_coordinator"])
        s.add(user)
    return rt


_APPLICANTS = itertools.count(1)


def _to_verification(rt, at: datetime) -> int:
    """A file accepted on Tuesday morning and recommended by the technical team at `at`."""
    with rt.transaction() as s:
        n = next(_APPLICANTS)
        app = factories.draft_with_documents(s, factories.applicant(s, whatsapp=f"+628123000{n:04d}", nik=f"140701410705{n:04d}"))
        factories.advance(s, app, until="technical_review", now=TUE_9)
        engine.fire(app, "recommend", factories.staff(s, "teknis"), recommendation=factories.pdf_bytes(), now=at)
        return app.id


def _rows(rt, *keys) -> list[OutboxMessage]:
    keys = keys or ("staff.desk_notice", "staff.desk_digest")
    with rt.transaction() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.key.in_(keys),
                                                          OutboxMessage.recipient.in_([SUBKOOR, SECOND_SUBKOOR]))
                              .order_by(OutboxMessage.id)))


@pytest.fixture
def cli(desk_rt):
    from app import create_app

    flask_app = create_app(desk_rt.config)
    runner = flask_app.test_cli_runner()

    def run(at: str) -> str:
        result = runner.invoke(args=["desks", "digest", "--at", at])
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_in_office_hours_the_notice_goes_at_once_as_its_template(desk_rt, fake_twilio):
    app_id = _to_verification(desk_rt, datetime(2026, 12, 1, 10, 0, tzinfo=WIB))
    drain(desk_rt)
    sent = {m["To"]: m for m in fake_twilio.messages}
    assert f"whatsapp:{TEKNIS}" in sent  # accepted at 09:00: the technical team heard of it
    for phone in (SUBKOOR, SECOND_SUBKOOR):
        message = sent[f"whatsapp:{phone}"]
        assert message["ContentSid"] == NOTICE_SID and "Body" not in message
        variables = json.loads(message["ContentVariables"])
        assert variables["3"] == "diverifikasi oleh Sub Koordinator Perizinan"
        assert variables["4"] == "Selasa, 1 Desember 2026 pukul 10.10 WIB"
        assert variables["5"].endswith(f"/backoffice/applications/{app_id}")
    assert all(r.status == "sent" for r in _rows(desk_rt))


def test_quiet_hours_collect_into_one_digest_per_person_next_morning(desk_rt, cli, fake_twilio):
    first = _to_verification(desk_rt, datetime(2026, 12, 1, 16, 30, tzinfo=WIB))  # after closing
    second = _to_verification(desk_rt, datetime(2026, 12, 1, 22, 15, tzinfo=WIB))
    third = _to_verification(desk_rt, datetime(2026, 12, 2, 6, 50, tzinfo=WIB))  # before opening
    drain(desk_rt)
    assert _rows(desk_rt) == [] and not [m for m in fake_twilio.messages if m["To"].endswith(SUBKOOR)]

    assert "0 digest" in cli("2026-12-02T07:29:00+07:00")  # the office is not open yet
    assert "2 digest, 0 single (6 files)" in cli("2026-12-02T07:31:00+07:00")
    digests = _rows(desk_rt)
    assert sorted(r.recipient for r in digests) == [SUBKOOR, SECOND_SUBKOOR]
    with desk_rt.transaction() as s:
        codes = [s.get(Application, i).tracking_code for i in (first, second, third)]
    for row in digests:
        assert row.key == "staff.desk_digest" and row.variables["count"] == 3 and row.application_id is None
        assert row.variables["link"].endswith("/backoffice/")
        text = catalogue.render(row.key, row.language, **row.variables)
        assert text.startswith("📥 3 berkas baru menunggu di meja Bapak/Ibu:")
        assert all(code in text for code in codes)
        assert text.index(codes[0]) < text.index(codes[1]) < text.index(codes[2])  # the most urgent first

    # Run again, and again later: nothing more is sent.
    assert "0 digest, 0 single" in cli("2026-12-02T07:32:00+07:00")
    assert "0 digest, 0 single" in cli("2026-12-02T09:00:00+07:00")
    drain(desk_rt)
    to_subkoor = [m for m in fake_twilio.messages if m["To"] == f"whatsapp:{SUBKOOR}"]
    assert len(to_subkoor) == 1 and to_subkoor[0]["ContentSid"] == DIGEST_SID
    variables = json.loads(to_subkoor[0]["ContentVariables"])
    assert variables["1"] == "3" and all(code in variables["2"] for code in codes) and "\n" not in variables["2"]
    assert len(_rows(desk_rt)) == 2


def test_a_file_taken_before_the_morning_is_left_out_and_one_file_is_a_plain_notice(desk_rt, cli):
    early = _to_verification(desk_rt, datetime(2026, 12, 1, 18, 0, tzinfo=WIB))
    waiting = _to_verification(desk_rt, datetime(2026, 12, 1, 19, 0, tzinfo=WIB))
    with desk_rt.transaction() as s:  # a sub-coordinator verified one at night
        engine.fire(s.get(Application, early), "verify", factories.staff(s, "subkoor"),
                    now=datetime(2026, 12, 1, 21, 0, tzinfo=WIB))
    # Each sub-coordinator: one file left, a plain notice; the coordinator: the verified file.
    assert "0 digest, 3 single (3 files); 2 no longer waiting" in cli("2026-12-02T07:30:00+07:00")
    rows = _rows(desk_rt)
    assert {r.key for r in rows} == {"staff.desk_notice"} and {r.application_id for r in rows} == {waiting}


def test_someone_who_lost_the_role_or_the_account_overnight_is_not_told(desk_rt, cli):
    _to_verification(desk_rt, datetime(2026, 12, 1, 18, 0, tzinfo=WIB))
    with desk_rt.transaction() as s:
        s.scalar(select(StaffUser).where(StaffUser.username == "subkoor2")).active = False
    cli("2026-12-02T07:30:00+07:00")
    assert [r.recipient for r in _rows(desk_rt)] == [SUBKOOR]


def test_a_weekend_holds_until_monday_and_lunch_until_one(desk_rt, cli):
    _to_verification(desk_rt, datetime(2026, 12, 4, 17, 0, tzinfo=WIB))  # Friday after closing
    _to_verification(desk_rt, datetime(2026, 12, 1, 12, 10, tzinfo=WIB))  # Tuesday's lunch hour
    assert "0 digest" in cli("2026-12-01T12:59:00+07:00")
    assert "2 single" in cli("2026-12-01T13:00:00+07:00")
    assert "0 single" in cli("2026-12-05T09:00:00+07:00")  # Saturday: closed
    assert "2 single" in cli("2026-12-07T07:30:00+07:00")  # Monday's opening
    assert len(_rows(desk_rt)) == 4


def test_the_scheduler_runs_the_morning_sweep_once_across_a_restart(desk_rt, fake_twilio):
    from jobs.scheduler import tick

    _to_verification(desk_rt, datetime(2026, 12, 1, 20, 0, tzinfo=WIB))
    _to_verification(desk_rt, datetime(2026, 12, 1, 21, 0, tzinfo=WIB))
    with time_machine.travel(datetime(2026, 12, 2, 7, 30, 5, tzinfo=WIB), tick=False) as clock:
        assert any(job_id.startswith("sweep-desks-") for job_id in tick(desk_rt))
        drain(desk_rt)
        desk_rt.redis.flushdb()  # a scheduler and Redis restarted: the period's marker is gone
        clock.shift(30)
        assert any(job_id.startswith("sweep-desks-") for job_id in tick(desk_rt))
        drain(desk_rt)
    rows = _rows(desk_rt)
    assert len(rows) == 2 and all(r.key == "staff.desk_digest" and r.status == "sent" for r in rows)
    assert len([m for m in fake_twilio.messages if m["To"] == f"whatsapp:{SUBKOOR}"]) == 1
    with desk_rt.transaction() as s:
        held = s.scalars(select(HeldDeskNotice)).all()
        assert len(held) == 4 and all(h.released_at is not None for h in held)
    release(now=datetime(2027, 1, 2, 8, 0, tzinfo=WIB), rt=desk_rt)  # a month on: the released rows go
    with desk_rt.transaction() as s:
        assert s.scalars(select(HeldDeskNotice)).all() == []


def test_a_long_digest_lists_six_and_counts_the_rest_within_a_template_message():
    from jobs.desk_notices import DIGEST_ITEMS
    from workflow.definition import load

    item = max((catalogue.render("staff.desk_digest_item", "id", tracking_code="APS-2026-000123", stage=stage.name,
                                 due="2026-12-30T07:40:00+07:00")
                for stage in load("rekomendasi").stages.values() if stage.notifies), key=len)  # the longest line
    items = [item] * DIGEST_ITEMS + [catalogue.render("staff.desk_digest_more", "id", count=14)]
    variables = {"count": 20, "items": items, "link": "https://perizinan.rokanhilirkab.go.id/backoffice/"}
    filled = content_variables("staff.desk_digest", "id", "Asia/Jakarta", variables)
    body = templates()["staff.desk_digest"].texts["id"]
    for number, value in filled.items():
        body = body.replace("{{" + number + "}}", value)
    assert "dan 14 berkas lainnya" in body and len(body) <= 1024  # WhatsApp's limit for a template body


def test_a_bad_time_is_a_clear_error(desk_rt):
    from app import create_app

    result = create_app(desk_rt.config).test_cli_runner().invoke(args=["desks", "digest", "--at", "besok pagi"])
    assert result.exit_code != 0 and "ISO-8601" in result.output
