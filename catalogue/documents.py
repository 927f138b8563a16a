"""Verdicts on documents the applicant sends (accepted, or refused and why).

Refusal keys are the `reason` values of storage.pdfcheck.check_pdf and bot.media.MediaError.
Each tells the applicant what to do next. Variables: {requirement}, {filename}, {pages},
{max_pages}, {max_mb}.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "doc.accepted": {
        "id": "Dokumen *{requirement}* diterima: {filename}, {pages} halaman.",
        "en": "Document *{requirement}* accepted: {filename}, {pages} pages.",
    },
    "doc.refused.not_pdf": {
        "id": (
            "Mohon maaf, berkas yang Bapak/Ibu kirim bukan PDF. Kami hanya dapat menerima dokumen PDF. "
            "Jika dokumen berupa kertas atau foto, silakan pindai (scan) dengan aplikasi pemindai di ponsel "
            "(misalnya Google Drive, Adobe Scan atau CamScanner), simpan sebagai PDF, lalu kirim sebagai "
            "*Dokumen* (bukan sebagai foto)."
        ),
        "en": (
            "Sorry, the file you sent is not a PDF. We can only accept PDF documents. If your document is "
            "on paper or a photo, please scan it with a scanner app on your phone (for example Google Drive, "
            "Adobe Scan or CamScanner), save it as a PDF, and send it as a *Document* (not as a photo)."
        ),
    },
    "doc.refused.encrypted": {
        "id": (
            "Mohon maaf, PDF ini dilindungi kata sandi sehingga petugas tidak dapat membukanya. "
            "Silakan kirim ulang PDF yang sama tanpa kata sandi."
        ),
        "en": (
            "Sorry, this PDF is password-protected, so our staff cannot open it. "
            "Please send the same PDF again without a password."
        ),
    },
    "doc.refused.corrupt": {
        "id": (
            "Mohon maaf, PDF ini rusak atau tidak lengkap sehingga tidak dapat dibuka. "
            "Silakan buka berkas tersebut di ponsel Bapak/Ibu untuk memastikannya, lalu kirim ulang "
            "(atau pindai ulang dokumennya)."
        ),
        "en": (
            "Sorry, this PDF is damaged or incomplete and cannot be opened. Please check that it opens "
            "on your phone, then send it again (or scan the document again)."
        ),
    },
    "doc.refused.empty": {
        "id": "Mohon maaf, berkas yang Bapak/Ibu kirim kosong (tidak ada halaman). Silakan kirim PDF yang berisi dokumen.",
        "en": "Sorry, the file you sent is empty (it has no pages). Please send a PDF that contains the document.",
    },
    "doc.refused.too_many_pages": {
        "id": (
            "Mohon maaf, PDF ini lebih dari {max_pages} halaman. Silakan kirim hanya halaman yang "
            "diperlukan untuk persyaratan ini."
        ),
        "en": (
            "Sorry, this PDF has more than {max_pages} pages. Please send only the pages needed "
            "for this requirement."
        ),
    },
    "doc.refused.too_large": {
        "id": (
            "Mohon maaf, berkas ini lebih dari {max_mb} MB. Silakan perkecil ukurannya (misalnya pindai "
            "dengan resolusi lebih rendah atau gunakan fitur kompres PDF), lalu kirim ulang."
        ),
        "en": (
            "Sorry, this file is larger than {max_mb} MB. Please make it smaller (for example scan at a "
            "lower resolution or use a PDF compressor) and send it again."
        ),
    },
    "doc.refused.unsafe": {
        "id": (
            "Mohon maaf, PDF ini tidak dapat kami periksa dengan aman (isinya tidak wajar atau terlalu berat "
            "diproses). Silakan simpan ulang atau pindai ulang dokumennya sebagai PDF biasa, lalu kirim ulang."
        ),
        "en": (
            "Sorry, we cannot check this PDF safely (its content is unusual or too heavy to process). "
            "Please save or scan the document again as a plain PDF and send it again."
        ),
    },
    "doc.refused.download_failed": {
        "id": (
            "Mohon maaf, berkas yang Bapak/Ibu kirim tidak berhasil kami terima. "
            "Silakan kirim ulang berkas tersebut."
        ),
        "en": "Sorry, we could not receive the file you sent. Please send it again.",
    },
}
