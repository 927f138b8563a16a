"""Downloads: stored PDFs, streamed from the file store (never from a static folder) to whoever
may see them, and the reports' CSV files."""

from __future__ import annotations

from flask import Response, abort, current_app

from storage import Document
from workflow.spreadsheet import excel_csv


def pdf_response(doc: Document) -> Response:
    files = current_app.extensions["runtime"].files
    if not doc.sha256 or not files.exists(doc.sha256):
        abort(404)
    response = Response(files.get_bytes(doc.sha256), mimetype="application/pdf")
    name = "".join(c for c in (doc.filename or f"dokumen-{doc.id}.pdf") if c.isalnum() or c in "._- ") or "dokumen.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(rows, filename: str) -> Response:
    """A CSV download for Excel (workflow.spreadsheet: BOM; formulas defused by the rows' maker)."""
    return Response(excel_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"})
