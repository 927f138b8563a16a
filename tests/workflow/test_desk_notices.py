"""Every desk hears of its work: a file reaching a stage tells the active staff with a WhatsApp
number who hold the stage's owner role (and nobody else), with the file's link; `notify = false`
in the workflow file silences a stage; outside office hours the notice is held for the morning."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

import catalogue
from storage import HeldDeskNotice, OutboxMessage, StaffUser
from tests import factories
from workflow import engine

WIB = ZoneInfo("Asia/Jakarta")
TUE_9 = datetime(2026, 12, 1, 9, 0, tzinfo=WIB)
TUE_10 = datetime(2026, 12, 1, 10, 0, tzinfo=WIB)
TUE_EVENING = datetime(2026, 12, 1, 19, 0, tzinfo=WIB)
BACK_OFFICE, TEKNIS, SUBKOOR, KOOR = "+6281100000001", "+6281100000002", "+6281100000003", "+6281100000004"
SECOND_SUBKOOR = "+6281100000013"


def _staff(session, username, roles, whatsapp, *, active=True, language="id") -> StaffUser:
    user = StaffUser(username=username, full_name=username, whatsapp=whatsapp, active=active, language=language,
                     password_hash="-")
    user.set_roles(roles)
    session.add(user)
    session.flush()
    return user


@pytest.fixture
def colleagues(seeded, session):
    """Beside the demo staff: a second sub-coordinator (in English), one on leave (deactivated)
    and one without a WhatsApp number."""
    _staff(session, "subkoor2", ["sub_coordinator"], SECOND_SUBKOOR, language="en")
    _staff(session, "subkoor_cuti", ["sub_coordinator"], "+6281100000014", active=False)
    _staff(session, "subkoor_tanpa_hp", ["sub_coordinator"], None)
    return session


def _in_review(session):
    app = factories.draft_with_documents(session)
    return factories.advance(session, app, until="technical_review", now=TUE_9)


def _desk(session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.key == "staff.desk_notice")
                                .order_by(OutboxMessage.id)))


def test_a_file_reaching_a_stage_tells_each_holder_of_its_role(colleagues):
    session = colleagues
    app = _in_review(session)
    [teknis] = _desk(session)  # accepted at 09:00: the technical team heard of it
    assert teknis.recipient == TEKNIS
    engine.fire(app, "recommend", factories.staff(session, "teknis"), recommendation=factories.pdf_bytes(), now=TUE_10)
    rows = _desk(session)[1:]
    # Both active sub-coordinators with a number; not the one on leave, not the one without a number,
    # not the technical team who just acted, not the other roles.
    assert sorted(r.recipient for r in rows) == [SUBKOOR, SECOND_SUBKOOR]
    for row in rows:
        assert row.application_id == app.id and row.staff_id and row.applicant_id is None
        assert set(row.variables) == {"tracking_code", "service", "stage", "workflow", "due", "link"}  # workflow: its stage words
        assert row.variables["link"].endswith(f"/backoffice/applications/{app.id}")
    indonesian = next(r for r in rows if r.recipient == SUBKOOR)
    text = catalogue.render(indonesian.key, indonesian.language, **indonesian.variables)
    assert app.tracking_code in text and "diverifikasi oleh Sub Koordinator Perizinan" in text
    assert "Selasa, 1 Desember 2026 pukul 10.10 WIB" in text and "masuk ke meja Bapak/Ibu" in text
    english = next(r for r in rows if r.recipient == SECOND_SUBKOOR)
    assert english.language == "en"
    assert "has reached your desk: being verified by" in catalogue.render(english.key, "en", **english.variables)
    # What the role needs, no more: no NIK, no name, no phone number of the applicant.
    dumped = json.dumps([r.variables for r in rows])
    for personal in (app.applicant.nik, app.applicant.name, app.applicant.whatsapp, "Rizki"):
        assert personal not in dumped


def test_the_back_office_gets_its_new_file_notice_once_not_twice(seeded, session):
    app = factories.draft_with_documents(session)
    engine.fire(app, "submit", app.applicant, now=TUE_9)
    staff_rows = session.scalars(select(OutboxMessage).where(OutboxMessage.staff_id.is_not(None))).all()
    assert [(r.key, r.recipient) for r in staff_rows] == [("staff.new_file", BACK_OFFICE)]


def test_who_moved_the_file_is_not_told_of_their_own_action(colleagues):
    """One person holding both roles recommends: the file reaches their other desk, and they
    did it a moment ago; their colleagues are told."""
    session = colleagues
    both = _staff(session, "teknis_subkoor", ["technical_team", "sub_coordinator"], "+6281100000015")
    app = _in_review(session)
    before = len(_desk(session))
    engine.fire(app, "recommend", both, recommendation=factories.pdf_bytes(), now=TUE_10)
    recipients = sorted(r.recipient for r in _desk(session)[before:])
    assert recipients == [SUBKOOR, SECOND_SUBKOOR]


def test_a_send_back_tells_the_desk_it_returns_to(seeded, session):
    app = _in_review(session)
    factories.advance(session, app, until="verification", now=TUE_9)
    engine.fire(app, "send_back", factories.staff(session, "subkoor"), note="Lampiran kurang", now=TUE_10)
    assert [r.recipient for r in _desk(session)][-1] == TEKNIS


def test_no_notice_where_the_applicant_or_nobody_owns_the_stage(seeded, session):
    app = factories.draft_with_documents(session)
    engine.fire(app, "submit", app.applicant, now=TUE_9)
    engine.fire(app, "return", factories.staff(session, "backoffice"), reasons=["KTP buram"], now=TUE_10)
    assert _desk(session) == []  # `returned` is the applicant's stage: they get notice.returned


@pytest.fixture
def verification_silenced(tmp_path, monkeypatch):
    """The shipped workflow with `notify = false` on the verification stage."""
    import workflow.definition as definition

    target = tmp_path / "definitions"
    shutil.copytree(definition.DEFINITIONS, target)
    path = target / "rekomendasi.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("sop_step = 5", "sop_step = 5\nnotify = false", 1), encoding="utf-8")
    monkeypatch.setattr(definition, "DEFINITIONS", target)
    definition.load.cache_clear()
    yield
    definition.load.cache_clear()


def test_notify_false_in_the_workflow_file_silences_the_stage(seeded, session, verification_silenced):
    from workflow.definition import load

    assert not load("rekomendasi").stage("verification").notifies
    assert load("rekomendasi").stage("approval").notifies  # on by default
    app = _in_review(session)
    before = len(_desk(session))
    engine.fire(app, "recommend", factories.staff(session, "teknis"), recommendation=factories.pdf_bytes(), now=TUE_10)
    assert _desk(session)[before:] == []
    engine.fire(app, "verify", factories.staff(session, "subkoor"), now=TUE_10)
    assert [r.recipient for r in _desk(session)[before:]] == [KOOR]


def test_outside_office_hours_the_notice_is_held_for_the_next_opening(colleagues):
    session = colleagues
    app = _in_review(session)
    before = len(_desk(session))
    engine.fire(app, "recommend", factories.staff(session, "teknis"), recommendation=factories.pdf_bytes(), now=TUE_EVENING)
    assert _desk(session)[before:] == []
    held = session.scalars(select(HeldDeskNotice).order_by(HeldDeskNotice.id)).all()
    assert len(held) == 2 and {h.stage for h in held} == {"verification"}
    assert all(h.release_at == datetime(2026, 12, 2, 7, 30, tzinfo=WIB) and h.released_at is None for h in held)


def test_a_submission_at_night_holds_the_back_office_notice_too(seeded, session):
    app = factories.draft_with_documents(session)
    engine.fire(app, "submit", app.applicant, now=TUE_EVENING)
    assert session.scalars(select(OutboxMessage).where(OutboxMessage.staff_id.is_not(None))).all() == []
    [held] = session.scalars(select(HeldDeskNotice)).all()
    assert (held.role, held.stage) == ("back_office", "completeness_check")
    # The applicant is still told at once: the quiet hours are the staff's.
    assert session.scalar(select(OutboxMessage.key).where(OutboxMessage.applicant_id == app.applicant_id)) == "notice.submitted"
