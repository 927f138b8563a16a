"""Photos → PDF in the limited converter process: each image kind, orientation, metadata, bombs."""

from __future__ import annotations

import pytest
from PIL import Image

from simulator.sample_photos import GPS_IFD, MAKE, decompression_bomb_png, document_photo
from storage import conversion, pdfcheck
from storage.filekinds import IMAGE, OFFICE, PDF, UNKNOWN, sniff
from tests.pdf_samples import blank_pdf, docx_bytes


@pytest.fixture
def write(tmp_path):
    def write(data: bytes, name: str = "in.bin"):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    yield write
    pdfcheck.shutdown()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_each_image_kind_becomes_an_a4_page(write, tmp_path, fmt):
    src = write(document_photo(900, 700, fmt=fmt, orientation=1 if fmt == "PNG" else 6))
    assert sniff(src.read_bytes()[:1024]) == IMAGE
    page = conversion.photo_page(src, tmp_path / "page.jpg")
    assert page.ok, page.reason
    with Image.open(tmp_path / "page.jpg") as out:
        assert out.format == "JPEG"
        # orientation 6: stored 900×700 sideways, a portrait page once turned; the PNG as drawn (landscape)
        assert (out.width < out.height) == (fmt != "PNG")


def test_exif_orientation_is_applied_and_camera_and_gps_are_dropped(write, tmp_path):
    src = write(document_photo(1600, 1200, orientation=6))
    with Image.open(src) as original:
        assert original.size == (1600, 1200) and original.getexif().get(MAKE) == "SamplePhone"
        assert original.getexif().get_ifd(GPS_IFD)
    assert conversion.photo_page(src, tmp_path / "page.jpg").ok
    with Image.open(tmp_path / "page.jpg") as page:
        assert page.size == (1200, 1600)  # upright: portrait, not enlarged
        assert dict(page.getexif()) == {} and "xmp" not in page.info
        # the paper (light) is in the middle, the table (dark) at the edge, as on the upright photo
        assert sum(page.getpixel((600, 800))) > 600 and sum(page.getpixel((2, 2))) < 300
    assert b"SamplePhone" not in (tmp_path / "page.jpg").read_bytes()


def test_a_large_photo_is_scaled_to_a4_between_150_and_200_dpi(write, tmp_path):
    src = write(document_photo(4000, 3000, orientation=1))  # 12 MP, landscape
    assert conversion.photo_page(src, tmp_path / "page.jpg").ok
    with Image.open(tmp_path / "page.jpg") as page:
        # decoded at half scale (libjpeg's DCT scaling): 2000 × 1500 on A4 landscape is 171 dpi
        assert page.size == (2000, 1500)
    src = write(document_photo(3000, 2300, orientation=1, quality=70), "big.jpg")  # half would be < 150 dpi
    assert conversion.photo_page(src, tmp_path / "page2.jpg").ok
    with Image.open(tmp_path / "page2.jpg") as page:
        assert page.size == (2157, 1654)  # decoded whole, scaled to fit A4 landscape at 200 dpi (2339 × 1654)
        assert page.info.get("dpi", (0,))[0] == pytest.approx(200, abs=1)
    assert (tmp_path / "page.jpg").stat().st_size < 400_000


def test_pages_are_assembled_into_one_checked_pdf(write, tmp_path):
    pages = []
    for i, orientation in enumerate((6, 1, 6)):
        src = write(document_photo(1200, 900, orientation=orientation), f"p{i}.jpg")
        assert conversion.photo_page(src, tmp_path / f"page{i}.jpg").ok
        pages.append(tmp_path / f"page{i}.jpg")
    assert conversion.assemble(pages, tmp_path / "out.pdf") is None
    verdict = pdfcheck.check_pdf(tmp_path / "out.pdf")
    assert verdict.ok and verdict.pages == 3
    from pypdf import PdfReader

    boxes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(tmp_path / "out.pdf").pages]
    assert boxes == [(595, 842), (842, 595), (595, 842)]  # A4, turned like each picture


def test_a_decompression_bomb_is_refused_from_its_header_without_memory(write, tmp_path):
    bomb = write(decompression_bomb_png(50_000))
    assert len(bomb.read_bytes()) < 20_000
    page = conversion.photo_page(bomb, tmp_path / "page.jpg")
    assert page.reason == "doc.refused.image_too_large"
    # its time (< 2 s) is measured in bench/bench_photos.py, not here: no timed tests on a shared machine
    assert pdfcheck.last_peak_rss_kb() < 200 * 1024
    assert not (tmp_path / "page.jpg").exists()
    # the converter stays healthy: the next photo works
    assert conversion.photo_page(write(document_photo(900, 700), "ok.jpg"), tmp_path / "page.jpg").ok


