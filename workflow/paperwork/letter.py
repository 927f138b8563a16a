"""The letter the head of office signs: a recommendation (APS) or an izin (SIP, Reklame), as the
service's letter template says (definitions/services/<code>.letter.toml: title, addressee, legal
basis, opening, the particulars it prints, body, closing; `{name}` placeholders filled from the
applicant and the chat's answers). The layout below (kop, signature block, QR, footer) is shared.

Everything that must be on it is put in *before* signing: the number reserved at numbering, the
date, the QR code to the public verification page and the footer. Nothing may change after the
signature (any change invalidates it), so the letter is rendered once (as the draft the signer
reads, draft.py) and then signed.

The footer tells the truth about the certificate: with BSrE's (TTE_CERT_P12) it carries the BSrE
statement; with the self-signed development certificate the letter is a specimen — a visible
"SPESIMEN / TIDAK SAH" across every page, and a footer that says it is not a valid letter.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Image, Spacer, Table, TableStyle

from catalogue.office import office
from config import OFFICE_TZ
from storage import Application, StaffUser
from workflow.paperwork.layout import OFFICE_NAME, SEAT, build, fields_table, id_date, letterhead, para
from workflow.service_spec import answers, names_in, spec_for

# §4.3 of the domain notes: the newer BSrE convention (Balai Besar, BSSN, the Komdigi portal).
# Confirm the exact wording with Diskominfo Rohil; change it here only.
FOOTER = (
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang "
    "diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), BSSN. Untuk memastikan keaslian "
    "dokumen, pindai QR Code atau buka {verify_url}; keaslian tanda tangan elektronik dapat juga "
    "diperiksa dengan mengunggah dokumen pada laman https://tte.komdigi.go.id/verifyPDF. "
    "Dokumen ini tidak memerlukan tanda tangan basah dan cap."
)
# With the development certificate: no BSrE claim, and a plain statement that it is not valid.
SPECIMEN_FOOTER = (
    "SPESIMEN / TIDAK SAH. Dokumen ini ditandatangani dengan sertifikat pengembangan (uji coba), "
    "BUKAN sertifikat elektronik yang diterbitkan oleh BSrE, dan tidak berlaku sebagai surat resmi. "
    "Halaman verifikasi: {verify_url}"
)
SPECIMEN_MARK = "SPESIMEN / TIDAK SAH"
# Bumped whenever the letter's layout or wording changes: drafts made before re-render.
LAYOUT_VERSION = 4


@dataclass(frozen=True)
class LetterData:
    number: str
    issued_at: datetime
    tracking_code: str
    service: str
    addressee: str  # "" → no "Kepada Yth." block
    title: str
    opening: str
    particulars: tuple[tuple[str, str], ...]  # (label, value), filled in
    body: tuple[str, ...]
    legal_basis: tuple[str, ...]
    closing: str
    verify_url: str
    signer_name: str
    signer_nip: str
    tz_name: str = OFFICE_TZ
    specimen: bool = False  # signed with the development certificate: not a valid letter


def verify_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/verify/{code}"


def letter_data(app: Application, signer: StaffUser | None, signer_name: str, *, code: str, now: datetime,
                base_url: str, tz_name: str, settings: dict | None = None) -> LetterData:
    template = spec_for(app.service).letter
    values = placeholders(app)
    filled = partial(fill, values=values)
    addressee = filled(template.addressee) if template.addressee else ""
    if template.addressee and not all(values.get(n) for n in names_in(template.addressee)):
        addressee = template.addressee_fallback  # the answer it names is missing
    return LetterData(
        number=app.issued_number or "",
        issued_at=now,
        tracking_code=app.tracking_code or "",
        service=app.service.name,
        addressee=addressee,
        title=template.title,
        opening=filled(template.opening),
        particulars=tuple((f.label, filled(f.value)) for f in template.fields),
        body=tuple(filled(line) for line in template.body),
        legal_basis=tuple(filled(line) for line in template.legal_basis),
        closing=filled(template.closing),
        verify_url=verify_url(base_url, code),
        signer_name=(signer.full_name if signer and signer.full_name else signer_name),
        signer_nip=signer.nip if signer else "",
        tz_name=tz_name,
        specimen=not (settings or {}).get("tte_cert_p12"),
    )


def placeholders(app: Application) -> dict[str, str]:
    """What a letter template may print: the applicant, the file, and every answer of the chat."""
    return {
        "applicant_name": app.applicant.name or "", "applicant_nik": app.applicant.nik or "",
        "applicant_address": app.applicant.address or "", "tracking_code": app.tracking_code or "",
        "service": app.service.name, "number": app.issued_number or "", "office_name": OFFICE_NAME,
        "regency": office().regency,
        **answers(spec_for(app.service), app.details),
    }


def fill(template: str, values: dict[str, str]) -> str:
    """The template with its `{name}`s filled ("-" for a missing answer)."""
    return template.format(**{name: values.get(name) or "-" for name in names_in(template)})


def qr_image(url: str):
    """The QR code (a PIL image) that points to the verification page."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(url)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image()


