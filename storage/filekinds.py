"""What kind of file this is, from its first bytes (never from the name or the claimed type).

`sniff(head, name="", content_type="")` → one of PDF, IMAGE, OFFICE, UNKNOWN. WhatsApp's
content type and the file name only help to tell a Word/OpenDocument file (a ZIP) from any
other ZIP; everything else is decided by magic bytes, so a JPEG named `surat.pdf` is a photo,
and a PDF sent with `image/jpeg` is a PDF.
"""

from __future__ import annotations

from storage.pdfinspect import MAGIC_WINDOW, has_magic

PDF, IMAGE, OFFICE, UNKNOWN = "pdf", "image", "office", "unknown"
HEAD_BYTES = MAGIC_WINDOW

# ISO-BMFF brands of HEIF/HEIC still images (iPhones, recent Android). AVIF ("avif") is not one.
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
OFFICE_SUFFIXES = (".docx", ".doc", ".odt", ".rtf")
OFFICE_TYPES = (
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "application/rtf",
)
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "image/heif")
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc (Word 97–2003)


def image_kind(head: bytes) -> str | None:
    """JPEG, PNG, WEBP or HEIF when the bytes start like one of those, else None."""
    if head[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "HEIF"
    return None


def sniff(head: bytes, name: str = "", content_type: str = "") -> str:
    if has_magic(head):  # the one "is this a PDF" rule (storage/pdfinspect.py)
        return PDF
    if image_kind(head):
        return IMAGE
    wordish = name.lower().endswith(OFFICE_SUFFIXES) or content_type.lower() in OFFICE_TYPES
    if head[:8] == OLE or (head[:4] == ZIP and wordish) or (head[:5] == b"{\\rtf" and wordish):
        return OFFICE
    return UNKNOWN


def looks_like_photo(content_type: str) -> bool:
    """What the dialog goes by before anything is downloaded: WhatsApp's MediaContentType."""
    return (content_type or "").split(";")[0].strip().lower() in IMAGE_TYPES
