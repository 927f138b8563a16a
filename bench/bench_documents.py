"""Documents: our check (storage.pdfcheck.check_pdf) against pypdf's own plain parse of the same files.

    python -m bench.bench_documents [--quick]

For each kind of file (text PDFs, phone-scan-like image PDFs, 50-page files) it times
- pypdf plain: `len(PdfReader(path).pages)` in this process (the ceiling: no isolation, no checks);
- ours: `check_pdf(path)` as a job calls it, with the inspector process warm (IPC included),
and reports the median of N runs, the ratio, and the peak resident memory of the process that
parsed (pypdf plain: a fresh process that has imported pypdf; ours: the inspector, whose peak is
reset before each check). Then the hostile files: a decompression bomb (4 GB once inflated) and a
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

from pypdf import PdfReader

from storage import pdfcheck
from tests import pdf_samples as samples

TARGET_RATIO = 1.5
BOMB_SECONDS, BOMB_MB = 2.0, 200

_PLAIN_PEAK = """
import json, sys
from pypdf import PdfReader
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


def plain_peak(path: pathlib.Path) -> tuple[int, object]:
    out = subprocess.run([sys.executable, "-c", _PLAIN_PEAK, str(path)], capture_output=True, text=True, check=True)
    answer = json.loads(out.stdout)
    return answer["peak_kb"], answer["pages"]


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
    made = {
        "text, 2 pages": samples.text_pdf(2),
        "text, 10 pages": samples.text_pdf(10),
        "text, 50 pages": samples.text_pdf(50),
        "scan, 2 pages": samples.scan_pdf(2),
        "scan, 10 pages": samples.scan_pdf(10 if not quick else 3),
    }
    if not quick:
        made["scan, 50 pages"] = samples.scan_pdf(50, width=620, height=877)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and few runs (smoke test)")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else 30
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

    print(f"Documents: check_pdf vs pypdf's plain parse (median of {runs} runs; peak RSS of the parsing process)")
    header = f"{'file':<16} {'size':>8} {'pages':>5} {'pypdf ms':>9} {'ours ms':>8} {'ratio':>6} {'pypdf MB':>9} {'ours MB':>8}"
    print(header)
    print("-" * len(header))
    ratios = []
    for name, data in files(args.quick).items():
        path = write(name, data)
        plain_s, pages = timed(lambda path=path: plain_parse(path), runs)
        ours_s, verdict = timed(lambda path=path: pdfcheck.check_pdf(path), runs)
        assert verdict.ok and verdict.pages == pages, (name, verdict, pages)
        ours_kb = pdfcheck.last_peak_rss_kb()
        plain_kb, _ = plain_peak(path)
        ratios.append(ours_s / plain_s)
        print(f"{name:<16} {len(data) / 1024:>6.0f}kB {pages:>5} {plain_s * 1000:>9.2f} {ours_s * 1000:>8.2f} "
              f"{ours_s / plain_s:>5.2f}x {plain_kb / 1024:>9.0f} {ours_kb / 1024:>8.0f}")
    print(f"geometric-mean ratio {statistics.geometric_mean(ratios):.2f}x (target <= {TARGET_RATIO}x); "
          f"cold start (first check, starts the inspector) {cold * 1000:.0f} ms")

    print()
    print("Hostile files (ours: refused; pypdf plain: what it answers)")
    header = f"{'file':<22} {'size':>8} {'verdict':<28} {'ours s':>7} {'ours MB':>8} {'pypdf s':>8} {'pypdf says':<18}"
    print(header)
    print("-" * len(header))
    hostile = {
        "bomb, 4 GB inflated": samples.bomb_pdf(megabytes=256 if args.quick else 4096),
        "150,000 pages": samples.many_pages_pdf(2_000 if args.quick else 150_000),
    }
    for name, data in hostile.items():
        path = write(name, data)
        pdfcheck.check_pdf(first)  # warm inspector: the figure is the refusal, not a start-up
        start = time.perf_counter()
        verdict = pdfcheck.check_pdf(path)
        ours_s = time.perf_counter() - start
        ours_mb = pdfcheck.last_peak_rss_kb() / 1024
        plain_s, says = timed(lambda path=path: plain_parse(path), 1)
        marks = "" if name.startswith("150") or (ours_s < BOMB_SECONDS and ours_mb < BOMB_MB) else "  (over target)"
        print(f"{name:<22} {len(data) / 1024:>6.0f}kB {verdict.reason or 'accepted':<28} {ours_s:>7.2f} "
              f"{ours_mb:>8.0f} {plain_s:>8.2f} {str(says):<18}{marks}")
    print(f"target: bomb refused in < {BOMB_SECONDS:.0f} s with < {BOMB_MB} MB")
    pdfcheck.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
