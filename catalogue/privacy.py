"""Texts of personal-data protection (UU No. 27 Tahun 2022): the privacy notice shown at consent
and by PRIVASI, DATA SAYA, HAPUS DATA, and what staff see of a pending erasure.

The notice's facts (controller, DPO contact, recipients, version) come from
storage/data/privacy_notice.toml and the retention settings; see storage/privacy.py.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # A menu label is a list row's title on WhatsApp: at most 24 characters (storage/contents.py).
    "privacy.menu": {"id": "Privasi & data saya", "en": "Privacy & my data"},
    # ---- the notice (Pasal 21: legality, purpose, data, retention, rights) -------------------
    "privacy.notice": {
        "id": (
            "*Pemberitahuan Pelindungan Data Pribadi* (versi {version})\n"
            "Sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi:\n\n"
            "*1. Pengendali data:* {controller}, {controller_address}.\n"
            "*2. Tujuan:* memproses permohonan Bapak/Ibu (pendaftaran, pemeriksaan berkas, penerbitan "
            "dan verifikasi surat), mengabarkan perkembangannya, dan survei kepuasan masyarakat.\n"
            "*3. Dasar hukum:* pelaksanaan tugas pelayanan publik berdasarkan peraturan "
            "perundang-undangan (Pasal 20 ayat (2) huruf e) dan persetujuan Bapak/Ibu (huruf a).\n"
            "*4. Data yang dikumpulkan:* nama lengkap, NIK, alamat, kecamatan, nomor WhatsApp; "
            "jawaban atas pertanyaan layanan yang dimohon (mis. jenis, ukuran dan lokasi reklame, "
            "atau nomor STR dan tempat praktik); dokumen persyaratan yang dikirim (mis. KTP, KK); "
            "dan isi percakapan dengan layanan ini. Bila Bapak/Ibu memohon layanan untuk seorang anak "
            "(Rekomendasi Bantuan Pengiriman Pelajar Anak Putus Sekolah), data anak tersebut (nama, tanggal lahir, sekolah) diproses "
            "atas persetujuan Bapak/Ibu sebagai orang tua/wali (Pasal 25).\n"
            "*5. Penerima:* petugas DPMPTSP sesuai tahapan berkas; {technical_team}; {processors}. "
            "Data tidak dijual dan tidak dipakai untuk tujuan lain.\n"
            "*6. Lama penyimpanan:* draf yang tidak dilanjutkan beserta dokumennya {draft_days} hari; "
            "dokumen yang ditolak {refused_days} hari; dokumen persyaratan {scan_years} tahun setelah "
            "berkas selesai; isi percakapan {payload_days} hari; pertanyaan kepada petugas "
            "{question_days} hari. Surat yang diterbitkan, tanda terima "
            "dan buku register disimpan sesuai jadwal retensi arsip.\n"
            "*7. Hak Bapak/Ibu* (Pasal 5–13), langsung di chat ini:\n"
            "• *PRIVASI*: membaca pemberitahuan ini lagi\n"
            "• *DATA SAYA*: melihat data yang kami simpan dan meminta salinannya (PDF)\n"
            "• *UBAH DATA*: memperbaiki data\n"
            "• *HAPUS DATA*: menarik persetujuan dan menghapus data (kecuali yang wajib disimpan "
            "menurut peraturan)\n"
            "*8. Pejabat Pelindungan Data Pribadi:* {dpo_title}, email {dpo_email}, telepon "
            "{dpo_phone}; jam layanan {dpo_hours}."
        ),
        "en": (
            "*Personal Data Protection Notice* (version {version})\n"
            "Under Law No. 27 of 2022 on Personal Data Protection:\n\n"
            "*1. Controller:* {controller}, {controller_address}.\n"
            "*2. Purpose:* processing your application (registration, checking the file, issuing and "
            "verifying the letter), keeping you informed, and the public satisfaction survey.\n"
            "*3. Legal basis:* performing a public-service task under the law (Article 20(2)(e)) and "
            "your consent ((a)).\n"
            "*4. Data collected:* full name, NIK, address, district, WhatsApp number; your answers to "
            "the questions of the service you apply for (e.g. the billboard's type, size and place, "
            "or the STR number and place of practice); the documents you send (e.g. KTP, family "
            "card); and this conversation. If you apply for a service for a child (the recommendation "
            "for sending an out-of-school child back to school), the child's data (name, date of birth, school) is processed with your "
            "consent as parent or guardian (Article 25).\n"
            "*5. Recipients:* the office's staff at each stage of the file; {technical_team}; "
            "{processors}. The data is never sold nor used for anything else.\n"
            "*6. How long we keep it:* an abandoned draft and its documents {draft_days} days; a refused "
            "document {refused_days} days; requirement documents {scan_years} years after the file is "
            "closed; the conversation {payload_days} days; questions to the staff {question_days} "
            "days. Issued letters, receipts and the register "
            "are kept under the archives schedule.\n"
            "*7. Your rights* (Articles 5–13), right here in the chat:\n"
            "• *PRIVACY*: read this notice again\n"
            "• *MY DATA*: see the data we hold and ask for a copy (PDF)\n"
            "• *UPDATE DATA*: correct your data\n"
            "• *ERASE MY DATA*: withdraw consent and erase your data (except what the law makes us keep)\n"
            "*8. Data Protection Officer:* {dpo_title}, email {dpo_email}, phone {dpo_phone}; "
            "office hours {dpo_hours}."
        ),
    },
    # ---- a new notice version: asked again at the next message -------------------------------
    "privacy.reconsent.intro": {
        "id": "Pemberitahuan pelindungan data pribadi kami telah *diperbarui*. Mohon dibaca sebelum melanjutkan.",
        "en": "Our personal data protection notice has been *updated*. Please read it before going on.",
    },
    "privacy.reconsent.ask": {
        "id": "Balas *YA* bila Bapak/Ibu setuju dengan pemberitahuan versi {version}, atau *TIDAK*.",
        "en": "Reply *YA* (yes) if you agree with notice version {version}, or *TIDAK* (no).",
    },
    "privacy.reconsent.invalid": {"id": "Balas *YA* atau *TIDAK*.", "en": "Reply *YA* (yes) or *TIDAK* (no)."},
    "privacy.reconsent.yes": {"id": "Ya, saya setuju", "en": "Yes, I agree"},
    "privacy.reconsent.no": {"id": "Tidak setuju", "en": "I do not agree"},
    "privacy.reconsent.thanks": {
        "id": "Terima kasih, persetujuan Bapak/Ibu sudah dicatat. Silakan kirim kembali pesan Bapak/Ibu sebelumnya.",
        "en": "Thank you, your consent is recorded. Please send your previous message again.",
    },
    "privacy.reconsent.declined": {
        "id": (
            "Baik, persetujuan tidak kami catat. Tanpa persetujuan, permohonan baru tidak dapat "
            "diproses; berkas yang sudah diajukan tetap diselesaikan sebagai tugas pelayanan publik. "
            "Ketik *STATUS* untuk berkas Bapak/Ibu, *HAPUS DATA* untuk menghapus data, atau *PRIVASI* "
            "untuk membaca pemberitahuan."
        ),
        "en": (
            "All right, no consent is recorded. Without it no new application can be processed; files "
            "already submitted are completed as a public-service task. Type *STATUS* for your files, "
            "*ERASE MY DATA* to erase your data, or *PRIVACY* to read the notice."
        ),
    },
    # ---- DATA SAYA (Pasal 7 and 32: access and a copy) -----------------------------------------
    "privacy.mydata.summary": {
        "id": (
            "*Data Bapak/Ibu yang kami simpan*\n"
            "Nama: {name}\nNIK: {nik}\nAlamat: {address}\nKecamatan: {kecamatan}\n"
            "Nomor WhatsApp: {phone}\nBahasa: {language_name}\n"
            "Persetujuan: {consent}\n"
            "Permohonan ({count}):\n{applications:bullets}\n"
            "Pengaduan: {complaints}; pertanyaan kepada petugas: {questions}\n"
            "Pesan percakapan tersimpan: {messages}\n\n"
            "_Sebagian data disamarkan agar aman bila layar dibagikan._"
        ),
        "en": (
            "*The data we hold about you*\n"
            "Name: {name}\nNIK: {nik}\nAddress: {address}\nDistrict: {kecamatan}\n"
            "WhatsApp number: {phone}\nLanguage: {language_name}\n"
            "Consent: {consent}\n"
            "Applications ({count}):\n{applications:bullets}\n"
            "Complaints: {complaints}; questions to the staff: {questions}\n"
            "Conversation messages kept: {messages}\n\n"
            "_Part of it is masked in case your screen is shared._"
        ),
    },
    "privacy.mydata.application": {
        "id": "{code}: {service} — {stage:stage}; {documents} dokumen",
        "en": "{code}: {service} — {stage:stage}; {documents} documents",
    },
    "privacy.mydata.consent_given": {
        "id": "diberikan {at:date} (pemberitahuan versi {version})",
        "en": "given on {at:date} (notice version {version})",
    },
    "privacy.mydata.consent_none": {"id": "belum diberikan", "en": "not given"},
    "privacy.mydata.draft": {"id": "DRAF", "en": "DRAFT"},
    "privacy.mydata.none": {"id": "-", "en": "-"},
    "privacy.mydata.offer": {
        "id": "Balas *PDF* untuk menerima salinan lengkap data dan daftar dokumen Bapak/Ibu dalam bentuk PDF, atau *MENU* untuk kembali.",
        "en": "Reply *PDF* to receive a complete copy of your data and the list of your documents as a PDF, or *MENU* to go back.",
    },
    "privacy.mydata.offer.pdf": {"id": "Kirim salinan PDF", "en": "Send the PDF copy"},
    "privacy.mydata.offer.menu": {"id": "Kembali ke menu", "en": "Back to the menu"},
    "privacy.mydata.offer.invalid": {
        "id": "Balas *PDF* untuk menerima salinan, atau *MENU* untuk kembali.",
        "en": "Reply *PDF* to receive the copy, or *MENU* to go back.",
    },
    "privacy.mydata.export_queued": {
        "id": "Baik, salinan data Bapak/Ibu dikirim sebagai dokumen PDF dalam pesan berikut.",
        "en": "All right, the copy of your data comes as a PDF document in the next message.",
    },
    "privacy.mydata.export": {
        "id": "Salinan data pribadi Bapak/Ibu dari DPMPTSP Kabupaten Rokan Hilir (PDF). Dokumen ini memuat data lengkap: simpan di tempat yang aman.",
        "en": "A copy of your personal data held by DPMPTSP Rokan Hilir (PDF). It holds your complete data: keep it safe.",
    },
    # ---- HAPUS DATA (Pasal 8, 9, 40–43: withdrawal and erasure) ---------------------------------
    "privacy.erase.confirm": {
        "id": (
            "*Hapus data pribadi*\n"
            "Bila dilanjutkan, kami akan:\n"
            "• mencatat penarikan persetujuan Bapak/Ibu;\n"
            "• membatalkan dan menghapus draf permohonan beserta dokumennya;\n"
            "• menghapus dokumen yang ditolak dan riwayat percakapan;\n"
            "• menghapus nama, NIK dan alamat bila tidak ada berkas yang wajib disimpan.\n"
            "Surat yang sudah terbit dan catatan buku register tetap disimpan sesuai peraturan kearsipan, "
            "pengaduan beserta jawabannya sebagai catatan pelayanan publik; "
            "berkas yang masih diproses dihapus setelah selesai.\n\n"
            "Balas *HAPUS* untuk melanjutkan, atau *TIDAK* untuk membatalkan."
        ),
        "en": (
            "*Erase personal data*\n"
            "If you go on, we will:\n"
            "• record that you withdraw your consent;\n"
            "• cancel and delete draft applications with their documents;\n"
            "• delete refused documents and the conversation history;\n"
            "• delete your name, NIK and address unless a file must be kept.\n"
            "Issued letters and the register entry are kept under the archives rules, complaints and "
            "their answers as public-service records; a file still "
            "being processed is erased once it is finished.\n\n"
            "Reply *ERASE* to go on, or *NO* to stop."
        ),
    },
    "privacy.erase.yes": {"id": "Hapus data saya", "en": "Erase my data"},
    "privacy.erase.no": {"id": "Tidak, batalkan", "en": "No, keep it"},
    "privacy.erase.confirm.invalid": {
        "id": "Balas *HAPUS* untuk menghapus data, atau *TIDAK* untuk membatalkan.",
        "en": "Reply *ERASE* to erase your data, or *NO* to stop.",
    },
    "privacy.erase.kept_all": {
        "id": "Baik, tidak ada data yang dihapus. Ketik *MENU* untuk melihat pilihan.",
        "en": "All right, nothing was erased. Type *MENU* to see the choices.",
    },
    "privacy.erase.done": {
        "id": (
            "Permintaan hapus data Bapak/Ibu sudah kami laksanakan. Persetujuan ditarik; dihapus: "
            "{applications} draf permohonan, {documents} dokumen, {messages} pesan percakapan."
        ),
        "en": (
            "Your erasure request is done. Consent is withdrawn; deleted: {applications} draft "
            "applications, {documents} documents, {messages} conversation messages."
        ),
    },
    "privacy.erase.kept": {
        "id": "Yang tetap kami simpan, dan alasannya:\n{items:bullets}",
        "en": "What we keep, and why:\n{items:bullets}",
    },
    "privacy.erase.kept.issued": {
        "id": (
            "{code}: surat yang diterbitkan, tanda terima dan catatan buku register — arsip yang wajib "
            "disimpan (UU No. 43 Tahun 2009 tentang Kearsipan); dokumen persyaratan dihapus otomatis "
            "{years} tahun setelah berkas selesai"
        ),
        "en": (
            "{code}: the issued letter, the receipt and the register entry — records the office must "
            "keep (Law 43/2009 on Archives); the requirement documents are deleted {years} years after "
            "the file closed"
        ),
    },
    "privacy.erase.kept.closed": {
        "id": (
            "{code}: catatan keputusan berkas di buku register — arsip yang wajib disimpan; dokumen "
            "persyaratan dihapus otomatis {years} tahun setelah berkas selesai"
        ),
        "en": (
            "{code}: the record of the decision in the register — kept as an archive; the requirement "
            "documents are deleted {years} years after the file closed"
        ),
    },
    "privacy.erase.kept.open": {
        "id": (
            "{code}: berkas masih diproses sebagai tugas pelayanan publik (Pasal 20 ayat (2) huruf e); "
            "penghapusan dilanjutkan otomatis setelah berkas selesai"
        ),
        "en": (
            "{code}: the file is still being processed as a public-service task (Article 20(2)(e)); "
            "the erasure goes on automatically once it is finished"
        ),
    },
    "privacy.erase.kept.complaint": {
        "id": (
            "{code}: pengaduan Bapak/Ibu dan jawabannya — catatan pengelolaan pengaduan pelayanan publik "
            "(UU No. 25 Tahun 2009 tentang Pelayanan Publik)"
        ),
        "en": (
            "{code}: your complaint and its answer — the office's record of handling public-service "
            "complaints (Law 25/2009 on Public Services)"
        ),
    },
    # ---- staff ---------------------------------------------------------------------------------
    "privacy.staff.erasure_pending": {
        "id": (
            "Pemohon meminta penghapusan data pada {at:datetime}. Penghapusan menunggu berkas ini "
            "selesai: setelah itu dokumen yang tidak wajib disimpan dihapus otomatis."
        ),
        "en": (
            "The applicant asked for erasure on {at:datetime}. It waits for this file to close; then "
            "what need not be kept is deleted automatically."
        ),
    },
}
