"""The public verification page the QR code on every letter points to (`/verify/<code>`).

Anyone may scan it, in any language: the page shows each text in Bahasa Indonesia with its
English beneath (`say(key)` in the templates of `backoffice/templates/verify/`).
"""

MESSAGES = {
    "verify.title": {
        "id": "Verifikasi Dokumen — DPMPTSP Kabupaten Rokan Hilir",
        "en": "Document verification — DPMPTSP Rokan Hilir",
    },
    "verify.title_not_found": {
        "id": "Dokumen tidak ditemukan — DPMPTSP Kabupaten Rokan Hilir",
        "en": "Document not found — DPMPTSP Rokan Hilir",
    },
    "verify.government": {"id": "PEMERINTAH KABUPATEN ROKAN HILIR", "en": "GOVERNMENT OF ROKAN HILIR REGENCY"},
    "verify.office": {
        "id": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "en": "Investment and One-Stop Integrated Services Office",
    },
    "verify.genuine": {
        "id": "Dokumen ASLI: tanda tangan elektronik utuh dan mencakup seluruh dokumen.",
        "en": "Genuine document: the electronic signature is intact and covers the whole file.",
    },
    "verify.not_genuine": {
        "id": "Dokumen TIDAK DAPAT DIPASTIKAN ASLI: tanda tangan elektronik pada dokumen tersimpan tidak utuh. "
              "Hubungi DPMPTSP Kabupaten Rokan Hilir (kontak di bawah).",
        "en": "Authenticity cannot be confirmed: the stored document's electronic signature is not intact. "
              "Please contact DPMPTSP Rokan Hilir (contact below).",
    },
    "verify.not_found": {
        "id": "Dokumen tidak ditemukan. Kode verifikasi ini tidak terdaftar pada DPMPTSP Kabupaten Rokan Hilir.",
        "en": "Document not found: this verification code was not issued by DPMPTSP Rokan Hilir.",
    },
    "verify.not_found_hint": {
        "id": "Pastikan alamat dipindai langsung dari kode QR pada dokumen. Jika ragu, hubungi kantor DPMPTSP (kontak di bawah).",
        "en": "Scan the QR code on the document directly. If in doubt, contact the office (contact below).",
    },
    "verify.contact": {"id": "Kontak kantor", "en": "office contact"},
    "verify.address": {"id": "Alamat", "en": "address"},
    "verify.hours": {"id": "Jam layanan", "en": "office hours"},
    "verify.phone": {"id": "Telepon", "en": "phone"},
    "verify.email": {"id": "Pos-el", "en": "e-mail"},
    "verify.number": {"id": "Nomor surat", "en": "number"},
    "verify.date": {"id": "Tanggal", "en": "date"},
    "verify.service": {"id": "Layanan", "en": "service"},
    "verify.applicant": {"id": "Pemohon", "en": "applicant"},
    "verify.signature": {"id": "Tanda tangan", "en": "signature"},
    "verify.intact": {"id": "utuh", "en": "intact"},
    "verify.not_intact": {"id": "tidak utuh", "en": "not intact"},
    "verify.whole_file": {"id": "mencakup seluruh dokumen", "en": "covers the whole file"},
    "verify.not_whole_file": {"id": "tidak mencakup seluruh dokumen", "en": "does not cover the whole file"},
    "verify.signer": {"id": "Penanda tangan", "en": "signer"},
    "verify.tsa_time": {
        "id": "Waktu penandatanganan (dijamin TSA)",
        "en": "signing time (guaranteed by a trusted timestamp authority)",
    },
    "verify.claimed_time": {"id": "Waktu penandatanganan", "en": "signing time"},
    "verify.claimed_time_note": {
        "id": "menurut komputer penanda tangan; tidak dijamin oleh penyedia cap waktu tepercaya (TSA)",
        "en": "as reported by the signer's computer; not guaranteed by a trusted timestamp authority (TSA)",
    },
    "verify.timestamp_invalid": {
        "id": "cap waktu pada tanda tangan tidak sah",
        "en": "the signature's timestamp is not valid",
    },
    "verify.compare": {"id": "Cocokkan salinan Anda", "en": "compare your copy"},
    "verify.compare_note": {
        "id": "Unggah berkas PDF yang Anda terima untuk memeriksa apakah sama persis dengan dokumen asli. Berkas tidak disimpan.",
        "en": "Upload the PDF you received to check it is byte-for-byte the original. The file is not kept.",
    },
    "verify.same": {"id": "✔ Sama persis dengan dokumen asli.", "en": "Identical to the original."},
    "verify.different": {"id": "✘ Berbeda dengan dokumen asli.", "en": "Differs from the original."},
    "verify.missing": {"id": "Pilih berkas PDF terlebih dahulu.", "en": "Choose a PDF file first."},
    "verify.check": {"id": "Periksa", "en": "Check"},
    "verify.copy_note": {
        "id": "Salinan cetak hanyalah salinan; keaslian tanda tangan elektronik dapat juga diperiksa dengan "
              "mengunggah dokumen PDF pada",
        "en": "A printed copy is only a copy; the PDF's signature can also be checked at",
    },
}
