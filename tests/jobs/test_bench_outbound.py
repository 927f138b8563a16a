"""Smoke test of the outbound benchmark (not timed): it runs, sends everything once."""

from __future__ import annotations


def test_bench_outbound_quick_runs_and_sends_each_notice_once(tmp_path, monkeypatch, capsys):
    from bench import bench_outbound

    monkeypatch.setenv("BENCH_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)  # never the developer's database: it empties the outbox
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert bench_outbound.main(["--quick", "--notices", "12"]) == 0
    out = capsys.readouterr().out
    assert "| workers |" in out and "duplicates" in out
    for _workers, notices, _wall, _rate, _limit, _share, _cpu, duplicates, not_sent in bench_outbound.LAST_ROWS:
        assert (notices, duplicates, not_sent) == (12, 0, 0)
    assert [(row[0], row[4]) for row in bench_outbound.LAST_ROWS] == [(1, 80), (2, 80), (2, bench_outbound.HEADROOM_LIMIT)]
