"""Photos and Word files → PDF pages. Runs ONLY inside the limited inspector process.

`storage/pdfinspect.py` loads this module (by path: it runs as a script with `python -I`) on the
first conversion it is asked for, so a worker that only checks PDFs never imports Pillow. Its
imports are Pillow, pillow-heif, img2pdf and the standard library.

- `photo_page(src, out)`: one untrusted image (JPEG, PNG, WebP, HEIC/HEIF) → one clean JPEG page:
  only those four decoders are tried (`Image.open(formats=…)`); the pixel count is checked from
  the header before anything is decoded (a 50,000 × 50,000 PNG of a few kB is refused at once);
  a JPEG is decoded at a reduced scale straight away (`Image.draft`, libjpeg's DCT scaling), so a
  12 MP photo never needs its full 36 MB; the picture is scaled to fit A4 at `DPI` (never
  enlarged), then turned by its EXIF orientation and flattened on white, and saved as a baseline
  JPEG with no EXIF, GPS, camera, XMP or comment data (Pillow writes EXIF/XMP/ICC only when given
  them, but copies a JPEG comment from `info`, which is emptied). A truncated or broken file is refused.
- `assemble(pages, out)`: our own JPEG pages → one PDF with img2pdf, which embeds each JPEG as it
  is (no second re-encode), one A4 page each, portrait or landscape like the picture.
- `office_to_pdf(src, outdir)`: LibreOffice headless, when `soffice` is installed.

Raises `Refused(reason)` with a catalogue key (catalogue/documents.py).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import warnings

from PIL import Image, ImageOps

IMAGE_BROKEN = "doc.refused.image_broken"
IMAGE_TOO_LARGE = "doc.refused.image_too_large"
IMAGE_TOO_SMALL = "doc.refused.image_too_small"
NOT_DOCUMENT = "doc.refused.not_pdf"
OFFICE_FAILED = "doc.refused.office_failed"

FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")  # the JPEG opener also yields "MPO" (a JPEG with a second picture)
# Decompression-bomb limits, in pixels, checked on the header before decoding. A JPEG is decoded
# at 1/2–1/8 scale (draft), so a 108 MP phone photo costs what a 27 MP one does; the others are
# decoded whole (3–4 bytes a pixel): 50 MP covers a 48 MP iPhone "HEIF Max" photo (~430 MB peak in
# the converter). Pillow's WebP decoder holds the picture twice (RGBA bytes, then the image): a
# 48 MP WebP runs past the 768 MB address space, so WebP stops at 30 MP (~570 MB peak); a phone's WebP
# is a sticker or a screenshot, far below it.
MAX_PIXELS = {"JPEG": 120_000_000, "MPO": 120_000_000, "PNG": 50_000_000, "WEBP": 30_000_000, "HEIF": 50_000_000}
MIN_SIDE = 300  # smaller than this, a document page cannot be read
A4_MM = (210, 297)
DPI = 200  # what staff need to read an ID card or a stamp; 150–200 dpi is the usual scan setting
MIN_DPI = 150  # a JPEG is decoded at the smallest DCT scale that still gives this much
QUALITY = 75
A4_PX = tuple(round(mm / 25.4 * DPI) for mm in A4_MM)  # 1654 × 2339 at 200 dpi
A4_MIN_PX = tuple(round(mm / 25.4 * MIN_DPI) for mm in A4_MM)  # 1240 × 1754 at 150 dpi
OFFICE_SECONDS = 60

Image.MAX_IMAGE_PIXELS = max(MAX_PIXELS.values())
_loaded: list = []


def load() -> None:
    """Register the HEIF opener and import img2pdf, once (the converter process calls this at
    start). Not at import time: pikepdf (under img2pdf) cannot be imported twice in one process,
    and the architecture test imports every module afresh."""
    if _loaded:
        return
    from pillow_heif import register_heif_opener

    register_heif_opener(thumbnails=False)
    Image.init()  # every plugin registered now: Image.open(formats=…) looks them up by name
    import img2pdf

    _loaded.append(img2pdf)


class Refused(Exception):  # noqa: N818 - a verdict, not a failure
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _box(width: int, height: int, a4: tuple[int, int] = A4_PX) -> tuple[int, int]:
    """The largest size, in pixels, of a picture of this shape on A4 (turned to match) at `a4`'s dpi."""
    short, long = a4
    return (long, short) if width > height else (short, long)


def _turned(image: Image.Image) -> bool:
    """Does the EXIF orientation swap width and height (orientations 5–8)?"""
    try:
        return image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
    except Exception:  # noqa: BLE001 - a broken EXIF block: no orientation
        return False


