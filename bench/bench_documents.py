"""Documents: our check (storage.pdfcheck.check_pdf) against pypdf's own plain parse of the same files.

    python -m bench.bench_documents [--quick]

For each kind of file (text PDFs, phone-scan-like image PDFs, 50-page files) it times
- pypdf plain: `len(PdfReader(path).pages)` in this process (the ceiling: no isolation, no checks);
- ours: `check_pdf(path)` as a job calls it, with the inspector process warm (IPC included),
and reports the median of N runs, the ratio, and the peak resident memory of the process that
parsed (pypdf plain: a fresh process that has imported pypdf; ours: the inspector, whose peak is
reset before each check). The "in-proc" columns run the same checks in this process, without
the process boundary, to show what isolation costs apart from the checks themselves. Then the hostile files: a decompression bomb (4 GB once inflated) and a
file of 150,000 pages, refused with the time and memory it took. Also the cold start (first check,
which starts the inspector). Figures are for this machine, now; compare ratios, not times.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from pypdf import PdfReader, apply_configuration

from storage import pdfcheck, pdfinspect
from storage.pdfinspect import INSPECTOR_LIMITS
from tests import pdf_samples as samples

TARGET_RATIO = 1.5
BOMB_SECONDS, BOMB_MB = 2.0, 200

_PLAIN_PEAK = """
import json, sys
from pypdf import PdfReader, apply_configuration
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
open("/proc/self/clear_refs", "w").write("5")
try:
    pages = len(PdfReader(sys.argv[1]).pages)
except Exception as exc:
    pages = type(exc).__name__
