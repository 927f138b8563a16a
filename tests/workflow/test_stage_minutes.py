"""Filling the working minutes of history rows written before the engine recorded them
(`flask history fill-minutes`): the same figures the engine writes, per file in order, in
batches, only where missing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from storage import Application, CalendarOverride, HistoryEvent
from tests import factories
from tests.backoffice.helpers import submitted_application
from workflow import engine
from workflow.stage_minutes import fill_missing

WIB = ZoneInfo("Asia/Jakarta")


def _at(day: int, hh: int, mm: int = 0, month: int = 12) -> datetime:
    return datetime(2025, month, day, hh, mm, tzinfo=WIB)


def _minutes(rt) -> dict[int, int | None]:
    with rt.transaction() as s:
        return dict(s.execute(select(HistoryEvent.id, HistoryEvent.working_minutes).order_by(HistoryEvent.id)).all())


def _two_files_moved_in_turn(rt) -> None:
    """Two files whose history rows interleave (ids alternate between them), over a lunch break,
    a weekend, Christmas and a day the office opened although it was cuti bersama."""
    with rt.transaction() as s:
        s.add(CalendarOverride(day=date(2025, 12, 26), closed=False, note="pelayanan dibuka"))
    first = submitted_application(rt, name="Warga Satu", whatsapp="+6281300000001", nik="1407010101010001", now=_at(1, 11, 30))
    second = submitted_application(rt, name="Warga Dua", whatsapp="+6281300000002", nik="1407010101010002", now=_at(5, 16))
    with rt.transaction() as s:
        one, two = s.get(Application, first), s.get(Application, second)
        desk, teknis = factories.staff(s, "backoffice"), factories.staff(s, "teknis")
        engine.fire(one, "accept", desk, now=_at(1, 13, 30))  # 60 (lunch)
        engine.fire(two, "accept", desk, now=_at(8, 8, 15))  # 30 + 45 (weekend)
        engine.fire(two, "reject", teknis, reason="Tidak memenuhi syarat", now=_at(24, 15))
        engine.fire(one, "recommend", teknis, recommendation=factories.pdf_bytes(), now=_at(29, 8))


def test_filled_minutes_are_the_ones_the_engine_writes(rt, seeded, runner):
    _two_files_moved_in_turn(rt)
    written = _minutes(rt)
    leaving = [m for m in written.values() if m is not None]
    assert {60, 75} <= set(leaving)
    with rt.transaction() as s:
        s.execute(update(HistoryEvent).values(working_minutes=None))

    result = runner.invoke(args=["history", "fill-minutes", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert f"{len(leaving)} history rows given their working minutes" in result.output
    assert _minutes(rt) == written

    again = runner.invoke(args=["history", "fill-minutes"])
    assert again.exit_code == 0 and "every history row has its working minutes" in again.output


def test_override_that_opens_a_holiday_counts(rt, seeded):
    _two_files_moved_in_turn(rt)
    with rt.transaction() as s:
        s.execute(update(HistoryEvent).values(working_minutes=None))
    fill_missing(rt.sessions)
    with rt.transaction() as s:
        review = s.scalar(select(HistoryEvent.working_minutes).where(HistoryEvent.action == "recommend"))
    # Mon 1 Dec 13:30 → Mon 29 Dec 08:00 (a working day is 450 minutes, Friday too): the rest of
    # Mon 1 Dec is 150, 2–24 Dec hold 17 working days, Christmas stays closed, Fri 26 Dec (cuti
    # bersama, opened by the office) counts, and Mon 29 Dec brings 30.
    assert review == 150 + 17 * 450 + 450 + 30


def test_only_missing_rows_are_filled(rt, seeded):
    _two_files_moved_in_turn(rt)
    with rt.transaction() as s:
        accept_id = s.scalar(select(HistoryEvent.id).where(HistoryEvent.action == "accept").order_by(HistoryEvent.id))
        s.execute(update(HistoryEvent).where(HistoryEvent.id == accept_id).values(working_minutes=999))
        s.execute(update(HistoryEvent).where(HistoryEvent.action == "reject").values(working_minutes=None))
    assert fill_missing(rt.sessions) == 1
    minutes = _minutes(rt)
    assert minutes[accept_id] == 999
    with rt.transaction() as s:
        assert s.scalar(select(HistoryEvent.working_minutes).where(HistoryEvent.action == "reject")) is not None
    assert fill_missing(rt.sessions) == 0


def test_a_bad_batch_size_is_refused(rt, runner):
    result = runner.invoke(args=["history", "fill-minutes", "--batch", "0"])
    assert result.exit_code == 2 and "--batch" in result.output
