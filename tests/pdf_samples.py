"""Sample documents made on the fly (no binary fixtures): good PDFs, scans, and bad input.

Used by tests/storage/test_pdfcheck.py and bench/bench_documents.py. Every function returns bytes.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from xml.sax.saxutils import escape

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


def _deflate_zeros(megabytes: int, incompressible_kb: int = 0) -> bytes:
    """A zlib stream that inflates to `megabytes` MB of zeros, built without compressing them all:
    after a full flush deflate blocks stand alone, so one block repeated is still a valid stream.
    `incompressible_kb` of random bytes at the end make the stream longer on disk."""
    chunk = bytes(1024 * 1024)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(random.Random(7).randbytes(incompressible_kb * 1024)) + compressor.flush()
    return first + again * (megabytes - 1) + tail


def bomb_pdf(megabytes: int = 4096, incompressible_kb: int = 0, *, in_form: bool = False) -> bytes:
    """One page whose content stream (or, `in_form`, a form XObject it draws) inflates to
    `megabytes` MB of NUL bytes (about 1 kB per MB on disk)."""
    contents = _deflate_zeros(megabytes, incompressible_kb)
    if in_form:
        return _raw_pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
            b"/Resources << /XObject << /Fm1 4 0 R >> >> >>",
            _stream(contents, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Filter /FlateDecode"),
            _stream(b"/Fm1 Do"),
        ])
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


def many_objects_pdf(objects: int = 60_000) -> bytes:
    """One page, and `objects` unused objects: a cross-reference table far longer than any permit document's."""
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] + [b"null"] * objects)


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


def unknown_filter_pdf() -> bytes:
    """A page whose content stream uses a filter no reader knows."""
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                     _stream(b"abc" * 10, b"/Filter /FooDecode")])


def jpeg_bytes() -> bytes:
    return _noise_jpeg(320, 240, 1)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(out, format="PNG")
    return out.getvalue()


def html_bytes() -> bytes:
    return b"<!DOCTYPE html><html><head><title>Login</title></head><body>Sesi berakhir</body></html>"


WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(lines: tuple[str, ...] = ("Kepada Yth. Bupati Rokan Hilir", "Surat permohonan (CONTOH)")) -> bytes:
    """A real (minimal) Word document: the three parts a .docx needs (content types, the package
    relationship to the main part, the main part), one paragraph per line. LibreOffice opens it;
    a ZIP with only empty parts is refused by LibreOffice as "source file could not be loaded"."""
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", head +
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", head +
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument"/></Relationships>')
        z.writestr("word/document.xml", f'{head}<w:document xmlns:w="{WORD_NS}"><w:body>{body}</w:body></w:document>')
    return out.getvalue()
