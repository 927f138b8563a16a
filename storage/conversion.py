"""Photos and Word files → PDF, in the limited converter process (storage/pdfcheck's CONVERT mode).

The caller side of storage/photopdf.py: each call is one request to a warm process with an
address-space limit, a CPU-seconds limit and a wall-clock timeout (as the PDF check); a process
that dies or runs out of time is replaced and the file refused as unsafe. Results are catalogue
keys (None when it worked). The PDF that comes out is then checked by `check_pdf` like any other.
"""

from __future__ import annotations

import pathlib
import shutil
from dataclasses import dataclass

from storage.pdfcheck import CONVERT, ask_inspector
from storage.pdfinspect import UNSAFE

# A 12 MP JPEG decodes at 1/2 scale in ~0.1–0.3 s; a 48 MP HEIC in a few seconds on a slow core.
PHOTO_SECONDS = 20.0
# The converter's address space: the interpreter with Pillow, libheif and pikepdf mapped is
# ~250 MB of it; a 50 MP PNG or HEIC decoded is 150 MB more, plus the scaled copy.
PHOTO_MEMORY_MB = 768
ASSEMBLE_SECONDS_PER_PAGE = 1.0
OFFICE_SECONDS = 90.0
OFFICE_MEMORY_MB = 4096  # LibreOffice maps a lot of address space; its time is bounded by the timeout
OFFICE_UNAVAILABLE = "doc.refused.office_unavailable"


@dataclass(frozen=True)
class Page:
    ok: bool
    reason: str | None = None
    width: int = 0
    height: int = 0


# The wall clock allows for a busy machine: the CPU-seconds limit is what bounds the work itself.
WALL_FACTOR = 3.0


def _ask(request: dict, seconds: float, memory_mb: int) -> dict:
    answer = ask_inspector({**request, "max_seconds": seconds, "max_memory_mb": memory_mb},
                           seconds * WALL_FACTOR, CONVERT)
    return answer if answer is not None else {"reason": UNSAFE}


def photo_page(src: pathlib.Path, out: pathlib.Path) -> Page:
    """One untrusted image → a clean A4-sized JPEG page at `out` (EXIF gone, orientation applied)."""
    answer = _ask({"op": "photo_page", "path": str(src), "out": str(out)}, PHOTO_SECONDS, PHOTO_MEMORY_MB)
    if answer["reason"]:
        return Page(ok=False, reason=answer["reason"])
    return Page(ok=True, width=answer["width"], height=answer["height"])


def assemble(pages: list[pathlib.Path], out: pathlib.Path) -> str | None:
    """Our pages (from photo_page) → one PDF at `out`, a page each."""
    seconds = 5.0 + ASSEMBLE_SECONDS_PER_PAGE * len(pages)
    answer = _ask({"op": "assemble", "pages": [str(p) for p in pages], "out": str(out)}, seconds, PHOTO_MEMORY_MB)
    return answer["reason"]


def office_available() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def office_to_pdf(src: pathlib.Path, out: pathlib.Path) -> str | None:
    """A .docx/.doc/.odt → PDF at `out` with LibreOffice, where it is installed."""
    if not office_available():
        return OFFICE_UNAVAILABLE
    answer = _ask({"op": "office", "path": str(src), "out": str(out)}, OFFICE_SECONDS, OFFICE_MEMORY_MB)
    return answer["reason"]
