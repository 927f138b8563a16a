"""The forms an applicant fills in (surat permohonan, surat pernyataan, …), per service, as data:
`definitions/services/<code>.forms.toml`, beside the service's own data (`<code>.toml`,
`<code>.letter.toml`). INFO lists them and the bot sends
each as a PDF (an outbox row with `attachment = "form"`, rendered here when Twilio fetches its
signed link: jobs/media_links.py). A service without a forms file has no forms.

Each form is a list of blocks (see the data file's header): the renderer knows the kinds, the
words are the office's. The PDF is A4, Helvetica (Windows-1252: Indonesian needs nothing more),
lines to write on, the signature block (with the meterai box where the form asks for one), and a
footer that says what to do with the filled-in form.
"""

from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workflow import definition
from workflow.paperwork.layout import OFFICE_SHORT, STYLES, para

KINDS = ("heading", "place_date", "subject", "recipient", "text", "fields", "requirements", "numbered", "signature")
LINE = "." * 48


@dataclass(frozen=True)
class Form:
    service: str  # the service's code
    code: str  # stable id within the service
    requirement: str  # the requirement the filled-in form is sent as
    title: str
    title_en: str
    filename: str
    blocks: tuple[dict, ...]

    def title_in(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title


def forms_file(service_code: str, definitions: Path | None = None) -> Path:
    """`definitions/services/<code>.forms.toml` (the definitions folder read at call time: a test
    may point it elsewhere)."""
    return (definitions or definition.DEFINITIONS) / "services" / f"{service_code.lower()}.forms.toml"


def forms_for(service_code: str, definitions: Path | None = None) -> list[Form]:
    """The forms of this service, in the data file's order (none without a file)."""
    if not service_code.isalnum():
        return []
    path = forms_file(service_code, definitions)
    if not path.is_file():
        return []
    return list(_load(str(path), path.stat().st_mtime_ns, service_code))


@cache
def _load(path: str, _mtime: int, service: str) -> tuple[Form, ...]:
    raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(
        Form(service=service, code=f["code"], requirement=f.get("requirement", ""), title=f["title"],
             title_en=f.get("title_en", ""), filename=f.get("filename") or f"formulir-{f['code']}-{service}.pdf",
             blocks=tuple(f.get("blocks", ())))
        for f in raw.get("forms", ())
    )


def find(service_code: str, form_code: str) -> Form | None:
    return next((f for f in forms_for(service_code) if f.code == form_code), None)


def problems(service_code: str, requirement_codes: set[str], definitions: Path | None = None) -> list[str]:
    """What is wrong with this service's forms file (for `flask services check` and the tests)."""
    found = []
    try:
        blanks = forms_for(service_code, definitions)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError) as exc:
        return [f"services/{service_code.lower()}.forms.toml: not readable ({exc!r})"]
    for form in blanks:
        if form.requirement and form.requirement not in requirement_codes:
            found.append(f"{service_code}/{form.code}: requirement {form.requirement!r} is not one of the service's")
        for block in form.blocks:
            if block.get("kind") not in KINDS:
                found.append(f"{service_code}/{form.code}: unknown block kind {block.get('kind')!r}")
    return found


# ---- rendering ------------------------------------------------------------------------------------
_RIGHT = ParagraphStyle("form_right", parent=STYLES["body"], alignment=0, leftIndent=93 * mm)
_STAMP = ParagraphStyle("form_stamp", parent=STYLES["small"], alignment=TA_CENTER, textColor=colors.HexColor("#777777"))


def _lines(text: str):
    return [para(line) for line in (text or "").split("\n")]


def _fields(labels: list[str]) -> Table:
    """`label : ________` rows with a dotted line to write on (an empty label continues the line above)."""
    rows = [[para(label, "cell"), para(":" if label else "", "cell"), ""] for label in labels]
    table = Table(rows, colWidths=[52 * mm, 4 * mm, None], rowHeights=6.4 * mm, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (2, 0), (2, -1), 0.5, colors.HexColor("#777777"), None, (1, 2)),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    return table


