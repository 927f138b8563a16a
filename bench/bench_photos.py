"""Photos → PDF: our path (storage.conversion, in the limited converter process) against img2pdf's
own time on the same photos in the same run; the decompression bomb; and end to end, from the
webhook to the verdict at the Twilio stand-in, against download + check alone.

    python -m bench.bench_photos [--quick] [--no-e2e]

1. For 1, 5 and 20 phone photos (12 MP JPEG, 4000 × 3000, EXIF-rotated, camera and GPS tags):
   - ours: each photo → a clean A4 page (decode at reduced scale, orient, scale to 200 dpi,
     re-encode, metadata dropped) in the warm converter process, then the pages → one PDF
     (img2pdf inside the converter), then `check_pdf` on it: what a document job does;
   - img2pdf alone: `img2pdf.convert(photos)` in this process: it wraps the JPEGs as they are
     (no decode, no orientation, no scaling, metadata kept), the floor of any photo→PDF path;
   with the peak resident memory of the converter (reset per request) and of a fresh process
   running img2pdf, and the size of each PDF.
2. A 50,000 × 50,000 PNG of a few kB (2.5 gigapixels declared): refused, in how long, with how
   much memory.
3. End to end (not with --no-e2e): 1 and 20 applicants each send one phone photo to the signed
   webhook at once; one warm RQ worker (`python -m jobs.worker`, as the Procfile runs it) downloads
   it from the Twilio stand-in, converts, checks, and sends the verdict through the stand-in. Per applicant:
   from the webhook POST to the verdict's arrival at the stand-in; p50/p95, against the time of
   the download + conversion + check alone for one photo.
Figures are for this machine, now (2 shared cores); compare ratios, not times.
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

from bench.common import percentiles, print_table
from simulator.sample_photos import decompression_bomb_png, document_photo
from storage import conversion, pdfcheck

BOMB_SECONDS, BOMB_MB = 2.0, 200

_IMG2PDF_PEAK = """
import json, sys, time
import img2pdf
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
open("/proc/self/clear_refs", "w").write("5")
start = time.perf_counter()
data = img2pdf.convert(sys.argv[2:])
seconds = time.perf_counter() - start
open(sys.argv[1], "wb").write(data)
print(json.dumps({"peak_kb": hwm(), "seconds": seconds, "bytes": len(data)}))
"""


def phone_photos(folder: pathlib.Path, count: int, size: tuple[int, int]) -> list[pathlib.Path]:
    """`count` distinct phone photos (a page on a table, text, sensor noise so JPEG sizes are real)."""
    from PIL import Image

    paths = []
    for i in range(count):
        path = folder / f"photo-{size[0]}x{size[1]}-{i}.jpg"
        if not path.exists():
            base = Image.open(__import__("io").BytesIO(document_photo(*size, orientation=6, label=f"HALAMAN {i + 1}")))
            noise = Image.effect_noise(base.size, 24).convert("RGB")
            Image.blend(base.convert("RGB"), noise, 0.12).save(path, "JPEG", quality=92, exif=base.getexif())
        paths.append(path)
    return paths


def ours(photos: list[pathlib.Path], work: pathlib.Path) -> tuple[float, int, int, int]:
    """(seconds, peak kB of the converter, PDF bytes, pages) for photos → checked PDF."""
    peak = 0
    start = time.perf_counter()
    pages = []
    for i, photo in enumerate(photos):
        page = conversion.photo_page(photo, work / f"page-{i}.jpg")
        assert page.ok, page.reason
        peak = max(peak, pdfcheck.last_peak_rss_kb())
        pages.append(work / f"page-{i}.jpg")
    out = work / "ours.pdf"
    assert conversion.assemble(pages, out) is None
    peak = max(peak, pdfcheck.last_peak_rss_kb())
    verdict = pdfcheck.check_pdf(out)
    seconds = time.perf_counter() - start
    assert verdict.ok and verdict.pages == len(photos), verdict
    return seconds, peak, out.stat().st_size, verdict.pages


def img2pdf_alone(photos: list[pathlib.Path], work: pathlib.Path) -> tuple[float, float, int, int]:
    """(seconds in this process, seconds in a fresh process, its peak kB, PDF bytes)."""
    import img2pdf

    start = time.perf_counter()
    data = img2pdf.convert([str(p) for p in photos])
    seconds = time.perf_counter() - start
    out = subprocess.run([sys.executable, "-c", _IMG2PDF_PEAK, str(work / "img2pdf.pdf"), *map(str, photos)],
                         capture_output=True, text=True, check=True)
    fresh = json.loads(out.stdout)
    return seconds, fresh["seconds"], fresh["peak_kb"], len(data)


def conversion_table(quick: bool, folder: pathlib.Path) -> None:
    size = (1600, 1200) if quick else (4000, 3000)
    counts = (1, 2) if quick else (1, 5, 20)
    runs = 1 if quick else 2
    photos = phone_photos(folder, max(counts), size)
    megapixels = size[0] * size[1] / 1e6
    mean_photo = statistics.mean(p.stat().st_size for p in photos) / 1024 / 1024
    pdfcheck.shutdown()
    start = time.perf_counter()
    conversion.photo_page(photos[0], folder / "warm.jpg")
    cold = time.perf_counter() - start
    rows = []
    for count in counts:
        chosen = photos[:count]
        ours_runs, plain_runs = [], []
        for _ in range(runs):  # alternate, so both see the same noise of a shared machine
            ours_runs.append(ours(chosen, folder))
            plain_runs.append(img2pdf_alone(chosen, folder))
        ours_s = statistics.median(r[0] for r in ours_runs)
        plain_s = statistics.median(r[0] for r in plain_runs)
        rows.append([f"{count} × {megapixels:.0f} MP", f"{ours_s:.2f}", f"{ours_s / count:.2f}",
                     f"{max(r[1] for r in ours_runs) / 1024:.0f}", f"{ours_runs[0][2] / 1024 / count:.0f}",
                     f"{plain_s:.3f}", f"{plain_runs[0][2] / 1024:.0f}", f"{plain_runs[0][3] / 1024 / count:.0f}",
                     f"{ours_s / plain_s:.0f}x"])
    print_table(
        f"Photos → PDF: ours vs img2pdf alone (median of {runs}; photos {mean_photo:.1f} MB each on average)",
        ["photos", "ours s", "s/photo", "ours peak MB", "ours kB/page", "img2pdf s", "img2pdf peak MB",
         "img2pdf kB/page", "ratio"],
        rows,
        note=(f"ours = photo_page per photo + assemble + check_pdf, in the limited converter (warm; its cold start "
              f"took {cold:.2f} s including the first photo). img2pdf alone wraps the original JPEGs without "
              "decoding them: no orientation, no scaling, EXIF/GPS kept, pages as large as the photos."),
    )


def bomb_table(folder: pathlib.Path) -> None:
    bomb = folder / "bomb.png"
    bomb.write_bytes(decompression_bomb_png(50_000))
    conversion.photo_page(phone_photos(folder, 1, (1600, 1200))[0], folder / "warm.jpg")  # warm converter
    start = time.perf_counter()
    page = conversion.photo_page(bomb, folder / "bomb.jpg")
    seconds = time.perf_counter() - start
    peak_mb = pdfcheck.last_peak_rss_kb() / 1024
    within = seconds < BOMB_SECONDS and peak_mb < BOMB_MB
    print_table("Decompression bomb", ["file", "size", "verdict", "seconds", "peak MB", "target"],
                [["PNG 50,000 × 50,000", f"{bomb.stat().st_size / 1024:.1f} kB", page.reason or "accepted",
                  f"{seconds:.3f}", f"{peak_mb:.0f}", f"< {BOMB_SECONDS:.0f} s, < {BOMB_MB} MB: {'met' if within else 'MISSED'}"]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one run (smoke test)")
    parser.add_argument("--no-e2e", action="store_true", help="skip the end-to-end part")
    args = parser.parse_args(argv)
    folder = pathlib.Path(tempfile.mkdtemp(prefix="bench-photos-"))
    conversion_table(args.quick, folder)
    bomb_table(folder)
    if not args.no_e2e:
        from bench.photos_e2e import end_to_end

        end_to_end(args.quick, folder, phone_photos, percentiles)
    pdfcheck.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
