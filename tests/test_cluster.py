"""The cluster test (devtools/cluster.py) on loopback with a small load: a web host and two worker
hosts sharing PostgreSQL, Redis and an S3 server, one worker host SIGKILLed mid-load; nothing lost,
nothing sent twice. Needs a PostgreSQL server (CLUSTER_POSTGRES_URL, default 127.0.0.1:5432)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from devtools import cluster

POSTGRES = os.environ.get("CLUSTER_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _postgres_answers() -> bool:
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means: no server to run against
        return False
    finally:
        engine.dispose()


@pytest.mark.slow
def test_a_worker_host_killed_mid_load_loses_nothing_and_duplicates_nothing(capsys):
    pytest.importorskip("moto.server", reason="moto[server] is in requirements-dev.txt")
    if not _postgres_answers():
        pytest.skip(f"no PostgreSQL server at {POSTGRES} (the cluster test refuses SQLite, as a shared deployment does)")
    assert cluster.main(["--applicants", "3", "--timeout", "90", "--postgres-url", POSTGRES]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "OK: nothing lost, nothing duplicated" in out
    assert "lost 0" in out and "duplicates 0" in out
    assert "3 accepted (each a Tanda Terima)" in out  # staff actions went through the API
    assert "NETWORK NAMESPACES mode" in out or "LOOPBACK mode" in out  # it says which it ran
    left = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout if shutil.which("ip") else ""
    assert f"tte{os.getpid() % 100000}-" not in left  # its namespaces are gone