def _numbered(items: list[str], style: str = "body", columns: int = 1) -> Table:
    """A numbered list, in `columns` columns read downwards (a long list of attachments fits one page)."""
    cells = [(para(f"{n}.", style), para(item, style)) for n, item in enumerate(items, 1)]
    per = -(-len(cells) // columns) if cells else 0
    rows = [[part for c in range(columns) for part in (cells[c * per + r] if c * per + r < len(cells) else ("", ""))]
            for r in range(per)]
    table = Table(rows or [[""]], colWidths=[7 * mm, None] * columns if rows else None, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _signature(title: str, materai: bool) -> KeepTogether:
    parts = [*(para(line, "body") for line in title.split("\n"))]
    stamp = ""
    if materai:
        stamp = Table([[[Paragraph("Meterai", _STAMP), Paragraph("Rp10.000", _STAMP)]]], colWidths=[26 * mm],
                      rowHeights=[17 * mm])
        stamp.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.HexColor("#777777"), None, (2, 2)),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                                   ("TEXTCOLOR", (0, 0), (-1, -1), colors.HexColor("#777777"))]))
    block = Table([[parts], [stamp or Spacer(1, 13 * mm)], [para(f"( {LINE[:36]} )", "body")],
                   [para("tanda tangan dan nama jelas", "small")]],
                  colWidths=[75 * mm], hAlign="RIGHT")
    block.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 1), (0, 1), 4 * mm)]))
    return KeepTogether([Spacer(1, 2 * mm), block])


def _subject(lines: list[list[str]]) -> Table:
    table = Table([[para(a), para(":"), para(b)] for a, b in lines], colWidths=[19 * mm, 4 * mm, None], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def render(form: Form, requirements: list[tuple[str, str]]) -> bytes:
    """The form as an A4 PDF. `requirements`: the service's (code, label) of required documents,
    for a `requirements` block."""
    story = []
    blocks = list(form.blocks)
    for i, block in enumerate(blocks):
        kind = block.get("kind")
        after = blocks[i + 1].get("kind") if i + 1 < len(blocks) else None
        before = blocks[i - 1].get("kind") if i else None
        if kind == "subject" and after == "recipient":  # side by side, as Indonesian letters set them
            beside = Table([[_subject(block.get("lines", [])), _lines("\n".join(blocks[i + 1].get("lines", [])))]],
                           colWidths=[88 * mm, None], hAlign="LEFT")
            beside.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                        ("LEFTPADDING", (1, 0), (1, 0), 6 * mm)]))
            story += [beside, Spacer(1, 5 * mm)]
        elif kind == "recipient" and before == "subject":
            continue
        elif kind == "heading":
            story += [Spacer(1, 6 * mm), para(block.get("text", form.title.upper()), "title"), Spacer(1, 6 * mm)]
        elif kind == "place_date":
            story += [Spacer(1, 2 * mm), para(f"{LINE[:24]}, {LINE[:26]} 20{LINE[:4]}", "body"), Spacer(1, 3 * mm)]
            story[-2].style = _RIGHT
        elif kind == "subject":
            story += [_subject(block.get("lines", [])), Spacer(1, 4 * mm)]
        elif kind == "recipient":
            story += [*_lines("\n".join(block.get("lines", []))), Spacer(1, 4 * mm)]
        elif kind == "text":
            story += [*_lines(block.get("text", "")), Spacer(1, 2 * mm)]
        elif kind == "fields":
            story += [_fields(block.get("fields", [])), Spacer(1, 3 * mm)]
        elif kind == "requirements":
            skip = set(block.get("skip", ()))
            items = block.get("items") or [label for code, label in requirements if code not in skip]
            story += [_numbered(items, "cell", 2 if len(items) > 6 else 1), Spacer(1, 2 * mm)]
        elif kind == "numbered":
            story += [_numbered(block.get("items", [])), Spacer(1, 3 * mm)]
        elif kind == "signature":
            story.append(_signature(block.get("title", ""), bool(block.get("materai"))))
    buffer = io.BytesIO()

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawString(20 * mm, 12 * mm, f"{form.title} · {form.service} · {OFFICE_SHORT} · formulir boleh "
                                            "diperbanyak, tidak dipungut biaya")
        canvas.drawString(20 * mm, 8.5 * mm, "Setelah diisi dan ditandatangani, kirim foto atau PDF-nya melalui "
                                             "WhatsApp layanan ini saat AJUKAN.")
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=20 * mm, topMargin=12 * mm,
                            bottomMargin=18 * mm, title=form.title, author=OFFICE_SHORT, subject=form.service)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