def test_a_truncated_jpeg_is_refused_as_broken(write, tmp_path):
    data = document_photo(1600, 1200)
    assert conversion.photo_page(write(data[: len(data) // 2]), tmp_path / "page.jpg").reason == "doc.refused.image_broken"
    # the converter stays healthy: the next photo works
    assert conversion.photo_page(write(data, "ok.jpg"), tmp_path / "page.jpg").ok


def test_garbage_that_starts_like_an_image_is_refused(write, tmp_path):
    assert conversion.photo_page(write(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), tmp_path / "p.jpg").reason == "doc.refused.image_broken"
    assert conversion.photo_page(write(b"RIFF\x00\x00\x00\x00WEBPVP8 junk"), tmp_path / "p.jpg").reason == "doc.refused.image_broken"


def test_a_tiny_picture_is_refused_as_unreadable(write, tmp_path):
    assert conversion.photo_page(write(document_photo(200, 150, orientation=1)), tmp_path / "p.jpg").reason == "doc.refused.image_too_small"


def test_file_kinds_come_from_the_bytes_not_the_name():
    assert sniff(blank_pdf(1)) == PDF
    assert sniff(document_photo(400, 300, fmt="PNG", orientation=1), "surat.pdf", "application/pdf") == IMAGE
    assert sniff(docx_bytes(), "surat.docx") == OFFICE
    assert sniff(docx_bytes(), "archive.zip", "application/zip") == UNKNOWN
    assert sniff(b"GIF89a....") == UNKNOWN


def test_word_files_are_refused_with_a_reason_without_libreoffice(write, tmp_path, no_libreoffice):
    assert not conversion.office_available()
    assert conversion.office_to_pdf(write(docx_bytes(), "surat.docx"), tmp_path / "out.pdf") == "doc.refused.office_unavailable"


RTF = rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times New Roman;}}\f0\fs24 Surat permohonan (CONTOH)\par}"


@pytest.mark.skipif(not conversion.office_available(), reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize(("name", "make"), [("surat.docx", docx_bytes), ("surat.rtf", lambda: RTF)])
def test_word_files_are_converted_with_libreoffice(write, tmp_path, name, make):
    src = write(make(), name)
    assert sniff(src.read_bytes()[:1024], name) == OFFICE
    assert conversion.office_to_pdf(src, tmp_path / "out.pdf") is None  # in the limited converter
    verdict = pdfcheck.check_pdf(tmp_path / "out.pdf")
    assert verdict.ok and verdict.pages == 1
    from pypdf import PdfReader

    assert "Surat permohonan (CONTOH)" in PdfReader(tmp_path / "out.pdf").pages[0].extract_text()


@pytest.mark.skipif(not conversion.office_available(), reason="LibreOffice (soffice) is not installed")
def test_a_file_libreoffice_cannot_open_is_refused_as_failed(write, tmp_path):
    # a ZIP named .docx with empty parts: LibreOffice says "source file could not be loaded"
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert conversion.office_to_pdf(write(out.getvalue(), "broken.docx"), tmp_path / "out.pdf") == "doc.refused.office_failed"


def test_a_jpeg_comment_is_dropped_with_the_rest_of_the_metadata(write, tmp_path):
    import io

    with Image.open(io.BytesIO(document_photo(1600, 1200))) as photo:
        out = io.BytesIO()
        photo.save(out, "JPEG", exif=photo.getexif(), comment=b"Lokasi -2.15,100.82 Jl. Merdeka No. 1")
    assert conversion.photo_page(write(out.getvalue()), tmp_path / "page.jpg").ok
    with Image.open(tmp_path / "page.jpg") as page:
        assert "comment" not in page.info and dict(page.getexif()) == {}
    assert b"Merdeka" not in (tmp_path / "page.jpg").read_bytes()


def test_a_16_bit_grey_scan_keeps_its_tones(write, tmp_path):
    """A 16-bit greyscale PNG (what a scanner app may save): mid-grey stays mid-grey, not white."""
    import io

    grey = Image.linear_gradient("L").resize((600, 800)).point(lambda v: v * 257, "I").convert("I;16")
    out = io.BytesIO()
    grey.save(out, "PNG")
    assert conversion.photo_page(write(out.getvalue()), tmp_path / "page.jpg").ok
    with Image.open(tmp_path / "page.jpg") as page:
        assert page.mode == "L" and 100 < page.getpixel((300, 400)) < 160  # the gradient's middle (128)
        assert page.getpixel((300, 40)) < 40


def test_a_large_transparent_png_under_the_pixel_limit_fits_the_converter(write, tmp_path):
    """49 MP RGBA: scaled before it is turned and flattened, it stays inside the 768 MB address space
    (flattened whole first, it ran out of memory and was refused as unsafe)."""
    import io

    out = io.BytesIO()
    Image.new("RGBA", (7000, 7000), (255, 255, 255, 0)).save(out, "PNG")
    page = conversion.photo_page(write(out.getvalue()), tmp_path / "page.jpg")
    assert page.ok, page.reason
    assert (page.width, page.height) == (1654, 1654)


def test_a_webp_over_its_pixel_limit_is_refused_from_its_header(write, tmp_path):
    import io

    out = io.BytesIO()
    Image.new("RGB", (6400, 5000), "white").save(out, "WEBP", quality=5)  # 32 MP
    assert conversion.photo_page(write(out.getvalue()), tmp_path / "page.jpg").reason == "doc.refused.image_too_large"
