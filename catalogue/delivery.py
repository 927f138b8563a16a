"""Texts of document delivery: a document sent on its own, DOKUMEN, and what the chat shows
about messages WhatsApp refused."""

from __future__ import annotations

MESSAGES = {
    "delivery.document": {
        "id": "📎 {title} berkas *{tracking_code}*.",
        "en": "📎 {title} of file *{tracking_code}*.",
    },
    "delivery.kind.receipt": {"id": "Tanda Terima", "en": "Receipt (Tanda Terima)"},
    "delivery.kind.issued": {
        "id": "Surat hasil layanan yang telah ditandatangani secara elektronik",
        "en": "The service's letter, signed electronically",
    },
    "delivery.kind.issued.named": {
        "id": "{document:words}, ditandatangani secara elektronik,", "en": "{document:words}, signed electronically,",
    },
    "choices.button": {"id": "Pilih", "en": "Choose"},  # opens a list picker (≤ 20 characters)
    "bot.documents.sending": {
        "id": "Baik, dokumen terbaru dari berkas Bapak/Ibu kami kirim sebentar lagi ({count} dokumen).",
        "en": "Certainly: the latest documents of your files follow in a moment ({count} documents).",
    },
    "bot.documents.none": {
        "id": "Belum ada dokumen yang diterbitkan untuk berkas Bapak/Ibu. Tanda Terima dikirim setelah berkas "
              "dinyatakan lengkap, dan surat hasil layanan (rekomendasi atau izin) setelah ditandatangani. Ketik *STATUS* untuk melihat perkembangannya.",
        "en": "No document has been issued for your files yet. The receipt comes once a file is complete, and the "
              "service's letter (recommendation or permit) once it is signed. Type *STATUS* to follow your files.",
    },
}
