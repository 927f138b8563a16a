"""What `make run` prints while it runs (devtools/run.Console): lines for people.

The lines are the ones gunicorn, RQ and our own loggers write (copied from a `make run`).
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from devtools.run import PROBE_AGENT, Console

ROOT = Path(__file__).resolve().parents[1]
ACCESS = '127.0.0.1 - - [01/Dec/2026:00:09:50 +0000] "GET {path} HTTP/1.1" {status} 58 "-" "{agent}"\n'
WORKER = "2026-12-01 00:10:34,780 worker INFO Worker 766d1ae8: "


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def _shown(lines: list[tuple[str, str]], terminal: bool = False) -> str:
    out = _Terminal() if terminal else io.StringIO()
    console = Console(out)
    for name, text in lines:
        console.line(name, text)
    return out.getvalue()


def test_the_readiness_probe_is_not_in_the_log_but_other_requests_are():
    shown = _shown([
        ("web", ACCESS.format(path="/healthz", status=200, agent=PROBE_AGENT)),
        ("web", ACCESS.format(path="/healthz", status=200, agent="curl/8.5")),
        ("web", ACCESS.format(path="/simulator/chat?phone=%2B62812", status=200, agent="Chrome")),
        ("web", ACCESS.format(path="/favicon.ico", status=200, agent="Chrome")),
        ("web", ACCESS.format(path="/backoffice/", status=302, agent="Chrome")),
        ("web", ACCESS.format(path="/simulator/ack", status=200, agent="Chrome").replace("GET", "POST")),
        ("web", ACCESS.format(path="/simulator/ack", status=400, agent="Firefox").replace("GET", "POST")),
    ])
    assert PROBE_AGENT not in shown
    assert "POST /simulator/ack" in shown and "Firefox" in shown and shown.count("/simulator/ack") == 1  # only the refused
    assert "curl/8.5" in shown and "GET /backoffice/" in shown
    assert "/simulator/chat" not in shown and "favicon" not in shown


def test_rq_bookkeeping_and_the_minute_sweeps_are_left_out_but_a_job_of_a_person_is_not():
    shown = _shown([
        ("worker", WORKER + "replies: jobs.sweeps.sweep_outbox() (sweep-outbox-59869461)\n"),
        ("worker", "2026-12-01 00:10:34,780 worker INFO Successfully completed jobs.sweeps.sweep_outbox() job in 0:00:00.006s on worker 766d\n"),
        ("worker", WORKER + "replies: Job OK (sweep-outbox-59869461)\n"),
        ("worker", WORKER + "job sweep-outbox-59869461 result is kept for 500 seconds\n"),
        ("worker", WORKER + "cleaning registries for queue: replies\n"),
        ("worker", WORKER + "subscribing to channel rq:pubsub:766d1ae8\n"),
        ("worker", WORKER + "replies: jobs.replies.handle_inbound(41) (9c1f0a7e-1d2b)\n"),
    ])
    assert shown.count("\n") == 1, shown
    assert "jobs.replies.handle_inbound(41)" in shown


def test_a_failing_sweep_still_shows_and_stands_out():
    failure = "2026-12-01 00:10:35,001 worker ERROR [Job sweep-sla-29934730]: exception raised while executing (sweep-sla-29934730)\n"
    shown = _shown([("worker", failure)], terminal=True)
    assert "exception raised" in shown and "\033[1;31m" in shown


def test_a_warning_from_the_worker_or_the_scheduler_says_so_and_stands_out():
    """Their log lines carry the level (runtime/logs.py), so the console can make it loud."""
    code = ("import logging; from runtime.logs import configure; configure('scheduler'); "
            "logging.getLogger('scheduler').info('scheduler started'); "
            "logging.getLogger('scheduler').warning('scheduler tick failed: Redis away')")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    lines = done.stderr.splitlines(keepends=True)
    assert len(lines) == 2
    shown = _shown([("scheduler", line) for line in lines], terminal=True)
    started, warning = shown.splitlines()
    assert "scheduler started" in started and "\033[1;33m" not in started
    assert "WARNING scheduler tick failed" in warning and "\033[1;33m" in warning
