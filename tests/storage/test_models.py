"""Models on the real database (SQLite by default, PostgreSQL on CI): constraints, UTC times,
gap-free counters under concurrency, the file store, migrations in step with the models."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storage import Applicant, InboundMessage, mask_nik
from storage.phones import normalise_msisdn
from storage.sequences import next_value


def test_times_come_back_aware_and_in_utc(rt):
    moment = datetime(2026, 11, 30, 9, 0, tzinfo=timezone(timedelta(hours=7)))
    with rt.transaction() as s:
        s.add(Applicant(whatsapp="+6281234567890", consent_at=moment))
    with rt.transaction() as s:
        a = s.scalar(select(Applicant))
        assert a.consent_at == moment and a.consent_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(rt):
    with pytest.raises(Exception, match="naive"):
        with rt.transaction() as s:
            s.add(Applicant(whatsapp="+6281234567890", consent_at=datetime(2026, 1, 1)))


def test_message_sid_and_nik_are_unique(rt):
    with rt.transaction() as s:
        s.add(InboundMessage(message_sid="SM1", sender="+62811"))
    with pytest.raises(IntegrityError):
        with rt.transaction() as s:
            s.add(InboundMessage(message_sid="SM1", sender="+62811"))
    with rt.transaction() as s:
        s.add(Applicant(whatsapp="+62811", nik="1407014107050001"))
    with pytest.raises(IntegrityError):
        with rt.transaction() as s:
            s.add(Applicant(whatsapp="+62812", nik="1407014107050001"))


def test_counter_is_gap_free_and_rolls_back(rt):
    with rt.transaction() as s:
        assert [next_value(s, "k") for _ in range(3)] == [1, 2, 3]
    s = rt.sessions()
    assert next_value(s, "k") == 4
    s.rollback()
    s.close()
    with rt.transaction() as s:
        assert next_value(s, "k") == 4
        assert next_value(s, "other") == 1


def test_counter_under_concurrency_gives_no_duplicates(rt):
    values, errors = [], []

    def take():
        try:
            for _ in range(10):
                with rt.transaction() as s:
                    values.append(next_value(s, "race"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(values) == list(range(1, 41))


def test_migrations_match_the_models(rt):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage import Base

    with rt.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


@pytest.mark.parametrize(
    "nik, masked",
    [("1407014107050001", "1407********0001"), ("", ""), (None, ""), ("123", "***")],
)
def test_mask_nik(nik, masked):
    assert mask_nik(nik) == masked


@pytest.mark.parametrize(
    "raw, e164",
    [
        ("0812-3456-7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("whatsapp:+6281234567890", "+6281234567890"),
        ("+1 415 523 8886", "+14155238886"),
    ],
)
def test_phone_numbers_normalise_to_e164(raw, e164):
    assert normalise_msisdn(raw) == e164


@pytest.mark.parametrize("raw", ["", "abc", "0812", "+62 000"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        normalise_msisdn(raw)
