"""Shared bits of the benchmark scripts: a table printer, timers, a throwaway instance."""

from __future__ import annotations

import os
import resource
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def print_table(title: str, header: list[str], rows: list[list], note: str = "") -> None:
    cells = [header] + [[_fmt(c) for c in row] for row in rows]
    widths = [max(len(str(row[i])) for row in cells) for i in range(len(header))]
    print(f"\n## {title}\n")
    print("| " + " | ".join(str(h).ljust(w) for h, w in zip(header, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells[1:]:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    if note:
        print(f"\n{note}")


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if value < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@contextmanager
def timer():
    box = {}
    start = time.perf_counter()
    yield box
    box["seconds"] = time.perf_counter() - start


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    if not ordered:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    q = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {"p50": q[49], "p95": q[94], "p99": q[98]}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_instance() -> Path:
    """A throwaway instance folder (SQLite + embedded Redis) unless BENCH_INSTANCE is set."""
    path = os.environ.get("BENCH_INSTANCE")
    return Path(path) if path else Path(tempfile.mkdtemp(prefix="dpmptsp-bench-"))
