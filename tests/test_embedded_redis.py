"""The embedded Redis of `make run` stops when asked, at once, and keeps what it held."""

from __future__ import annotations

from runtime.connection import embedded_redis, running, stop_all_embedded, stop_embedded


def test_stopping_the_embedded_redis_saves_its_data_and_ends_the_server(tmp_path):
    conn = embedded_redis(tmp_path)
    pid = conn.pid
    assert pid and running(pid)
    conn.set("first-run-probe", "kept")
    stop_embedded(tmp_path)
    assert not running(pid)
    # Saved on the way out (a SIGKILLed server leaves no dump of this key).
    assert b"first-run-probe" in (tmp_path / "redis.rdb").read_bytes()
    again = embedded_redis(tmp_path)  # and the next start finds it
    try:
        assert again.get("first-run-probe") == b"kept"
    finally:
        stop_embedded(tmp_path)


def test_stopping_what_was_never_started_is_a_no_op(tmp_path):
    stop_embedded(tmp_path)


def test_every_embedded_server_of_a_process_stops_together(tmp_path):
    pids = [embedded_redis(tmp_path / name).pid for name in ("a", "b")]
    assert all(pid and running(pid) for pid in pids)
    stop_all_embedded()
    assert not any(running(pid) for pid in pids)
