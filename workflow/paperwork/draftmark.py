"""The visible "DRAF" mark on a letter that is not signed yet, and its removal at signing.

The draft the signer previews is the clean letter plus one incremental update that adds a
content stream (a large outlined "DRAF" across the page and a red line at the top) to every
page. Signing opens exactly those bytes, drops the mark from the pages' contents in the same
revision that carries the signature, and signs: the signed file starts with the previewed
bytes unchanged (`signed[:len(draft)] == draft`), so the hash the signer saw is bound to what
was signed, while the issued letter shows no draft mark. A printout of the draft can never pass
for the letter.
"""

from __future__ import annotations

import io

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

MARKER = "/DpmptspDraftMark"  # a private key on the mark's stream dictionary
FONT = "/FDraft"
BANNER = "PRATINJAU / DRAF - BELUM DITANDATANGANI - TIDAK BERLAKU"


def _mark_stream(width: float, height: float) -> bytes:
    # 45° outlined "DRAF" across the middle (text render mode 1: stroke only, the letter
    # stays readable through it) and a filled red banner line at the top of the page.
    cx, cy = width / 2 - 150, height / 2 - 110
    return (
        "q 0.80 0.10 0.10 RG 0.80 0.10 0.10 rg 2 w "
        f"BT {FONT} 130 Tf 1 Tr 0.7071 0.7071 -0.7071 0.7071 {cx:.1f} {cy:.1f} Tm (DRAF) Tj ET "
        f"BT {FONT} 10 Tf 0 Tr 1 0 0 1 40 {height - 16:.1f} Tm ({BANNER}) Tj ET "
        f"BT {FONT} 10 Tf 0 Tr 1 0 0 1 40 14 Tm ({BANNER}) Tj ET Q"
    ).encode("ascii")


def mark_as_draft(pdf: bytes) -> bytes:
    """`pdf` plus an incremental update that stamps every page with the draft mark."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    font = writer.add_object(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Font"),
        pdf_name("/Subtype"): pdf_name("/Type1"),
        pdf_name("/BaseFont"): pdf_name("/Helvetica-Bold"),
        pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding"),
    }))
    resources = generic.DictionaryObject({pdf_name("/Font"): generic.DictionaryObject({pdf_name(FONT): font})})
    for index in range(int(writer.root["/Pages"]["/Count"])):
        page_ref, page_resources = writer.find_page_for_modification(index)
        box = page_ref.get_object()["/MediaBox"]
        stream = generic.StreamObject({pdf_name(MARKER): generic.BooleanObject(True)},
                                      stream_data=_mark_stream(float(box[2]), float(box[3])))
        # pages may share one resource dictionary: add the font once
        writer.add_stream_to_page(index, writer.add_object(stream),
                                  resources=None if _has_font(page_resources) else resources)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _has_font(resources) -> bool:
    fonts = resources.get_object().get("/Font") if resources is not None else None
    return fonts is not None and FONT in fonts.get_object()


def strip_draft_mark(writer: IncrementalPdfFileWriter) -> None:
    """Drop the mark's streams from every page's contents, in the writer's next revision."""
    for index in range(int(writer.root["/Pages"]["/Count"])):
        page_ref, _ = writer.find_page_for_modification(index)
        page = page_ref.get_object()
        contents = page.raw_get("/Contents")
        array = contents.get_object() if isinstance(contents, generic.IndirectObject) else contents
        if not isinstance(array, generic.ArrayObject):
            continue
        kept = [ref for ref in array if MARKER not in ref.get_object()]
        if len(kept) == len(array):
            continue
        page[pdf_name("/Contents")] = kept[0] if len(kept) == 1 else writer.add_object(generic.ArrayObject(kept))
        writer.mark_update(page_ref)


def is_draft(pdf: bytes) -> bool:
    """Does the last revision of `pdf` still show the draft mark?"""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    page = reader.root["/Pages"]["/Kids"][0].get_object()
    contents = page["/Contents"]
    streams = contents if isinstance(contents, generic.ArrayObject) else [contents]
    return any(MARKER in s.get_object() for s in streams)