print(json.dumps({"peak_kb": hwm(), "pages": pages}))
"""


def plain_parse(path: pathlib.Path):
    return len(PdfReader(path).pages)


def checks_in_process(path: pathlib.Path):
    """Our checks without the process boundary: what the checks cost, apart from isolation."""
    with apply_configuration(**INSPECTOR_LIMITS):
        return pdfinspect.inspect(str(path), 50)[0]


def plain_peak(path: pathlib.Path) -> tuple[int, object]:
    out = subprocess.run([sys.executable, "-c", _PLAIN_PEAK, str(path)], capture_output=True, text=True, check=True)
    answer = json.loads(out.stdout)
    return answer["peak_kb"], answer["pages"]


def interleaved(first, second, runs: int) -> tuple[float, object, float, object]:
    """Medians of `first` and `second` run alternately (so both see the same noise of a shared machine)."""
    a, b = [], []
    for _ in range(3):  # warm up: first imports, caches, the inspector's first touch of the file
        first(), second()
    result_a = result_b = None
    for _ in range(runs):
        start = time.perf_counter()
        result_a = first()
        a.append(time.perf_counter() - start)
        start = time.perf_counter()
        result_b = second()
        b.append(time.perf_counter() - start)
    return statistics.median(a), result_a, statistics.median(b), result_b


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        try:
            result = fn()
        except Exception as exc:  # pypdf plain on a hostile file: note what it raised
            result = type(exc).__name__
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def files(quick: bool) -> dict[str, bytes]:
    if quick:
        return {"text, 2 pages": samples.text_pdf(2), "text, 50 pages": samples.text_pdf(50),
                "scan, 2 pages": samples.scan_pdf(2)}
    return {
        "text, 2 pages": samples.text_pdf(2),
        "text, 10 pages": samples.text_pdf(10),
        "text, 50 pages": samples.text_pdf(50),
        "scan, 2 pages": samples.scan_pdf(2),
        "scan, 10 pages": samples.scan_pdf(10),
        "scan, 50 pages": samples.scan_pdf(50, width=620, height=877),  # 75 dpi: under the 10 MB cap
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and few runs (smoke test)")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 60
    folder = pathlib.Path(tempfile.mkdtemp(prefix="bench-documents-"))

    def write(name: str, data: bytes) -> pathlib.Path:
        path = folder / (name.replace(",", "").replace(" ", "-") + ".pdf")
        path.write_bytes(data)
        return path

    pdfcheck.shutdown()
    first = write("first", samples.text_pdf(1))
    start = time.perf_counter()
    pdfcheck.check_pdf(first)
    cold = time.perf_counter() - start

    print(f"Documents: check_pdf vs pypdf's plain parse (median of {runs} runs, alternating; peak RSS of the parsing process)")
    header = (f"{'file':<16} {'size':>8} {'pages':>5} {'pypdf ms':>9} {'ours ms':>8} {'ratio':>6} "
              f"{'in-proc ms':>10} {'ratio':>6} {'pypdf MB':>9} {'ours MB':>8}")
    print(header)
    print("-" * len(header))
    ratios, inproc_ratios = [], []
    for name, data in files(args.quick).items():
        path = write(name, data)
        plain_s, pages, ours_s, verdict = interleaved(lambda path=path: plain_parse(path),
                                                      lambda path=path: pdfcheck.check_pdf(path), runs)
        assert verdict.ok and verdict.pages == pages, (name, verdict, pages)
        ours_kb = pdfcheck.last_peak_rss_kb()
        plain2_s, _, inproc_s, _ = interleaved(lambda path=path: plain_parse(path),
                                               lambda path=path: checks_in_process(path), runs)
        plain_kb, _ = plain_peak(path)
        ratios.append(ours_s / plain_s)
        inproc_ratios.append(inproc_s / plain2_s)
        print(f"{name:<16} {len(data) / 1024:>6.0f}kB {pages:>5} {plain_s * 1000:>9.2f} {ours_s * 1000:>8.2f} "
              f"{ours_s / plain_s:>5.2f}x {inproc_s * 1000:>10.2f} {inproc_s / plain2_s:>5.2f}x "
              f"{plain_kb / 1024:>9.0f} {ours_kb / 1024:>8.0f}")
    print(f"geometric-mean ratio: check_pdf {statistics.geometric_mean(ratios):.2f}x (target <= {TARGET_RATIO}x), "
          f"the same checks in-process {statistics.geometric_mean(inproc_ratios):.2f}x; "
          f"cold start (first check, starts the inspector) {cold * 1000:.0f} ms, paid once per "
          f"{pdfcheck.RECYCLE_AFTER:,} checks ({cold * 1000 / pdfcheck.RECYCLE_AFTER:.2f} ms a check)")

    print()
    print("Hostile files (ours: refused; pypdf plain: what it answers)")
    header = f"{'file':<22} {'size':>8} {'verdict':<28} {'ours s':>7} {'ours MB':>8} {'pypdf s':>8} {'pypdf says':<18}"
    print(header)
    print("-" * len(header))
    bomb_mb, many = (256, 2_000) if args.quick else (4096, 150_000)
    hostile = {
        f"bomb, {bomb_mb} MB inflated": samples.bomb_pdf(megabytes=bomb_mb),
        f"{many:,} pages": samples.many_pages_pdf(many),
    }
    for name, data in hostile.items():
        path = write(name, data)
        pdfcheck.check_pdf(first)  # warm inspector: the figure is the refusal, not a start-up
        start = time.perf_counter()
        verdict = pdfcheck.check_pdf(path)
        ours_s = time.perf_counter() - start
        ours_mb = pdfcheck.last_peak_rss_kb() / 1024
        plain_s, says = timed(lambda path=path: plain_parse(path), 1)
        marks = "" if not name.startswith("bomb") or (ours_s < BOMB_SECONDS and ours_mb < BOMB_MB) else "  (over target)"
        print(f"{name:<22} {len(data) / 1024:>6.0f}kB {verdict.reason or 'accepted':<28} {ours_s:>7.2f} "
              f"{ours_mb:>8.0f} {plain_s:>8.2f} {str(says):<18}{marks}")
    print(f"target: bomb refused in < {BOMB_SECONDS:.0f} s with < {BOMB_MB} MB")
    pdfcheck.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
