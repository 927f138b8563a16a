"""DATA SAYA's copy (UU 27/2022 Pasal 7 and 32): everything the office holds about one applicant,
unmasked, with the list of their documents, as a PDF sent to their own WhatsApp number.

Rendered when Twilio fetches the signed link, from what the database holds at that moment:
nothing of it is stored, so there is nothing to keep or to forget afterwards.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue import stage_words
from config import OFFICE_TZ
from storage import Applicant, Application, Complaint, InboundMessage, Question
from storage.privacy import notice_data
from storage.regions import OUTSIDE, kecamatan_name
from workflow.paperwork.layout import build, fields_table, id_date, letterhead, para
from workflow.service_spec import shown, spec_for

TITLE = "SALINAN DATA PRIBADI PEMOHON"
KIND = {"requirement": "Persyaratan", "receipt": "Tanda terima", "recommendation": "Rekomendasi",
        "issued": "Surat terbit"}
DETAILS = {"addressee": "Ditujukan kepada"}  # details no question asks; the rest are named by the service's data
STATUS = {"pending": "sedang diperiksa", "accepted": "diterima", "refused": "ditolak", "superseded": "diganti"}


def _when(moment: datetime | None, tz_name: str) -> str:
    return id_date(moment, tz_name, with_time=True) if moment else "-"


def render_data_export(session: Session, applicant_id: int, now: datetime, tz_name: str = OFFICE_TZ) -> bytes | None:
    a = session.get(Applicant, applicant_id)
    if a is None:
        return None
    apps = list(session.scalars(select(Application).where(Application.applicant_id == a.id).order_by(Application.id)))
    messages = session.scalar(select(func.count()).select_from(InboundMessage).where(InboundMessage.sender == a.whatsapp))
    district = "Luar Kabupaten Rokan Hilir" if a.kecamatan == OUTSIDE else kecamatan_name(a.kecamatan)
    story = [
        *letterhead(),
        para(TITLE, "title"),
        para(f"Dibuat {id_date(now, tz_name, with_time=True)} atas permintaan pemohon (UU No. 27 Tahun 2022 Pasal 7)",
             "subtitle"),
        Spacer(1, 6 * mm),
        para("Data diri", markup="b"),
        fields_table([
            ("Nama lengkap", a.name or "-"), ("NIK", a.nik or "-"), ("Alamat", a.address or "-"),
            ("Kecamatan", district or "-"), ("Nomor WhatsApp", a.whatsapp), ("Nama profil WhatsApp", a.profile_name or "-"),
            ("Bahasa", "English" if a.language == "en" else "Bahasa Indonesia"),
            ("Pertama menghubungi", _when(a.created_at, tz_name)),
            ("Persetujuan", f"{_when(a.consent_at, tz_name)} (pemberitahuan versi {a.consent_version or '-'})"
             if a.consent_at else "belum diberikan"),
            ("Akun diaktifkan", _when(a.activated_at, tz_name)),
            ("Pesan percakapan tersimpan", str(messages or 0)),
        ]),
    ]
    for app in apps:
        story += [Spacer(1, 5 * mm), KeepTogether([
            para(f"Permohonan {app.tracking_code or '(draf)'}", markup="b"), fields_table([
                ("Layanan", app.service.name), ("Tahapan", stage_words(app.stage, "id", app.service.workflow)),
                ("Diajukan", _when(app.submitted_at, tz_name)), ("Selesai", _when(app.closed_at, tz_name)),
                ("Nomor surat", app.issued_number or "-"),
                *_details(app),
            ])]), Spacer(1, 2 * mm), _documents_table(app, tz_name)]
    story += _exchanges(session, a.id, tz_name)
    dpo = notice_data()["dpo"]
    story += [Spacer(1, 6 * mm), para(
        f"Pertanyaan tentang data ini: {dpo['title']}, email {dpo['email']}, telepon {dpo['phone']}. "
        "Ketik PRIVASI di WhatsApp layanan untuk pemberitahuan lengkap, HAPUS DATA untuk menghapus data.", "small")]
    return build(story, title=TITLE)


EXCHANGE_STATUS = {"open": "belum dijawab", "answered": "sudah dijawab"}


def _exchanges(session: Session, applicant_id: int, tz_name: str) -> list:
    """Complaints (ADUAN) and questions to the staff (TANYA): what they wrote and the answers."""
    story = []
    for title, model in (("Pengaduan", Complaint), ("Pertanyaan kepada petugas", Question)):
        rows = list(session.scalars(select(model).where(model.applicant_id == applicant_id).order_by(model.id)))
        for row in rows:
            story += [Spacer(1, 5 * mm), KeepTogether([para(f"{title} {row.code}", markup="b"), fields_table([
                ("Dikirim", _when(row.created_at, tz_name)),
                ("Status", EXCHANGE_STATUS.get(row.status, row.status)),
                ("Isi", row.body or "-"), ("Jawaban", row.answer or "-"),
            ])])]  # a heading never left alone at the foot of a page
    return story


def _details(app: Application) -> list[tuple[str, str]]:
    """What the chat asked for this file, named as the service's questions name it."""
    spec = spec_for(app.service)
    rows = []
    for key, value in (app.details or {}).items():
        question = spec.question(key)
        label = question.label["id"] if question else DETAILS.get(key, str(key).replace("_", " ").capitalize())
        rows.append((label, shown(question, value) or str(value)))
    return rows


def _documents_table(app: Application, tz_name: str) -> Table:
    rows = [[para(h, "cell", markup="b") for h in ("Dokumen", "Jenis", "Status", "Hlm", "Diterima")]]
    for d in app.documents:
        label = d.requirement.label if d.requirement else (d.filename or "-")
        rows.append([para(label, "cell"), para(KIND.get(d.kind, d.kind), "cell"),
                     para(STATUS.get(d.status, d.status), "cell"), para(str(d.pages or "-"), "cell"),
                     para(id_date(d.created_at, tz_name), "cell")])
    if len(rows) == 1:
        rows.append([para("Belum ada dokumen", "cell"), "", "", "", ""])
    table = Table(rows, colWidths=[68 * mm, 28 * mm, 28 * mm, 12 * mm, None], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    return table
