"""Why a staff member's action or form was refused, field by field (the web shows them in the
staff's language; the JSON API's `fields` carry the English wording).

The workflow raises `BadFields({field: Phrase("field_error.…", **variables)})`; a `Phrase`
reads as its English text and renders in Indonesian on the back office's screens. The English
wordings are the API's messages as they were before the texts moved here: keep them stable.
"""

MESSAGES = {
    # ---- any action's fields (workflow.engine) ----
    "field_error.required": {"id": "wajib diisi", "en": "required"},
    "field_error.unknown_field": {"id": "isian tidak dikenal", "en": "unknown field"},
    "field_error.must_be_text": {"id": "harus berupa teks", "en": "must be text"},
    # ---- actions' own checks (workflow.effects, workflow.paperwork) ----
    "field_error.documents_missing": {
        "id": "{count} dokumen wajib belum ada atau belum diterima",
        "en": "{count} required document(s) missing",
    },
    "field_error.wrong_pickup_code": {
        "id": "Kode pengambilan salah. Cocokkan dengan kode yang diterima pemohon di WhatsApp.",
        "en": "wrong pickup code",
    },
    "field_error.no_number": {"id": "surat belum diberi nomor", "en": "the letter has no number yet"},
    "field_error.wrong_passphrase": {
        "id": "Passphrase salah. Surat belum ditandatangani; ketik ulang passphrase sertifikat TTE.",
        "en": "wrong passphrase",
    },
    # ---- returning a file (workflow.return_reasons) ----
    "field_error.return_reason_required": {
        "id": "Centang minimal satu alasan pada persyaratan yang bermasalah, atau tuliskan alasannya.",
        "en": "required: tick a reason or write one",
    },
    "field_error.unknown_reason": {
        "id": "Alasan “{code}” tidak dikenal untuk layanan ini. Muat ulang halaman lalu centang lagi.",
        "en": "unknown reason code {code}: use a requirement:reason pair from the return reasons of this service",
    },
    # ---- complaints (workflow.complaints) ----
    "field_error.answer_empty": {"id": "tuliskan jawabannya dulu", "en": "write the answer"},
    "field_error.answer_too_long": {"id": "paling banyak {max} karakter", "en": "at most {max} characters"},
    # ---- an uploaded PDF (workflow.paperwork.upload, backoffice.fields) ----
    "field_error.pdf.expected_file": {"id": "harus berupa berkas PDF", "en": "expected a PDF file"},
    "field_error.pdf.multipart": {
        "id": "kirim berkas sebagai multipart/form-data",
        "en": "send the file as multipart/form-data",
    },
    "field_error.pdf.larger_than": {"id": "berkas lebih besar dari {mb} MB", "en": "file larger than {mb} MB"},
    # One per `storage.pdfcheck` verdict (`doc.refused.<reason>` → `field_error.pdf.<reason>`).
    "field_error.pdf.not_pdf": {"id": "bukan berkas PDF", "en": "not a PDF file"},
    "field_error.pdf.empty": {"id": "berkasnya kosong", "en": "the file is empty"},
    "field_error.pdf.encrypted": {"id": "PDF dilindungi kata sandi", "en": "the PDF is password-protected"},
    "field_error.pdf.corrupt": {"id": "PDF rusak atau tidak dapat dibaca", "en": "the PDF is damaged or unreadable"},
    "field_error.pdf.too_many_pages": {"id": "lebih dari {pages} halaman", "en": "more than {pages} pages"},
    "field_error.pdf.unsafe": {
        "id": "PDF tidak dapat diperiksa dengan aman (terlalu rumit atau terlalu lambat)",
        "en": "the PDF could not be checked safely (too complex or too slow)",
    },
    "field_error.pdf.too_large": {"id": "berkas terlalu besar", "en": "the file is too large"},
    "field_error.pdf.download_failed": {"id": "berkas tidak dapat diunduh", "en": "the file could not be downloaded"},
    "field_error.pdf.duplicate": {
        "id": "berkas yang sama sudah dikirim untuk persyaratan lain",
        "en": "the same file was already sent for another requirement",
    },
    "field_error.pdf.unacceptable": {"id": "PDF tidak dapat diterima", "en": "not an acceptable PDF"},
    # What the PDF check noticed in an accepted file (shown beside the document to staff).
    "field_error.pdf_warning.javascript": {"id": "berisi JavaScript", "en": "contains JavaScript"},
    "field_error.pdf_warning.launch_action": {
        "id": "berisi perintah membuka program lain",
        "en": "contains an action that launches a program",
    },
    "field_error.pdf_warning.embedded_files": {"id": "berisi lampiran berkas", "en": "contains embedded files"},
    "field_error.pdf_warning.xfa_form": {"id": "berisi formulir XFA", "en": "contains an XFA form"},
}
