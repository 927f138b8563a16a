"""The SLA monitor through `flask sla check --at …`: one alert per supervisor and owner per
breach, an escalation at twice the SLA, the 07:30 digest, reminders; every scan idempotent."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

import catalogue
from storage import Application, OutboxMessage, SlaAlert
from tests import factories
from workflow import engine

WIB = ZoneInfo("Asia/Jakarta")
TUE_9 = datetime(2026, 12, 1, 9, 0, tzinfo=WIB)
SUPERVISOR, BACK_OFFICE = "+6281100000006", "+6281100000001"


@pytest.fixture
def submitted(seeded):
    with seeded.transaction() as s:
        app = factories.draft_with_documents(s)
        engine.fire(app, "submit", app.applicant, now=TUE_9)
    return app.id


def _scan(runner, at: str) -> str:
    result = runner.invoke(args=["sla", "check", "--at", at])
    assert result.exit_code == 0, result.output
    return result.output


def _rows(rt, key) -> list[OutboxMessage]:
    with rt.transaction() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.key == key).order_by(OutboxMessage.id)))


def test_nothing_before_the_due_time(runner, rt, submitted):
    assert "0 overdue" in _scan(runner, "2026-12-01T09:14:00+07:00")
    assert _rows(rt, "alert.sla_breach") == []


def test_a_breach_alerts_each_supervisor_and_owner_once(runner, rt, submitted):
    out = _scan(runner, "2026-12-01T09:16:00+07:00")
    assert "overdue: APS-2026-" in out and "1 breach" in out
    breach = _rows(rt, "alert.sla_breach")
    assert sorted(r.recipient for r in breach) == sorted([SUPERVISOR, BACK_OFFICE])
    assert all(r.staff_id and r.application_id == submitted for r in breach)
    text = catalogue.render("alert.sla_breach", "id", **breach[0].variables)
    assert "diperiksa kelengkapannya oleh Back Office" in text and "terlambat 1 menit kerja" in text
    # Tuesday 09:16 → the legal deadline (6 working days from submission, Wednesday 9 Dec 09:00)
    assert "Sisa waktu hingga batas layanan (6 hari kerja sejak pengajuan): 5 hari kerja 7 jam" in text
    _scan(runner, "2026-12-01T09:20:00+07:00")
    _scan(runner, "2026-12-01T09:20:00+07:00")
    assert len(_rows(rt, "alert.sla_breach")) == 2


def test_twice_the_sla_escalates_once(runner, rt, submitted):
    _scan(runner, "2026-12-01T09:16:00+07:00")
    assert "1 escalation" in _scan(runner, "2026-12-01T09:31:00+07:00")
    _scan(runner, "2026-12-01T10:00:00+07:00")
    assert len(_rows(rt, "alert.sla_escalation")) == 2
    assert len(_rows(rt, "alert.sla_breach")) == 2
    with rt.transaction() as s:
        assert sorted(a.level for a in s.scalars(select(SlaAlert))) == ["breach", "escalation"]


def test_a_new_visit_of_the_stage_is_a_new_breach(runner, rt, submitted):
    _scan(runner, "2026-12-01T09:16:00+07:00")
    with rt.transaction() as s:
        app = s.get(Application, submitted)
        engine.fire(app, "return", factories.staff(s, "backoffice"), reasons=["KTP buram"], now=TUE_9.replace(minute=20))
        engine.fire(app, "resubmit", app.applicant, now=TUE_9.replace(minute=30))
    _scan(runner, "2026-12-01T09:46:00+07:00")
    assert len(_rows(rt, "alert.sla_breach")) == 4


def test_the_morning_digest_goes_to_supervisors_once_a_working_day(runner, rt, submitted):
    _scan(runner, "2026-12-01T09:40:00+07:00")  # the file's alerts, the day before
    _scan(runner, "2026-12-02T07:29:00+07:00")
    assert _rows(rt, "alert.sla_digest") == []
    assert "1 digest" in _scan(runner, "2026-12-02T07:31:00+07:00")
    _scan(runner, "2026-12-02T08:00:00+07:00")
    [digest] = _rows(rt, "alert.sla_digest")
    assert digest.recipient == SUPERVISOR and digest.variables["count"] == 1
    text = catalogue.render("alert.sla_digest", "id", **digest.variables)
    assert "Rabu, 2 Desember 2026" in text and "APS-2026-" in text
    _scan(runner, "2026-12-05T08:00:00+07:00")  # Saturday: the office is closed, no digest
    _scan(runner, "2026-12-03T07:45:00+07:00")
    assert len(_rows(rt, "alert.sla_digest")) == 2


def test_a_returned_file_is_reminded_once_after_three_working_days(runner, rt, submitted):
    with rt.transaction() as s:
        app = s.get(Application, submitted)
        engine.fire(app, "return", factories.staff(s, "backoffice"), reasons=["KTP buram"], now=TUE_9.replace(minute=5))
    _scan(runner, "2026-12-04T09:00:00+07:00")  # Friday 09:00: not yet three working days
    assert _rows(rt, "reminder.returned") == []
    assert "1 reminder" in _scan(runner, "2026-12-04T09:10:00+07:00")
    _scan(runner, "2026-12-07T09:10:00+07:00")
    [reminder] = _rows(rt, "reminder.returned")
    assert reminder.applicant_id and reminder.variables["days"] == 3
    assert "sejak 3 hari kerja lalu" in catalogue.render("reminder.returned", "id", **reminder.variables)


def test_a_bad_time_is_a_clear_error(runner, rt):
    result = runner.invoke(args=["sla", "check", "--at", "kemarin"])
    assert result.exit_code != 0 and "ISO-8601" in result.output


def test_a_time_without_offset_is_office_time(runner, rt, submitted):
    assert "1 breach" in _scan(runner, "2026-12-01T09:16")


def test_the_scheduler_runs_the_same_scan_by_its_dotted_path(rt, submitted):
    import time_machine

    from jobs.scheduler import tick
    from tests.jobs.conftest import drain

    with time_machine.travel(datetime(2026, 12, 1, 9, 16, tzinfo=WIB)):
        assert any(job_id.startswith("sweep-sla-") for job_id in tick(rt))
        drain(rt)
    breach = _rows(rt, "alert.sla_breach")
    assert len(breach) == 2 and all(r.status == "sent" for r in breach)  # sandbox: sent


def test_an_alert_names_and_links_the_file(runner, rt, submitted):
    _scan(runner, "2026-12-01T09:16:00+07:00")
    breach = _rows(rt, "alert.sla_breach")[0]
    link = breach.variables["link"]
    assert link.endswith(f"/backoffice/applications/{submitted}") and link.startswith(rt.config.base_url)
    text = catalogue.render("alert.sla_breach", "id", **breach.variables)
    assert breach.variables["tracking_code"] in text and f"Buka berkas: {link}" in text


def test_a_file_past_twice_its_sla_at_the_first_scan_gets_one_message_per_person(runner, rt, submitted):
    out = _scan(runner, "2026-12-01T09:40:00+07:00")  # first scan after 2× the 15 minutes
    assert "0 breach, 1 escalation" in out
    assert _rows(rt, "alert.sla_breach") == []
    assert sorted(r.recipient for r in _rows(rt, "alert.sla_escalation")) == sorted([SUPERVISOR, BACK_OFFICE])
    _scan(runner, "2026-12-01T09:45:00+07:00")  # the breach was recorded as said: never sent later
    assert _rows(rt, "alert.sla_breach") == []
    with rt.transaction() as s:
        assert sorted(a.level for a in s.scalars(select(SlaAlert))) == ["breach", "escalation"]


def test_the_digest_leaves_out_what_was_just_alerted(runner, rt, seeded):
    with seeded.transaction() as s:  # a file submitted the evening before, overdue at 07:30
        app = factories.draft_with_documents(s)
        engine.fire(app, "submit", app.applicant, now=datetime(2026, 12, 1, 15, 50, tzinfo=WIB))
    out = _scan(runner, "2026-12-02T08:00:00+07:00")  # its escalation and today's digest in one scan
    assert "1 escalation" in out and "0 digest" in out
    assert _rows(rt, "alert.sla_digest") == []
    _scan(runner, "2026-12-02T09:00:00+07:00")  # today's digest is done: nothing repeats later
    assert _rows(rt, "alert.sla_digest") == [] and len(_rows(rt, "alert.sla_escalation")) == 2
