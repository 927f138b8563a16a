"""Downloads: stored PDFs, streamed from the file store (never from a static folder) to whoever
may see them, and the reports' CSV files."""

from __future__ import annotations

from flask import Response, abort, current_app

from runtime.downloads import user_file
from storage import Document
from workflow.spreadsheet import excel_csv


def pdf_response(doc: Document, *, inline: bool = False) -> Response:
    """The stored PDF through `runtime.downloads.user_file`: a sandboxed download, or (`inline`,
    the back office's preview frame) shown in place when its bytes really are a PDF."""
    files = current_app.extensions["runtime"].files
    if not doc.sha256 or not files.exists(doc.sha256):
        abort(404)
    return user_file(files.get_bytes(doc.sha256), "application/pdf", doc.filename or f"dokumen-{doc.id}.pdf",
                     inline_pdf=inline)


def csv_response(rows, filename: str) -> Response:
    """A CSV download for Excel (workflow.spreadsheet: BOM; formulas defused by the rows' maker)."""
    return Response(excel_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"})