def _scalable(image: Image.Image) -> Image.Image:
    """A mode that scales smoothly and keeps its tones: palette and 1-bit pictures would be
    resized by nearest neighbour, and 16-bit grey ("I;16", "I") is clipped to white by a plain
    convert("L") (values above 255), so it is scaled down to 8 bits first."""
    if image.mode.startswith("I"):
        return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode == "1":
        return image.convert("L")
    if image.mode == "P":
        return image.convert("RGBA" if "transparency" in image.info else "RGB")
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB or grayscale, transparency painted on white (a PNG screenshot, a WebP sticker)."""
    if image.mode in ("1", "L", "I", "I;16", "F"):
        return image.convert("L")
    if image.mode in ("RGBA", "LA", "PA", "P") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, "white")
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB") if image.mode != "RGB" else image


def photo_page(src: str, out: str) -> dict:
    """Normalise one untrusted image into a JPEG page at `out`; {"width", "height", "format"}."""
    load()
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(src, formats=FORMATS) as image:
                fmt = image.format
                width, height = image.size
                if width <= 0 or height <= 0:
                    raise Refused(IMAGE_BROKEN)
                if width * height > MAX_PIXELS.get(fmt, 0):
                    raise Refused(IMAGE_TOO_LARGE)
                turned = _turned(image)
                upright = (height, width) if turned else (width, height)
                if min(upright) < MIN_SIDE:
                    raise Refused(IMAGE_TOO_SMALL)
                box = _box(*upright)
                if fmt in ("JPEG", "MPO"):  # decode at 1/2, 1/4 or 1/8 when that still gives MIN_DPI
                    least = _box(*upright, A4_MIN_PX)
                    want = (least[1], least[0]) if turned else least
                    image.draft("L" if image.mode == "L" else "RGB", want)
                image.load()
                # Scale first (in the stored orientation), then turn and flatten the A4-sized copy:
                # a 48 MP RGBA PNG turned and flattened whole would need 3 copies of 200 MB.
                small = _scalable(image)
                small.thumbnail((box[1], box[0]) if turned else box, Image.Resampling.LANCZOS, reducing_gap=3.0)
                page = _flatten(ImageOps.exif_transpose(small))
                page.info = {}  # nothing of the original travels: Pillow would copy a JPEG's comment (COM)
                page.save(out, "JPEG", quality=QUALITY, optimize=True, dpi=(DPI, DPI))
                return {"width": page.width, "height": page.height, "format": fmt}
        except Refused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise Refused(IMAGE_TOO_LARGE) from None
        except Image.UnidentifiedImageError:
            raise Refused(IMAGE_BROKEN) from None
        except (OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError, TypeError, ZeroDivisionError):
            # Pillow's "image file is truncated", "broken data stream", bad chunks and headers
            raise Refused(IMAGE_BROKEN) from None


def _layout(img2pdf):
    a4 = (img2pdf.mm_to_pt(A4_MM[0]), img2pdf.mm_to_pt(A4_MM[1]))
    return img2pdf.get_layout_fun(a4, None, None, img2pdf.FitMode.into, auto_orient=True)


def assemble(pages: list[str], out: str) -> int:
    """Our JPEG pages (from photo_page) → one PDF at `out`; returns the page count."""
    load()
    img2pdf = _loaded[0]
    data = img2pdf.convert(pages, layout_fun=_layout(img2pdf), producer="DPMPTSP Rokan Hilir", nodate=True,
                           rotation=img2pdf.Rotation.ifvalid)
    with open(out, "wb") as fh:
        fh.write(data)
    return len(pages)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_to_pdf(src: str, out: str) -> None:
    """A Word/OpenDocument file → PDF at `out`, with LibreOffice headless in a throw-away profile.
    No macros run (headless LibreOffice does not run document macros without a trusted location)."""
    binary = soffice()
    if binary is None:
        raise Refused("doc.refused.office_unavailable")
    with tempfile.TemporaryDirectory(prefix="office-") as work:
        name = os.path.join(work, "document" + _suffix(src))
        shutil.copyfile(src, name)
        try:
            subprocess.run(
                [binary, f"-env:UserInstallation=file://{work}/profile", "--headless", "--norestore",
                 "--nolockcheck", "--convert-to", "pdf", "--outdir", work, name],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                timeout=OFFICE_SECONDS, check=False,
            )
        except (subprocess.TimeoutExpired, OSError):
            raise Refused(OFFICE_FAILED) from None
        produced = os.path.join(work, "document.pdf")
        if not os.path.exists(produced) or os.path.getsize(produced) == 0:
            raise Refused(OFFICE_FAILED)
        shutil.copyfile(produced, out)


def _suffix(src: str) -> str:
    """LibreOffice picks its import filter from the content; a suffix only helps (OLE → .doc)."""
    with open(src, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    if head.startswith(b"{\\rtf"):
        return ".rtf"
    with open(src, "rb") as fh:
        zipped = io.BytesIO(fh.read(64 * 1024))
    return ".odt" if b"opendocument" in zipped.getvalue() else ".docx"
