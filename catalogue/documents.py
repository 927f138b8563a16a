"""Verdicts on documents the applicant sends (accepted, or refused and why).

Refusal keys are the `reason` values of storage.pdfcheck.check_pdf, storage.conversion
(photos, Word files) and bot.media.MediaError. Each verdict is ONE message: it names the
requirement and what the applicant sent ({what}: "2 foto → PDF 2 halaman", the PDF's own name),
says why not when refused and what to do, and ends with what comes next ({next}, rendered by the
document job; empty while other files are still being checked). Variables: {requirement},
{what}, {filename}, {pages}, {photos}, {max_pages}, {max_mb}, {skipped}, {next}.
"""

_REFUSED_ID = "❌ *{requirement}* ({what}) belum dapat diterima. "
_REFUSED_EN = "❌ *{requirement}* ({what}) could not be accepted. "

MESSAGES: dict[str, dict[str, str]] = {
    "doc.accepted": {
        "id": "✅ *{requirement}*: {what} — diterima.{skipped}{next}",
        "en": "✅ *{requirement}*: {what} — accepted.{skipped}{next}",
    },
    # What the applicant sent, as the verdict and the summary name it.
    "doc.what.photos": {"id": "{photos} foto → PDF {pages} halaman", "en": "{photos} photo(s) → PDF, {pages} page(s)"},
    "doc.what.converted": {"id": "{filename} → PDF {pages} halaman", "en": "{filename} → PDF, {pages} page(s)"},
    "doc.what.named": {"id": "{filename}, {pages} halaman", "en": "{filename}, {pages} page(s)"},
    "doc.what.pdf": {"id": "PDF {pages} halaman", "en": "PDF, {pages} page(s)"},
    "doc.what.sent_photos": {"id": "{photos} foto", "en": "{photos} photo(s)"},
    "doc.what.sent_named": {"id": "{filename}", "en": "{filename}"},
    "doc.what.sent_file": {"id": "berkas", "en": "file"},
    "doc.photos_skipped": {
        "id": " Foto ke-{numbers} tidak dapat dibaca dan tidak dimasukkan; kirim ulang jika halaman itu diperlukan.",
        "en": " Photo no. {numbers} could not be read and was left out; send it again if that page is needed.",
    },
    "doc.refused.not_pdf": {
        "id": _REFUSED_ID + (
            "Mohon maaf, jenis berkas ini tidak dapat kami gunakan. Kami menerima *PDF* dan *foto* dokumen "
            "(JPG, PNG, WebP, HEIC), dikirim sebagai foto 📷 atau sebagai dokumen 📎."
        ),
        "en": _REFUSED_EN + (
            "Sorry, we cannot use this kind of file. We accept *PDF* files and *photos* of the document "
            "(JPG, PNG, WebP, HEIC), sent as a photo 📷 or as a document 📎."
        ),
    },
    "doc.refused.not_image": {
        "id": _REFUSED_ID + "Berkas ini bukan foto yang dapat kami baca. Silakan foto ulang dokumennya, lalu kirim.",
        "en": _REFUSED_EN + "This file is not a photo we can read. Please take the photo again and send it.",
    },
    "doc.refused.image_broken": {
        "id": _REFUSED_ID + (
            "Mohon maaf, foto ini rusak atau tidak terkirim utuh sehingga tidak dapat dibuka. "
            "Silakan kirim ulang fotonya (atau foto ulang dokumennya)."
        ),
        "en": _REFUSED_EN + (
            "Sorry, this photo is damaged or did not arrive complete, so it cannot be opened. "
            "Please send the photo again (or take it again)."
        ),
    },
    "doc.refused.image_too_large": {
        "id": _REFUSED_ID + (
            "Mohon maaf, ukuran gambar ini (jumlah pikselnya) terlalu besar untuk kami proses dengan aman. "
            "Silakan foto dokumennya dengan kamera biasa, atau kirim sebagai foto 📷 agar WhatsApp memperkecilnya."
        ),
        "en": _REFUSED_EN + (
            "Sorry, this picture is too large (too many pixels) for us to process safely. Please photograph "
            "the document with the normal camera, or send it as a photo 📷 so that WhatsApp makes it smaller."
        ),
    },
    "doc.refused.image_too_small": {
        "id": _REFUSED_ID + (
            "Mohon maaf, foto ini terlalu kecil sehingga tulisannya tidak akan terbaca oleh petugas. "
            "Silakan foto dokumennya lebih dekat dan kirim ulang."
        ),
        "en": _REFUSED_EN + (
            "Sorry, this picture is too small for our staff to read the text. "
            "Please photograph the document closer and send it again."
        ),
    },
    "doc.refused.office_unavailable": {
        "id": _REFUSED_ID + (
            "Berkas Word/OpenDocument belum dapat kami ubah menjadi PDF. Silakan simpan sebagai PDF "
            "(di Word: *Simpan Sebagai* → PDF) atau kirim foto dokumennya."
        ),
        "en": _REFUSED_EN + (
            "We cannot turn Word/OpenDocument files into PDF here. Please save it as a PDF "
            "(in Word: *Save As* → PDF) or send photos of the document."
        ),
    },
    "doc.refused.office_failed": {
        "id": _REFUSED_ID + (
            "Berkas Word ini tidak berhasil kami ubah menjadi PDF. Silakan simpan sebagai PDF lalu kirim ulang, "
            "atau kirim foto dokumennya."
        ),
        "en": _REFUSED_EN + (
            "We could not turn this Word file into a PDF. Please save it as a PDF and send it again, "
            "or send photos of the document."
        ),
    },
    "doc.refused.encrypted": {
        "id": _REFUSED_ID + (
            "Mohon maaf, PDF ini dilindungi kata sandi sehingga petugas tidak dapat membukanya. "
            "Silakan kirim ulang PDF yang sama tanpa kata sandi."
        ),
        "en": _REFUSED_EN + (
            "Sorry, this PDF is password-protected, so our staff cannot open it. "
            "Please send the same PDF again without a password."
        ),
    },
    "doc.refused.corrupt": {
        "id": _REFUSED_ID + (
            "Mohon maaf, PDF ini rusak atau tidak lengkap sehingga tidak dapat dibuka. "
            "Silakan buka berkas tersebut di ponsel Bapak/Ibu untuk memastikannya, lalu kirim ulang "
            "(atau pindai ulang dokumennya)."
        ),
        "en": _REFUSED_EN + (
            "Sorry, this PDF is damaged or incomplete and cannot be opened. Please check that it opens "
            "on your phone, then send it again (or scan the document again)."
        ),
    },
    "doc.refused.empty": {
        "id": _REFUSED_ID + "Mohon maaf, berkas yang Bapak/Ibu kirim kosong (tidak ada halaman). Silakan kirim PDF yang berisi dokumen.",
        "en": _REFUSED_EN + "Sorry, the file you sent is empty (it has no pages). Please send a PDF that contains the document.",
    },
    "doc.refused.too_many_pages": {
        "id": _REFUSED_ID + (
            "Mohon maaf, PDF ini lebih dari {max_pages} halaman. Silakan kirim hanya halaman yang "
            "diperlukan untuk persyaratan ini."
        ),
        "en": _REFUSED_EN + (
            "Sorry, this PDF has more than {max_pages} pages. Please send only the pages needed "
            "for this requirement."
        ),
    },
    "doc.refused.too_large": {
        "id": _REFUSED_ID + (
            "Mohon maaf, berkas ini lebih dari {max_mb} MB. Silakan perkecil ukurannya (misalnya pindai "
            "dengan resolusi lebih rendah atau gunakan fitur kompres PDF), lalu kirim ulang."
        ),
        "en": _REFUSED_EN + (
            "Sorry, this file is larger than {max_mb} MB. Please make it smaller (for example scan at a "
            "lower resolution or use a PDF compressor) and send it again."
        ),
    },
    "doc.refused.unsafe": {
        "id": _REFUSED_ID + (
            "Mohon maaf, PDF ini tidak dapat kami periksa dengan aman (isinya tidak wajar atau terlalu berat "
            "diproses). Silakan simpan ulang atau pindai ulang dokumennya sebagai PDF biasa, lalu kirim ulang."
        ),
        "en": _REFUSED_EN + (
            "Sorry, we cannot check this PDF safely (its content is unusual or too heavy to process). "
            "Please save or scan the document again as a plain PDF and send it again."
        ),
    },
    "doc.refused.download_failed": {
        "id": _REFUSED_ID + (
            "Mohon maaf, berkas yang Bapak/Ibu kirim tidak berhasil kami terima. "
            "Silakan kirim ulang berkas tersebut."
        ),
        "en": _REFUSED_EN + "Sorry, we could not receive the file you sent. Please send it again.",
    },
}

# Every refusal ends with what comes next, as the acceptance does: one message per document.
for _key, _texts in MESSAGES.items():
    if _key.startswith("doc.refused."):
        for _language in _texts:
            _texts[_language] += "{next}"
