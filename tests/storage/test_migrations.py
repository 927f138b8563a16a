"""Migration 0004 on a database of its own (a SQLite file, or a PostgreSQL schema of the test
database): rows written under 0003 keep everything, get their working minutes from
`flask history fill-minutes`' backfill, and the downgrade removes the column and index again."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.engine import make_url

from cli import alembic_config, upgrade_database
from runtime import Runtime
from storage import Applicant, Application, CalendarOverride, HistoryEvent
from storage.db import make_engine
from tests.conftest import TEST_DATABASE_URL
from workflow.service_data import sync_services
from workflow.stage_minutes import fill_missing, fill_services

WIB = ZoneInfo("Asia/Jakarta")
SCHEMA = "migration_check"


def _at(month: int, day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2025, month, day, hh, mm, tzinfo=WIB)


@pytest.fixture
def scratch(tmp_path, base_config):
    """(config, url) of an empty database nobody else uses."""
    if not TEST_DATABASE_URL:
        config = base_config.with_(database_url=f"sqlite:///{tmp_path / 'migrations.sqlite3'}", instance_path=tmp_path)
        yield config, config.sqlalchemy_url
        return
    url = make_url(base_config.sqlalchemy_url)
    engine = make_engine(url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}"))
    scoped = url.update_query_dict({"options": f"-csearch_path={SCHEMA}"}).render_as_string(hide_password=False)
    yield base_config.with_(database_url=scoped, instance_path=tmp_path), scoped
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {SCHEMA} CASCADE"))
    engine.dispose()


def _history_schema(url: str) -> set[str]:
    """The names of history_events' columns and indexes."""
    engine = make_engine(url)
    try:
        found = inspect(engine)
        return {c["name"] for c in found.get_columns("history_events")} | {i["name"] for i in found.get_indexes("history_events")}
    finally:
        engine.dispose()


ADDED = {"working_minutes", "ix_history_events_window"}


def _rows_under_0003(rt) -> None:
    """Two files written the way the engine wrote them before 0004 (rows interleaved), and a
    closure the office entered: Tue 2 Dec 2025."""
    with rt.transaction() as s:
        service = sync_services(s)[0]
        # A Core insert naming the columns 0003 had (the model may have gained columns since).
        who_id = s.execute(insert(Applicant).values(whatsapp="+6281300000001", name="Warga")).inserted_primary_key[0]
        s.add(CalendarOverride(day=date(2025, 12, 2), closed=True))
        s.flush()
        ids = [
            s.execute(insert(Application).values(service_id=service.id, applicant_id=who_id, stage="technical_review",
                                                 stage_entered_at=_at(12, 1, 13, 30), created_at=_at(12, 1, 11))).inserted_primary_key[0]
            for _ in range(2)
        ]
        steps = [  # (file, at, from, to), in the order they happened
            (0, _at(12, 1, 11, 0), None, "draft"),
            (1, _at(12, 1, 15, 0), None, "draft"),
            (0, _at(12, 1, 11, 30), "draft", "completeness_check"),  # 30
            (1, _at(12, 1, 15, 30), "draft", "completeness_check"),  # 30
            (0, _at(12, 1, 13, 30), "completeness_check", "technical_review"),  # 30 + lunch + 30 = 60
            (1, _at(12, 3, 8, 0), "completeness_check", "technical_review"),  # 30, Tue closed, 30 = 60
            (1, _at(12, 29, 8, 0), "technical_review", "rejected"),  # to Mon 29 Dec, over Christmas
        ]
        s.execute(insert(HistoryEvent.__table__), [
            {"application_id": ids[n], "at": at, "actor_type": "system", "action": "step", "from_stage": src, "to_stage": dst}
            for n, at, src, dst in steps
        ])


