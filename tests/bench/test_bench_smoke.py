"""The benchmark scripts still run (tiny sizes, nothing timed): they must not rot."""

from __future__ import annotations

import shutil

import pytest


def test_database_bench_runs(tmp_path, monkeypatch, capsys):
    from bench import bench_database

    monkeypatch.setenv("BENCH_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert bench_database.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "SLA scan" in out and "desk page" in out and "dashboard" in out
    assert "USING INDEX" in out  # the plans are printed and use the indexes


@pytest.mark.skipif(not shutil.which("taskset"), reason="taskset (util-linux) is needed to pin the cores")
def test_webhook_bench_runs(tmp_path, monkeypatch, capsys):
    from bench import bench_webhook

    monkeypatch.setenv("BENCH_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert bench_webhook.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "registration step" in out and "ratio" in out


def test_paperwork_bench_runs(tmp_path, monkeypatch, capsys):
    from bench import bench_paperwork

    monkeypatch.setenv("BENCH_INSTANCE", str(tmp_path))
    bench_paperwork.main(["--quick"])
    out = capsys.readouterr().out
    assert "sign PAdES with a timestamp (local TSA)" in out and "check signature (cold)" in out


def test_scaling_bench_runs(tmp_path, monkeypatch, capsys):
    from bench import bench_scaling

    monkeypatch.setenv("BENCH_INSTANCE", str(tmp_path))
    for name in ("DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:1/none")  # nothing there: SQLite
    monkeypatch.setenv("BENCH_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing there: the embedded Redis
    assert bench_scaling.main(["--documents", "3", "--notices", "4"]) == 0
    out = capsys.readouterr().out
    assert "Throughput with 1, 2 and 4 workers (SQLite" in out
    assert [row[0] for row in bench_scaling.LAST_ROWS] == [1, 2, 4]
    assert all(row[-2:] == [0, 0] for row in bench_scaling.LAST_ROWS)  # no duplicate, nothing lost
