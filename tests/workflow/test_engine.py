"""The engine: every SOP transition, every refusal (stage, role, fields), history, outbox,
due times, and the guard that keeps the stage out of anyone else's hands."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import object_session

from storage import ROLES, Application, HistoryEvent, OutboxMessage, StaffUser, StageWriteForbidden
from tests import factories
from workflow import engine
from workflow.actors import Actor
from workflow.definition import APPLICANT, load
from workflow.errors import BadFields, Forbidden, NotAllowed

WIB = ZoneInfo("Asia/Jakarta")
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=WIB)
FLOW = load("rekomendasi")

# Fields that make each action valid (the happy path's inputs).
GOOD_FIELDS = {
    "return": {"reasons": ["SKTM sudah kedaluwarsa"]},
    "recommend": {"recommendation": factories.pdf_bytes()},
    "reject": {"reason": "Tidak memenuhi syarat"},
    "sign": {"passphrase": "demo-tte"},
}
NOTES = {"send_back": "Mohon diperiksa ulang"}


def _kw(app, action):
    kw = dict(GOOD_FIELDS.get(action.name, {}))
    if action.name == "collect":
        kw["pickup_code"] = app.pickup_code
    if action.name == "sign":
        session = object_session(app)
        kw["preview_sha256"] = factories.previewed(session, app, _actor_for(session, "head_of_office", app), MONDAY_9)
    return kw


def _actor_for(session, role, app):
    if role == APPLICANT:
        return app.applicant
    username = f"u-{role}"
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None:
        user = StaffUser(username=username, password_hash="x", nip="197001011995031001" if role == "head_of_office" else "")
        user.set_roles([role])
        session.add(user)
        session.flush()
    return user


def _move_to(session, app, stage):
    """Walk the happy path (forward actions) until `stage` is reached."""
    path = {
        "completeness_check": ["submit"],
        "returned": ["submit", "return"],
        "technical_review": ["submit", "accept"],
        "verification": ["submit", "accept", "recommend"],
        "approval": ["submit", "accept", "recommend", "verify"],
        "numbering": ["submit", "accept", "recommend", "verify", "approve"],
        "signing": ["submit", "accept", "recommend", "verify", "approve", "assign_number"],
        "printing": ["submit", "accept", "recommend", "verify", "approve", "assign_number", "sign"],
        "ready_for_pickup": ["submit", "accept", "recommend", "verify", "approve", "assign_number", "sign", "print"],
    }.get(stage, [])
    for name in path:
        action = FLOW.action(app.stage, name)
        who = _actor_for(session, action.roles[0], app)
        engine.fire(app, name, who, note=NOTES.get(name, ""), now=MONDAY_9, **_kw(app, action))
    assert app.stage == stage


def test_happy_path_from_draft_to_completed(seeded, session):
    app = factories.draft_with_documents(session)
    _move_to(session, app, "ready_for_pickup")
    assert app.tracking_code.startswith("APS-2026-") and len(app.tracking_code) == len("APS-2026-000001")
    assert app.issued_number == "400.9/1/DPMPTSP-REK/2026"
    assert len(app.pickup_code) == 6 and not set(app.pickup_code) & set("01OI")
    engine.fire(app, "collect", _actor_for(session, "back_office", app), now=MONDAY_9, pickup_code=app.pickup_code.lower())
    assert app.stage == "completed" and app.closed_at is not None
    stages = [(h.from_stage, h.to_stage) for h in app.history]
    assert stages[0] == (None, "draft") and stages[-1] == ("ready_for_pickup", "completed")
    assert len(stages) == 10


ALL_STAGE_ACTIONS = [(a.source, a.name) for a in FLOW.actions]


@pytest.mark.parametrize("stage, name", ALL_STAGE_ACTIONS)
@pytest.mark.parametrize("role", list(ROLES) + [APPLICANT])
def test_role_by_action_matrix(seeded, session, stage, name, role):
    """Each role may take exactly the actions the SOP gives it; all others are Forbidden."""
    app = factories.draft_with_documents(session)
    _move_to(session, app, stage)
    action = FLOW.action(stage, name)
    who = _actor_for(session, role, app)
    if role in action.roles:
        engine.fire(app, name, who, note=NOTES.get(name, "catatan"), now=MONDAY_9, **_kw(app, action))
        assert app.stage == action.target
        event = app.history[-1]
        assert (event.action, event.from_stage, event.to_stage) == (name, stage, action.target)
    else:
        with pytest.raises(Forbidden):
            engine.fire(app, name, who, note="x", now=MONDAY_9, **_kw(app, action))
        assert app.stage == stage


@pytest.mark.parametrize("stage", [s for s in FLOW.stages])
def test_actions_of_other_stages_are_not_allowed(seeded, session, stage):
    if stage in ("rejected", "cancelled", "completed"):
        pytest.skip("final stages are covered below")
    app = factories.draft_with_documents(session)
    _move_to(session, app, stage)
    open_names = {a.name for a in FLOW.actions_from(stage)}
    for a in FLOW.actions:
        if a.name not in open_names:
            with pytest.raises(NotAllowed):
                engine.fire(app, a.name, _actor_for(session, a.roles[0], app), note="x", **_kw(app, a))


def test_final_stages_take_no_action(seeded, session):
    app = factories.draft_with_documents(session)
    engine.fire(app, "cancel", app.applicant)
    assert app.stage == "cancelled"
    for a in FLOW.actions:
        with pytest.raises(NotAllowed):
            engine.fire(app, a.name, app.applicant)


def test_available_lists_exactly_the_callers_actions(seeded, session):
    app = factories.draft_with_documents(session)
    assert [a.name for a in engine.available(app, app.applicant)] == ["submit", "cancel"]
    bo = factories.staff(session, "backoffice")
    assert engine.available(app, bo) == []
    engine.fire(app, "submit", app.applicant)
    assert [a.name for a in engine.available(app, bo)] == ["accept", "return"]
    assert engine.available(app, factories.staff(session, "pengawas")) == []


def test_another_applicant_is_not_the_owner(seeded, session):
    app = factories.draft_with_documents(session)
    other = factories.applicant(session, whatsapp="+6281299999999", nik="1407010101900002")
    assert engine.available(app, other) == []
    with pytest.raises(Forbidden):
        engine.fire(app, "submit", other)


def test_inactive_staff_may_do_nothing(seeded, session):
    app = factories.draft_with_documents(session)
    engine.fire(app, "submit", app.applicant)
    bo = factories.staff(session, "backoffice")
    bo.active = False
    with pytest.raises(Forbidden):
        engine.fire(app, "accept", bo)


def test_submit_needs_every_required_document(seeded, session):
    app = factories.draft_with_documents(session)
    app.documents[0].status = "refused"
    with pytest.raises(BadFields) as err:
        engine.fire(app, "submit", app.applicant)
    assert "documents" in err.value.errors
    assert app.stage == "draft" and app.tracking_code is None


def test_a_pickup_code_read_out_with_other_digits_is_the_same_code(seeded, session):
    app = factories.draft_with_documents(session)
    _move_to(session, app, "ready_for_pickup")
    typed = app.pickup_code.lower().translate(str.maketrans("23456789", "٢٣٤٥٦٧٨٩"))
    engine.fire(app, "collect", _actor_for(session, "back_office", app), now=MONDAY_9, pickup_code=typed)
    assert app.stage == "completed"


@pytest.mark.parametrize(
    "stage, name, fields, note, bad",
    [
        ("completeness_check", "return", {}, "", "reasons"),
        ("completeness_check", "return", {"reasons": ["  ", ""]}, "", "reasons"),
        ("technical_review", "reject", {"reason": "  "}, "", "reason"),
        ("technical_review", "recommend", {}, "", "recommendation"),
        ("verification", "send_back", {}, "", "note"),
        ("signing", "sign", {}, "", "passphrase"),
        ("ready_for_pickup", "collect", {"pickup_code": "WRONG1"}, "", "pickup_code"),
        ("ready_for_pickup", "collect", {"pickup_code": "ÄÖÜ×ßé"}, "", "pickup_code"),  # not ASCII: no 500
        ("ready_for_pickup", "collect", {"pickup_code": "２３４５６٧"}, "", "pickup_code"),  # other digits, still wrong
        ("completeness_check", "accept", {"surprise": "x"}, "", "surprise"),
    ],
)
def test_bad_fields_are_refused_and_change_nothing(seeded, session, stage, name, fields, note, bad):
    app = factories.draft_with_documents(session)
    _move_to(session, app, stage)
    history = len(app.history)
    action = FLOW.action(stage, name)
    with pytest.raises(BadFields) as err:
        engine.fire(app, name, _actor_for(session, action.roles[0], app), note=note, **fields)
    assert bad in err.value.errors
    assert app.stage == stage and len(app.history) == history


def test_stage_cannot_be_written_outside_the_engine(seeded, session):
    app = factories.draft_with_documents(session)
    with pytest.raises(StageWriteForbidden):
        app.stage = "completed"


def test_due_times_follow_the_sla_in_working_time(seeded, session):
    app = factories.draft_with_documents(session)
    engine.fire(app, "submit", app.applicant, now=MONDAY_9)
    assert app.stage_due_at == datetime(2026, 11, 30, 9, 15, tzinfo=WIB)
    engine.fire(app, "accept", factories.staff(session, "backoffice"), now=MONDAY_9)
    assert app.stage_due_at == datetime(2026, 12, 8, 9, 0, tzinfo=WIB)  # 6 working days
    engine.fire(app, "reject", factories.staff(session, "teknis"), reason="Tidak sesuai", now=MONDAY_9)
    assert app.stage_due_at is None and app.closed_at == MONDAY_9


def test_each_history_row_keeps_the_working_minutes_of_the_stage_it_leaves(seeded, session):
    app = factories.draft_with_documents(session)
    opened = app.stage_entered_at
    teknis, subkoor = factories.staff(session, "teknis"), factories.staff(session, "subkoor")
    engine.fire(app, "submit", app.applicant, now=MONDAY_9)
    engine.fire(app, "accept", factories.staff(session, "backoffice"), now=datetime(2026, 11, 30, 12, 30, tzinfo=WIB))
    engine.fire(app, "recommend", teknis, recommendation=factories.pdf_bytes(), now=datetime(2026, 12, 1, 8, 0, tzinfo=WIB))
    engine.fire(app, "send_back", subkoor, note="Lampiran kurang", now=datetime(2026, 12, 1, 8, 10, tzinfo=WIB))
    engine.fire(app, "recommend", teknis, recommendation=factories.pdf_bytes(), now=datetime(2026, 12, 1, 8, 40, tzinfo=WIB))
    rows = [(h.from_stage, h.working_minutes) for h in app.history]
    assert rows == [
        (None, None),  # the draft is opened: no stage left
        ("draft", engine.calendar_for(session).minutes_between(opened, MONDAY_9)),
        ("completeness_check", 180),  # Mon 09:00–12:00, the lunch hour not counted
        ("technical_review", 210),  # Mon 13:00–16:00 and Tue 07:30–08:00
        ("verification", 10),
        ("technical_review", 30),  # the second visit counts on its own
    ]


def test_outbox_rows_for_applicant_and_back_office(seeded, session):
    app = factories.draft_with_documents(session)
    engine.fire(app, "submit", app.applicant, now=MONDAY_9)
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(r.key, r.recipient) for r in rows] == [
        ("notice.submitted", app.applicant.whatsapp),
        ("staff.new_file", "+6281100000001"),
    ]
    assert rows[0].variables["tracking_code"] == app.tracking_code
    assert rows[0].application_id == app.id


def test_secrets_never_reach_history_or_outbox(seeded, session):
    app = factories.draft_with_documents(session)
    _move_to(session, app, "printing")
    session.flush()
    for h in session.scalars(select(HistoryEvent)):
        assert "demo-tte" not in str(h.data) and "demo-tte" not in h.note
    for m in session.scalars(select(OutboxMessage)):
        assert "demo-tte" not in str(m.variables)


def test_return_reasons_reach_the_applicant(seeded, session):
    app = factories.draft_with_documents(session)
    _move_to(session, app, "returned")
    row = session.scalars(select(OutboxMessage).where(OutboxMessage.key == "notice.returned")).one()
    assert row.variables["reasons"] == ["SKTM sudah kedaluwarsa"]


def test_numbers_are_sequential_and_kept_when_sent_back(seeded, session):
    numbers = []
    for i in range(3):
        who = factories.applicant(session, whatsapp=f"+62812000000{i}", nik=f"140701410705000{i + 1}")
        app = factories.draft_with_documents(session, who)
        _move_to(session, app, "signing")
        numbers.append(app.issued_number)
    assert numbers == [f"400.9/{n}/DPMPTSP-REK/2026" for n in (1, 2, 3)]
    kadis = factories.staff(session, "kadis")
    engine.fire(app, "send_back", kadis, note="Perbaiki data")
    koor = factories.staff(session, "koor")
    engine.fire(app, "approve", koor)
    engine.fire(app, "assign_number", factories.staff(session, "backoffice"))
    assert app.issued_number == numbers[-1]


def test_system_actor_has_no_roles(seeded, session):
    app = factories.draft_with_documents(session)
    with pytest.raises(Forbidden):
        engine.fire(app, "submit", Actor.system())


def test_committed_application_reloads(seeded, rt):
    with rt.transaction() as s:
        app = factories.draft_with_documents(s)
        engine.fire(app, "submit", app.applicant)
        app_id = app.id
    with rt.transaction() as s:
        again = s.get(Application, app_id)
        assert again.stage == "completeness_check"
        assert again.stage_due_at.tzinfo is not None


def test_a_secret_is_taken_exactly_as_typed(seeded, session):
    from workflow.engine import _check_fields

    sign = FLOW.action("signing", "sign")
    digest = "a" * 64
    assert _check_fields(sign, "", {"passphrase": " pass phrase ", "preview_sha256": digest}) == {
        "passphrase": " pass phrase ", "preview_sha256": digest}
    with pytest.raises(BadFields):
        _check_fields(sign, "", {"passphrase": "", "preview_sha256": digest})
