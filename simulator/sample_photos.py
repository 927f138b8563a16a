"""Sample phone photos of documents, for the simulator's picker, the tests and the benchmark.

`document_photo()` draws what a phone camera gives: a sheet of paper with a few lines of text on
a darker table, stored sideways with an EXIF orientation tag (as phones do), with camera and GPS
tags that the service must drop. Every photo is marked *CONTOH* (sample) with made-up data.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

# EXIF tags: Make, Model, Orientation, GPSInfo (IFD pointer), and in the GPS IFD: latitude/longitude.
MAKE, MODEL, ORIENTATION, GPS_IFD = 0x010F, 0x0110, 0x0112, 0x8825
LINES = ("KARTU KELUARGA (CONTOH)", "No. 1407 0000 0000 0000", "Nama kepala keluarga: Siti Aminah",
         "Alamat: Jl. Merdeka No. 1, Bagansiapiapi", "Data rekaan untuk demo. Bukan dokumen resmi.")


def _exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "SamplePhone", "Camera 12MP", orientation
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (2.0, 9.0, 30.0), 3: "E", 4: (100.0, 49.0, 12.0)})  # Bagansiapiapi
    return exif


def document_photo(width: int = 1600, height: int = 1200, *, fmt: str = "JPEG", orientation: int = 6,
                   label: str = "", quality: int = 85) -> bytes:
    """A photo of a portrait page, stored sideways (`orientation` 6: turn 90° clockwise to view)."""
    upright = (height, width) if orientation in (5, 6, 7, 8) else (width, height)
    page = Image.new("RGB", upright, (92, 74, 60))  # the table
    draw = ImageDraw.Draw(page)
    w, h = upright
    margin = max(8, w // 12)
    draw.rectangle((margin, margin, w - margin, h - margin), fill=(246, 244, 236))
    step = max(12, (h - 2 * margin) // 14)
    # text the size of typed text on the paper (about 1/50 of its width), as a real photo shows it,
    # so what staff would read can be judged on the PDF made of it
    font = ImageFont.load_default(size=max(10, w // 50))
    for i, line in enumerate((label,) + LINES if label else LINES):
        draw.text((margin * 2, margin * 2 + i * step), line, fill=(20, 20, 20), font=font)
    draw.rectangle((margin * 2, h - margin * 3, margin * 4, h - margin * 2), outline=(30, 60, 160), width=3)  # a stamp
    stored = page.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else page
    out = io.BytesIO()
    if fmt == "JPEG":
        stored.save(out, "JPEG", quality=quality, exif=_exif(orientation))
    elif fmt == "HEIF":  # HEIF turns the picture in the container (irot), which libheif applies on reading
        from pillow_heif import register_heif_opener

        register_heif_opener()
        page.save(out, "HEIF", quality=60, exif=_exif(1))
    else:
        stored.save(out, fmt, exif=_exif(orientation)) if fmt == "WEBP" else stored.save(out, fmt)
    return out.getvalue()


def decompression_bomb_png(side: int = 50_000) -> bytes:
    """A PNG that declares `side` × `side` pixels (2.5 gigapixels at 50,000) in a few kilobytes:
    one-bit black rows, compressed 1000:1 and more. Decoding it would need gigabytes."""
    import struct
    import zlib

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (side + 7) // 8)
    squeezer = zlib.compressobj(9)
    body = squeezer.compress(row * 64) + squeezer.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


# ---- the simulator's picker ------------------------------------------------------------------
PICKER = {
    "photo-kk": ("Foto Kartu Keluarga (contoh)", dict(width=1600, height=1200, orientation=6, label="KARTU KELUARGA")),
    "photo-ktp": ("Foto KTP-el (contoh)", dict(width=1600, height=1000, orientation=1, label="KTP-el")),
}


def samples() -> list[dict]:
    """[{"code", "label"}]: the photos the simulator's picker offers, sent as WhatsApp photos."""
    return [{"code": code, "label": label} for code, (label, _spec) in PICKER.items()]


def sample_bytes(code: str) -> tuple[str, bytes]:
    """(file name, JPEG bytes) of the picker's photo `code`; KeyError if there is none."""
    _label, spec = PICKER[code]
    return f"IMG-{code}.jpg", document_photo(**spec)
