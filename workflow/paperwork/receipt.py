"""The Tanda Terima: the receipt Back Office gives when a file is declared complete (SOP step 2).

It names the registration number (the WhatsApp tracking code), when the file was received, the
service, the applicant (NIK masked), the answers the service's data prints on it (`[receipt]
fields`, e.g. the child's name), the documents received, the status in the service's words, the
expected completion in working days, the receiving officer, and how to follow the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from config import OFFICE_TZ
from storage import Application, StaffUser, mask_nik
from workflow.clock import WorkingCalendar
from workflow.definition import workflow_for
from workflow.desks import desk_name
from workflow.paperwork.layout import SEAT, build, fields_table, id_date, letterhead, para
from workflow.service_spec import ReceiptSpec, answers, spec_for

TITLE = "TANDA TERIMA BERKAS PERMOHONAN"
HOW_TO_CHECK = ("Pantau perkembangan berkas melalui WhatsApp layanan ini: ketik STATUS. "
                "Setiap perubahan tahapan juga dikirim otomatis ke WhatsApp Bapak/Ibu.")


@dataclass(frozen=True)
class ChecklistRow:
    requirement: str
    required: bool
    received: bool
    pages: int | None


@dataclass(frozen=True)
class ReceiptData:
    tracking_code: str
    received_at: datetime
    service: str
    applicant_name: str
    masked_nik: str
    details: tuple[tuple[str, str], ...]  # (label, answer) the service's data prints here
    checklist: tuple[ChecklistRow, ...]
    expected_at: datetime | None
    legal_days: int
    officer_name: str
    officer_nip: str
    tz_name: str = OFFICE_TZ
    status: str = ReceiptSpec.status
    note: str = ReceiptSpec.note
    desk: str = "Back Office"  # the receiving desk, as the service's workflow calls it (workflow/desks.py)


def receipt_data(app: Application, officer: StaffUser | None, officer_name: str, now: datetime,
                 calendar: WorkingCalendar) -> ReceiptData:
    flow = workflow_for(app.service)
    spec = spec_for(app.service)
    said = answers(spec, app.details)
    docs = {d.requirement_id: d for d in app.current_documents() if d.status == "accepted"}
    checklist = tuple(
        ChecklistRow(r.label, r.required, r.id in docs, docs[r.id].pages if r.id in docs else None)
        for r in app.service.requirements
        if r.active
    )
    start = app.submitted_at or now
    return ReceiptData(
        tracking_code=app.tracking_code or "",
        received_at=now,
        service=app.service.name,
        applicant_name=app.applicant.name or "",
        masked_nik=mask_nik(app.applicant.nik),
        details=tuple((spec.question(name).label["id"], said[name]) for name in spec.receipt.fields
                      if spec.question(name) is not None),
        checklist=checklist,
        expected_at=calendar.add_days(start, flow.legal_days) if flow.legal_days else None,
        legal_days=flow.legal_days,
        officer_name=(officer.full_name if officer and officer.full_name else officer_name),
        officer_nip=officer.nip if officer else "",
        tz_name=calendar.tz_name,
        status=spec.receipt.status,
        note=spec.receipt.note,
        desk=desk_name(flow.roles, "id"),
    )


def render_receipt(data: ReceiptData) -> bytes:
    expected = "-"
    if data.expected_at:
        expected = f"{id_date(data.expected_at, data.tz_name)} ({data.legal_days} hari kerja)"
    story = [
        *letterhead(),
        para(TITLE, "title"),
        para(f"Nomor Registrasi: {data.tracking_code}", "subtitle"),
        Spacer(1, 6 * mm),
        fields_table([
            ("Nomor registrasi", data.tracking_code),
            ("Tanggal & jam diterima", id_date(data.received_at, data.tz_name, with_time=True)),
            ("Jenis layanan", data.service),
            ("Nama pemohon", data.applicant_name),
            ("NIK pemohon", data.masked_nik),
            *data.details,
            ("Status", data.status),
            ("Estimasi selesai", expected),
        ]),
        Spacer(1, 5 * mm),
        para("Daftar kelengkapan dokumen", markup="b"),
        Spacer(1, 2 * mm),
        _checklist_table(data.checklist),
        Spacer(1, 5 * mm),
        para("Cara memantau berkas", markup="b"),
        para(HOW_TO_CHECK),
        Spacer(1, 3 * mm),
        para(data.note, markup="i"),
        Spacer(1, 5 * mm),
        _officer_block(data),
    ]
    return build(story, title=f"Tanda Terima {data.tracking_code}", bottom_margin=15 * mm)


def _checklist_table(rows: tuple[ChecklistRow, ...]) -> Table:
    data = [[para("No", "cell", markup="b"), para("Persyaratan", "cell", markup="b"),
             para("Diterima", "cell", markup="b"), para("Halaman", "cell", markup="b")]]
    for i, row in enumerate(rows, 1):
        label = row.requirement if row.required else f"{row.requirement} (opsional)"
        data.append([para(str(i), "cell"), para(label, "cell"), para("Ya" if row.received else "Tidak", "cell"),
                     para(str(row.pages) if row.pages else "-", "cell")])
    table = Table(data, colWidths=[10 * mm, None, 20 * mm, 22 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _officer_block(data: ReceiptData) -> Table:
    lines = [
        para(f"{SEAT}, {id_date(data.received_at, data.tz_name)}", "cell"),
        para(f"Petugas penerima ({data.desk}),", "cell"),
        Spacer(1, 12 * mm),
        para(data.officer_name or "-", "cell", markup="b"),
    ]
    if data.officer_nip:  # an officer without a NIP (a contract clerk) signs without a "NIP -" line
        lines.append(para(f"NIP {data.officer_nip}", "cell"))
    table = Table([["", lines]], colWidths=[None, 75 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table
