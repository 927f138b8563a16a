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