def test_0004_adds_column_and_index_the_backfill_fills_it_the_downgrade_removes_both(scratch):
    config, url = scratch
    upgrade_database(url, "0003_survey")
    assert not ADDED & _history_schema(url)
    rt = Runtime(config)
    _rows_under_0003(rt)

    upgrade_database(url, "0004_stage_minutes")  # (0021 replaces the index: its own test below)
    assert ADDED <= _history_schema(url)
    with rt.transaction() as s:
        assert set(s.scalars(select(HistoryEvent.working_minutes))) == {None}

    # Wed 3 Dec 08:00 → Mon 29 Dec 08:00: 16 working days of 450 minutes, Christmas and its cuti
    # bersama (Thu, Fri) closed.
    expected = [None, None, 30, 30, 60, 60, 16 * 450]
    assert fill_missing(rt.sessions, batch=1) == 5
    with rt.transaction() as s:
        assert list(s.scalars(select(HistoryEvent.working_minutes).order_by(HistoryEvent.id))) == expected
    rt.engine.dispose()

    from alembic import command

    command.downgrade(alembic_config(url), "0003_survey")
    assert not ADDED & _history_schema(url)
    upgrade_database(url, "0004_stage_minutes")
    assert ADDED <= _history_schema(url)


def test_0021_gives_history_rows_their_service_the_backfill_fills_it_the_downgrade_removes_it(scratch):
    """The medians' index becomes (at, service_id, from_stage, working_minutes); rows already
    there get their file's service from `flask history fill-minutes` (fill_services)."""
    config, url = scratch
    upgrade_database(url, "0020_questions")
    assert "service_id" not in _history_schema(url)
    rt = Runtime(config)
    _rows_under_0003(rt)
    upgrade_database(url)
    schema = _history_schema(url)
    assert {"service_id", "ix_history_events_medians"} <= schema and "ix_history_events_window" not in schema
    with rt.transaction() as s:
        assert set(s.scalars(select(HistoryEvent.service_id))) == {None}
        service_id = s.scalar(select(Application.service_id))
    assert fill_services(rt.sessions, batch=1) == 7
    assert fill_services(rt.sessions, batch=1) == 0  # a second run: nothing left
    with rt.transaction() as s:
        assert set(s.scalars(select(HistoryEvent.service_id))) == {service_id}
    rt.engine.dispose()

    from alembic import command

    command.downgrade(alembic_config(url), "0020_questions")
    schema = _history_schema(url)
    assert "service_id" not in schema and "ix_history_events_window" in schema and "ix_history_events_medians" not in schema


def test_0019_fills_the_search_words_of_the_rows_already_there_and_the_downgrade_removes_them(scratch):
    config, url = scratch
    upgrade_database(url, "0018_held_desk_notices")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            service_id = conn.execute(text("INSERT INTO services (code, name, name_en, workflow, number_format, active) "
                                           "VALUES ('APS', 'x', 'x', 'rekomendasi', '{seq}', true) RETURNING id")).scalar()
            who = conn.execute(text("INSERT INTO applicants (whatsapp, name, nik, language, documents_held, created_at) "
                                    "VALUES ('+6281300000001', 'Siti Nur''aini', '1407010101900427', 'id', false, "
                                    ":at) RETURNING id"), {"at": _at(12, 1, 11)}).scalar()
            conn.execute(text("INSERT INTO applications (service_id, applicant_id, stage, stage_entered_at, created_at, details) "
                              "VALUES (:s, :w, 'completed', :at, :at, :d)"),
                         {"s": service_id, "w": who, "at": _at(12, 1, 11),
                          "d": '{"child_name": "Rizki Ramadhan", "child_birth_date": "2011-02-14"}'})
        upgrade_database(url)
        with engine.connect() as conn:
            assert set(conn.execute(text("SELECT term FROM name_terms")).scalars()) == {"siti", "nuraini"}
            assert set(conn.execute(text("SELECT term FROM search_terms")).scalars()) == {"rizki", "ramadhan"}
        from alembic import command

        command.downgrade(alembic_config(url), "0018_held_desk_notices")
        assert not {"name_terms", "search_terms"} & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
