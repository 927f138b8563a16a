"""Texts of the SKM survey and complaints (Bahasa Indonesia first, English beside it)."""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- SKM survey -----------------------------------------------------------------------
    "survey.invite": {
        "id": (
            "Bapak/Ibu, terima kasih telah mengambil dokumen berkas *{tracking_code}*. Mohon kesediaan "
            "Bapak/Ibu mengisi *Survei Kepuasan Masyarakat* (9 pertanyaan singkat, ±2 menit) untuk "
            "perbaikan layanan kami.\nBalas *YA* (atau *SURVEI*) untuk mulai, atau *BATAL* jika tidak berkenan."
        ),
        "en": (
            "Thank you for collecting the document of file *{tracking_code}*. Would you fill in our "
            "*Public Satisfaction Survey* (9 short questions, about 2 minutes) to help us improve?\n"
            "Reply *YES* (or *SURVEY*) to start, or *CANCEL* if you prefer not to."
        ),
    },
    "survey.reminder": {
        "id": (
            "Pengingat: survei kepuasan untuk berkas *{tracking_code}* belum selesai. Jawaban yang sudah "
            "Bapak/Ibu berikan tersimpan. Balas *YA* (atau *SURVEI*) untuk melanjutkan, atau *BATAL*."
        ),
        "en": (
            "Reminder: the satisfaction survey for file *{tracking_code}* is not finished yet. Your "
            "answers so far are kept. Reply *YES* (or *SURVEY*) to continue, or *CANCEL*."
        ),
    },
    "survey.invite.prompt": {
        "id": "Bersediakah Bapak/Ibu mengisi survei kepuasan (9 pertanyaan singkat)?",
        "en": "Would you fill in the satisfaction survey (9 short questions)?",
    },
    "survey.invite.yes": {"id": "Ya, isi survei", "en": "Yes, start"},
    "survey.invite.no": {"id": "Tidak sekarang", "en": "Not now"},
    "survey.invite.invalid": {
        "id": "Balas *YA* untuk mengisi survei, atau *BATAL* jika tidak berkenan.",
        "en": "Reply *YES* to fill in the survey, or *CANCEL* if you prefer not to.",
    },
    "survey.none": {
        "id": "Belum ada survei untuk Bapak/Ibu. Survei dikirim setelah dokumen diambil. Ketik *MENU* untuk pilihan lain.",
        "en": "There is no survey for you yet; it comes after you collect a document. Type *MENU* for other options.",
    },
    "survey.resumed": {
        "id": "Kita lanjutkan survei berkas *{tracking_code}*.",
        "en": "Let us continue the survey for file *{tracking_code}*.",
    },
    "survey.question": {
        "id": "*{n}/9 · {element}*\n{question}",
        "en": "*{n}/9 · {element}*\n{question}",
    },
    "survey.invalid_choice": {
        "id": "Mohon pilih salah satu jawaban: balas dengan nomornya (1–4) atau tulis jawabannya.",
        "en": "Please choose one of the answers: reply with its number (1–4) or write the answer.",
    },
    "survey.profile.intro": {
        "id": "Terima kasih. Beberapa pertanyaan tentang Bapak/Ibu (opsional, pilih *Lewati* untuk melewati).",
        "en": "Thank you. A few questions about you (optional, choose *Skip* to skip).",
    },
    "survey.profile.question": {
        "id": "*{question}*",
        "en": "*{question}*",
    },
    "survey.profile.skip": {"id": "Lewati", "en": "Skip"},
    "survey.profile.invalid": {
        "id": "Mohon pilih salah satu dari daftar, atau *Lewati*.",
        "en": "Please choose one from the list, or *Skip*.",
    },
    "survey.profile.gender": {"id": "Jenis kelamin", "en": "Gender"},
    "survey.profile.gender.l": {"id": "Laki-laki", "en": "Male"},
    "survey.profile.gender.p": {"id": "Perempuan", "en": "Female"},
    "survey.profile.age": {"id": "Usia", "en": "Age"},
    "survey.profile.age.lt25": {"id": "Di bawah 25 tahun", "en": "Under 25"},
    "survey.profile.age.25_34": {"id": "25–34 tahun", "en": "25–34"},
    "survey.profile.age.35_44": {"id": "35–44 tahun", "en": "35–44"},
    "survey.profile.age.45_54": {"id": "45–54 tahun", "en": "45–54"},
    "survey.profile.age.55plus": {"id": "55 tahun ke atas", "en": "55 or older"},
    "survey.profile.education": {"id": "Pendidikan terakhir", "en": "Education"},
    "survey.profile.education.sd": {"id": "SD ke bawah", "en": "Primary school or less"},
    "survey.profile.education.smp": {"id": "SMP", "en": "Junior high school"},
    "survey.profile.education.sma": {"id": "SMA/SMK", "en": "Senior high school"},
    "survey.profile.education.d": {"id": "D1–D3", "en": "Diploma (D1–D3)"},
    "survey.profile.education.s1": {"id": "D4/S1", "en": "Bachelor (D4/S1)"},
    "survey.profile.education.s2": {"id": "S2 ke atas", "en": "Master or higher"},
    "survey.profile.occupation": {"id": "Pekerjaan utama", "en": "Main occupation"},
    "survey.profile.occupation.pns": {"id": "PNS/TNI/Polri", "en": "Civil servant/TNI/Polri"},
    "survey.profile.occupation.swasta": {"id": "Pegawai swasta", "en": "Private employee"},
    "survey.profile.occupation.wirausaha": {"id": "Wirausaha", "en": "Self-employed"},
    "survey.profile.occupation.pelajar": {"id": "Pelajar/Mahasiswa", "en": "Student"},
    "survey.profile.occupation.lainnya": {"id": "Lainnya", "en": "Other"},
    "survey.suggestion": {
        "id": "Terakhir: adakah saran atau masukan untuk perbaikan layanan kami? Tulis saja, atau balas *0* jika tidak ada.",
        "en": "Last: any suggestion to improve our service? Just type it, or reply *0* if none.",
    },
    "survey.thanks": {
        "id": "Terima kasih, Bapak/Ibu! Jawaban survei Anda sudah kami terima dan akan kami gunakan untuk memperbaiki layanan. 🙏",
        "en": "Thank you! Your survey answers are received and will help us improve our service. 🙏",
    },
    "survey.skipped": {
        "id": "Baik, survei tidak diisi. Terima kasih, Bapak/Ibu.",
        "en": "All right, the survey is skipped. Thank you.",
    },
    # ---- complaints (Penanganan Pengaduan) --------------------------------------------------
    "complaint.choose": {
        "id": "*Pengaduan*\nPengaduan ini tentang berkas yang mana?",
        "en": "*Complaint*\nWhich file is this complaint about?",
    },
    "complaint.general": {"id": "Pengaduan umum", "en": "General complaint"},
    "complaint.invalid_choice": {
        "id": "Mohon pilih berkas dari daftar (nomornya atau kode berkasnya), atau *Pengaduan umum*.",
        "en": "Please choose a file from the list (its number or tracking code), or *General complaint*.",
    },
    "complaint.ask": {
        "id": "Silakan tuliskan pengaduan Bapak/Ibu dalam satu pesan (apa yang terjadi, kapan, dan harapan Bapak/Ibu).",
        "en": "Please write your complaint in one message (what happened, when, and what you expect).",
    },
    "complaint.too_short": {
        "id": "Pengaduan terlalu singkat. Mohon jelaskan sedikit lebih lengkap.",
        "en": "The complaint is too short. Please explain a little more.",
    },
    "complaint.received": {
        "id": "Pengaduan Bapak/Ibu telah kami terima dengan nomor *{code}*. Petugas kami akan menjawab melalui WhatsApp ini.",
        "en": "Your complaint is received with number *{code}*. Our staff will answer on this WhatsApp.",
    },
    "complaint.answered": {
        "id": "Jawaban atas pengaduan *{code}*:\n\n{answer}\n\nTerima kasih atas masukan Bapak/Ibu. Ketik *ADUAN* jika masih ada yang perlu disampaikan.",
        "en": "Answer to complaint *{code}*:\n\n{answer}\n\nThank you for your feedback. Type *COMPLAINT* if there is anything more.",
    },
    "complaint.menu": {"id": "Pengaduan", "en": "Complaint"},
    "survey.menu": {"id": "Survei kepuasan", "en": "Satisfaction survey"},
}
