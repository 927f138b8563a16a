"""Small sample PDFs for the demo: one per requirement of the default service (APS).

`flask demo pdfs DIR` writes them; the simulator offers them in its attach menu. Each is a
one-page, clearly marked *CONTOH* (sample) document with made-up data, a few kilobytes large.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from workflow.definition import service_definitions

APPLICANT = {"Nama": "Siti Aminah", "NIK": "1407 0123 4567 8901 (contoh)", "Alamat": "Jl. Merdeka No. 1, Bagansiapiapi"}
CHILD = {"Nama anak": "Rudi Hartono", "Tujuan": "SMK Negeri 1 Bangko"}


def samples(service_code: str = "APS") -> list[dict]:
    """[{"code", "label", "filename"}] for each requirement of the service, in order."""
    spec = next(s for s in service_definitions() if s["code"] == service_code)
    out = []
    for position, req in enumerate(spec.get("requirements", []), start=1):
        slug = re.sub(r"[^a-z0-9]+", "-", req["code"].lower()).strip("-")
        out.append({"code": req["code"], "label": req["label"], "filename": f"{position:02d}-{slug}.pdf"})
    return out


def render_sample(label: str) -> bytes:
    """A one-page A4 PDF titled `label`, marked as a sample."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)  # invariant: same bytes every time
    pdf.setTitle(label)
    pdf.setAuthor("DPMPTSP Rokan Hilir — data contoh")
    width, height = A4
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(60, height - 80, "CONTOH DOKUMEN / SAMPLE DOCUMENT")
    pdf.setFont("Helvetica", 12)
    y = height - 120
    for line in _wrap(label, 80):
        pdf.drawString(60, y, line)
        y -= 18
    y -= 12
    for key, value in {**APPLICANT, **CHILD, "Tanggal": date(2026, 1, 5).isoformat()}.items():
        pdf.drawString(60, y, f"{key:<12}: {value}")
        y -= 18
    pdf.setFont("Helvetica-Oblique", 10)
    pdf.drawString(60, 60, "Data rekaan untuk demo layanan WhatsApp DPMPTSP. Bukan dokumen resmi.")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def sample_bytes(code: str, service_code: str = "APS") -> tuple[str, bytes]:
    """(filename, bytes) of the sample for requirement `code`; KeyError if there is none."""
    for item in samples(service_code):
        if item["code"] == code:
            return item["filename"], render_sample(item["label"])
    raise KeyError(code)


def write_samples(directory: Path, service_code: str = "APS") -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for item in samples(service_code):
        path = directory / item["filename"]
        path.write_bytes(render_sample(item["label"]))
        written.append(path)
    return written


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])