def render_letter(data: LetterData) -> bytes:
    png = io.BytesIO()
    qr_image(data.verify_url).save(png, format="PNG")
    png.seek(0)
    story = [
        *letterhead(),
        para(data.title, "title"),
        para(f"Nomor: {data.number}", "subtitle"),
        Spacer(1, 5 * mm),
        *([para("Kepada Yth."), para(data.addressee), para("di tempat"), Spacer(1, 4 * mm)] if data.addressee else []),
        *([para("Dasar:"), *[para(f"{i}. {line}") for i, line in enumerate(data.legal_basis, 1)], Spacer(1, 3 * mm)]
          if data.legal_basis else []),
        para(data.opening),
        Spacer(1, 2 * mm),
        fields_table(list(data.particulars)),
        Spacer(1, 3 * mm),
        *[item for line in data.body for item in (para(line), Spacer(1, 2 * mm))],
        para(data.closing),
        Spacer(1, 3 * mm),
        _signature_block(data, png),
    ]

    def footer(canvas, doc):
        canvas.saveState()
        if data.specimen:
            _specimen_mark(canvas, doc)
        text = para((SPECIMEN_FOOTER if data.specimen else FOOTER).format(verify_url=data.verify_url), "small")
        width = doc.width
        _, height = text.wrap(width, doc.bottomMargin)
        canvas.setLineWidth(0.4)
        canvas.line(doc.leftMargin, doc.bottomMargin - 3 * mm, doc.leftMargin + width, doc.bottomMargin - 3 * mm)
        text.drawOn(canvas, doc.leftMargin, doc.bottomMargin - 5 * mm - height)
        canvas.restoreState()

    return build(story, title=f"{data.title.title()} {data.number}", on_page=footer)


def _specimen_mark(canvas, doc) -> None:
    """A large grey "SPESIMEN / TIDAK SAH" across the page, under nothing and over nothing
    important: part of the signed letter, so no one can pass a test letter off as real."""
    width, height = doc.pagesize
    canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
    canvas.setFont("Helvetica-Bold", 46)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, SPECIMEN_MARK)
    canvas.rotate(-35)
    canvas.translate(-width / 2, -height / 2)
    canvas.setFillColor(colors.Color(0.75, 0.1, 0.1))
    canvas.setFont("Helvetica-Bold", 9)
    canvas.drawCentredString(width / 2, height - 11 * mm, SPECIMEN_MARK + " — sertifikat pengembangan, bukan BSrE")
    canvas.setFillColor(colors.black)


def _signature_block(data: LetterData, qr: io.BytesIO) -> Table:
    right = [
        para(f"Ditetapkan di {SEAT}", "cell"),
        para(f"pada tanggal {id_date(data.issued_at, data.tz_name)}", "cell"),
        Spacer(1, 2 * mm),
        para(office().head_title, "cell", markup="b"),
        para(office().regency, "cell", markup="b"),
        Spacer(1, 2 * mm),
        Image(qr, width=22 * mm, height=22 * mm, hAlign="LEFT"),
        para("Ditandatangani secara elektronik", "small", markup="i"),
        Spacer(1, 1 * mm),
        para(data.signer_name or "-", "cell", markup="b"),
        para(f"NIP {data.signer_nip}" if data.signer_nip else "NIP -", "cell"),
    ]
    table = Table([["", right]], colWidths=[None, 85 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table
