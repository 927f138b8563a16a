"""Sample documents made on the fly (no binary fixtures): good PDFs, scans, and bad input.

Used by tests/storage/test_pdfcheck.py and bench/bench_documents.py. Every function returns bytes.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

LOREM = ("Surat keterangan ini dibuat untuk keperluan permohonan rekomendasi. "
         "Yang bertanda tangan di bawah ini menerangkan dengan sebenarnya bahwa ")


def text_pdf(pages: int = 2, lines: int = 40) -> bytes:
    """A typical word-processor PDF: text on every page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page in range(pages):
        c.setFont("Helvetica", 10)
        for line in range(lines):
            c.drawString(50, 800 - line * 18, f"{page + 1}.{line + 1} {LOREM}"[:110])
        c.showPage()
    c.save()
    return buf.getvalue()


def _noise_jpeg(width: int, height: int, seed: int) -> bytes:
    rng = random.Random(seed)
    small = Image.new("L", (width // 8, height // 8))
    small.putdata([200 + rng.randrange(55) if rng.random() > 0.1 else rng.randrange(80)
                   for _ in range((width // 8) * (height // 8))])
    image = small.resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)
    return out.getvalue()


def scan_pdf(pages: int = 2, width: int = 1240, height: int = 1754) -> bytes:
    """Like a phone scanner app's output: one JPEG photo of paper per page (150 dpi A4)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page in range(pages):
        c.drawImage(ImageReader(io.BytesIO(_noise_jpeg(width, height, page))), 0, 0, *A4)
        c.showPage()
    c.save()
    return buf.getvalue()


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    return _written(writer)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf(*, user_password: str, owner_password: str = "owner-secret", algorithm: str = "AES-256") -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf(1)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    return _written(writer)


def javascript_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf(1)))
    writer.add_open_action(JavaScript("app.alert('hello');"))
    return _written(writer)


def launch_action_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf(1)))
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/Launch"),
        NameObject("/F"): TextStringObject("cmd.exe"),
    })
    return _written(writer)


def attachment_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf(1)))
    writer.add_attachment("readme.txt", b"hello")
    return _written(writer)


def _raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from raw object bodies (object i+1 = objects[i]) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _deflate_zeros(megabytes: int) -> bytes:
    """A zlib stream that inflates to `megabytes` MB of zeros, built without compressing them all:
    after a full flush deflate blocks stand alone, so one block repeated is still a valid stream."""
    chunk = bytes(1024 * 1024)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first + again * (megabytes - 1) + compressor.flush()


def bomb_pdf(megabytes: int = 4096) -> bytes:
    """One page whose content stream inflates to `megabytes` MB of NUL bytes (about 1 kB per MB on disk)."""
    contents = _deflate_zeros(megabytes)
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(contents, b"/Filter /FlateDecode"),
    ])


def many_pages_pdf(pages: int = 150_000, per_node: int = 1000) -> bytes:
    """A real page tree of `pages` pages (balanced: the root's kids hold `per_node` pages each)."""
    nodes = (pages + per_node - 1) // per_node
    first_node, first_page = 3, 3 + nodes
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (first_node + n) for n in range(nodes)), pages)]
    for n in range(nodes):
        count = min(per_node, pages - n * per_node)
        kids = b" ".join(b"%d 0 R" % (first_page + n * per_node + k) for k in range(count))
        objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>" % (kids, count))
    for n in range(nodes):
        count = min(per_node, pages - n * per_node)
        objects.extend([b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (first_node + n)] * count)
    return _raw_pdf(objects)


def lying_count_pdf(real_pages: int = 60, declared: int = 1) -> bytes:
    """A page tree whose /Count says `declared` but which holds `real_pages` pages."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(real_pages))
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                     b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, declared)]
                    + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * real_pages)


def looping_tree_pdf() -> bytes:
    """A page tree whose node lists itself as its own kid."""
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R >>"])


def huge_image_pdf() -> bytes:
    """A page with an image declaring 100,000 × 100,000 pixels (tens of GB once decoded)."""
    return _raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> >>",
        _stream(zlib.compress(bytes(1000)),
                b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceRGB "
                b"/BitsPerComponent 8 /Filter /FlateDecode"),
    ])


def jpeg_bytes() -> bytes:
    return _noise_jpeg(320, 240, 1)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(out, format="PNG")
    return out.getvalue()


def html_bytes() -> bytes:
    return b"<!DOCTYPE html><html><head><title>Login</title></head><body>Sesi berakhir</body></html>"


def docx_bytes() -> bytes:
    """A ZIP with the parts of a Word document (what a .docx is)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()
