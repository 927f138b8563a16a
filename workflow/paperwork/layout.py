"""What every document the office issues shares: page, styles, the letterhead (kop surat),
Indonesian dates, and safe paragraphs. Official documents are in Bahasa Indonesia (UU 24/2009)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from catalogue import TZ_LABEL
from catalogue.office import office
from config import OFFICE_TZ

_OFFICE = office()  # definitions/office/identity.toml
GOVERNMENT = _OFFICE.government
OFFICE = _OFFICE.name
OFFICE_NAME = _OFFICE.name_title
OFFICE_SHORT = _OFFICE.short
SEAT = _OFFICE.city

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")

_base = getSampleStyleSheet()
STYLES = {
    "body": ParagraphStyle("body", parent=_base["Normal"], fontName="Helvetica", fontSize=10.5, leading=14),
    "small": ParagraphStyle("small", parent=_base["Normal"], fontName="Helvetica", fontSize=8.5, leading=11),
    "cell": ParagraphStyle("cell", parent=_base["Normal"], fontName="Helvetica", fontSize=9.5, leading=12),
    "title": ParagraphStyle("title", parent=_base["Normal"], fontName="Helvetica-Bold", fontSize=13, leading=17, alignment=TA_CENTER),
    "subtitle": ParagraphStyle("subtitle", parent=_base["Normal"], fontName="Helvetica", fontSize=10.5, leading=14, alignment=TA_CENTER),
    "kop1": ParagraphStyle("kop1", parent=_base["Normal"], fontName="Helvetica-Bold", fontSize=12, leading=15, alignment=TA_CENTER),
    "kop2": ParagraphStyle("kop2", parent=_base["Normal"], fontName="Helvetica-Bold", fontSize=13.5, leading=17, alignment=TA_CENTER),
    "kop3": ParagraphStyle("kop3", parent=_base["Normal"], fontName="Helvetica", fontSize=9, leading=12, alignment=TA_CENTER),
}


def para(text: str, style: str = "body", *, markup: str = "") -> Paragraph:
    """A paragraph of plain text (escaped: names may hold `<` or `&`); `markup` wraps it (b, i)."""
    safe = escape(text or "")
    if markup:
        safe = f"<{markup}>{safe}</{markup}>"
    return Paragraph(safe, STYLES[style])


def letterhead() -> list[Flowable]:
    """The kop surat: the regency's emblem on the left; government, office, address and contacts
    centred beside it; the double rule under it (Permendagri 1/2023 on official documents)."""
    lines = [para(GOVERNMENT, "kop1"), para(OFFICE, "kop2"), para(_OFFICE.address_line, "kop3"),
             para(_OFFICE.contact_line, "kop3")]
    emblem = Image(str(_OFFICE.emblem), width=20 * mm, height=23 * mm) if _OFFICE.emblem.is_file() else ""
    head = Table([[emblem, lines, ""]], colWidths=[24 * mm, None, 12 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [
        head,
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=2, color=colors.black, spaceAfter=1),
        HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=6 * mm),
    ]


def fields_table(rows: list[tuple[str, str]], label_width: float = 55 * mm) -> Table:
    """`label : value` rows, the way Indonesian letters list particulars."""
    data = [[para(label, "cell"), para(":", "cell"), para(value or "-", "cell")] for label, value in rows]
    table = Table(data, colWidths=[label_width, 4 * mm, None], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), ("TOPPADDING", (0, 0), (-1, -1), 1.5)]))
    return table


def id_date(moment: datetime, tz_name: str = OFFICE_TZ, *, with_time: bool = False) -> str:
    """`30 November 2026` (or `30 November 2026 pukul 09.00 WIB`) in office time."""
    from zoneinfo import ZoneInfo

    local = moment.astimezone(ZoneInfo(tz_name)) if moment.tzinfo else moment
    text = f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    if with_time:
        text += f" pukul {local:%H.%M} {TZ_LABEL.get(tz_name, tz_name)}"
    return text


def build(story: list[Flowable], *, title: str, on_page: Callable | None = None, bottom_margin: float = 28 * mm) -> bytes:
    """Render `story` on A4 into PDF bytes (metadata without personal data); the bottom margin
    holds the footer where there is one."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=22 * mm, rightMargin=20 * mm, topMargin=15 * mm, bottomMargin=bottom_margin,
        title=title, author=OFFICE_SHORT, subject=title, creator=OFFICE_SHORT,
    )
    doc.build(story, onFirstPage=on_page or _no_footer, onLaterPages=on_page or _no_footer)
    return buf.getvalue()


def _no_footer(canvas, doc) -> None:
    return None
