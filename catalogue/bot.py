"""Texts of the applicant-facing WhatsApp dialogs (bot/dialogs/). Bahasa Indonesia first.

Short messages, WhatsApp formatting (*bold*, _italic_), "Bapak/Ibu". A question with choices does
not list them: the dialog says them as data (`catalogue.choices.Choice`) and the sender draws
buttons, a list, or numbered lines under the text. Choice titles: ≤ 20 characters for a button,
≤ 24 for a list row.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # ---- menu and everywhere ---------------------------------------------------------------
    "bot.menu.new": {
        "id": "Selamat datang di layanan WhatsApp *DPMPTSP Kabupaten Rokan Hilir*. 🙏",
        "en": "Welcome to the WhatsApp service of *DPMPTSP Rokan Hilir*. 🙏",
    },
    "bot.menu.registered": {
        "id": "Halo, Bapak/Ibu {name}. Ada yang bisa kami bantu?",
        "en": "Hello, {name}. How can we help?",
    },
    "bot.menu.salam": {"id": "Wa'alaikumsalam warahmatullahi wabarakatuh. 🙏", "en": "Wa'alaikumsalam. 🙏"},
    "bot.menu": {
        "id": "Silakan pilih layanan (ketik *MENU* kapan saja untuk kembali ke sini, *BATAL* untuk berhenti):",
        "en": "Please choose a service (type *MENU* at any time to come back here, *CANCEL* to stop):",
    },
    "bot.menu.register": {"id": "Daftar akun", "en": "Register"},
    "bot.menu.apply": {"id": "Ajukan permohonan", "en": "Apply"},
    "bot.menu.status": {"id": "Cek status permohonan", "en": "Check my applications"},
    "bot.menu.language": {"id": "Bahasa / Language", "en": "Bahasa / Language"},
    "bot.choices.more": {"id": "Lainnya…", "en": "More…"},
    "bot.menu.unknown": {
        "id": "Mohon maaf, kami belum memahami pesan Bapak/Ibu.",
        "en": "Sorry, we did not understand your message.",
    },
    "bot.menu.media_outside_application": {
        "id": "Terima kasih. Untuk mengirim dokumen, ketik *AJUKAN* terlebih dahulu.",
        "en": "Thank you. To send documents, please type *APPLY* first.",
    },
    "bot.too_many_failures": {
        "id": "Sepertinya ada kesulitan. Kita mulai lagi dari menu; data yang sudah tersimpan tidak hilang.",
        "en": "It seems something is not working. Let us start again from the menu; nothing you saved is lost.",
    },
    "bot.expired": {
        "id": "Percakapan sebelumnya sudah lebih dari 24 jam tidak dilanjutkan, jadi kami mulai dari awal. Data yang sudah tersimpan tidak hilang.",
        "en": "Our previous conversation was idle for more than 24 hours, so we are starting again. Nothing you saved is lost.",
    },
    "bot.cancelled": {
        "id": "Baik, dibatalkan. Data yang sudah tersimpan tetap aman. Ketik *MENU* untuk melihat pilihan.",
        "en": "All right, cancelled. What you saved is kept. Type *MENU* to see the choices.",
    },
    # ---- language --------------------------------------------------------------------------
    "bot.language.prompt": {
        "id": "Pilih bahasa / Choose a language:",
        "en": "Pilih bahasa / Choose a language:",
    },
    "bot.language.invalid": {
        "id": "Mohon pilih salah satu bahasa dari daftar.",
        "en": "Please choose one of the languages in the list.",
    },
    "bot.language.done": {
        "id": "Baik, kami akan menggunakan Bahasa Indonesia. Ketik *MENU* untuk melanjutkan.",
        "en": "All right, we will use English. Type *MENU* to continue.",
    },
    # ---- registration ----------------------------------------------------------------------
    "bot.reg.intro": {
        "id": "Pendaftaran akun. Kami akan menanyakan nama, NIK, alamat dan kecamatan Bapak/Ibu (4 pertanyaan singkat).",
        "en": "Registration. We will ask for your name, NIK, address and district (4 short questions).",
    },
    "bot.reg.name": {
        "id": "Silakan tulis *nama lengkap* Bapak/Ibu sesuai KTP.",
        "en": "Please write your *full name* as on your ID card (KTP).",
    },
    "bot.reg.name.invalid": {
        "id": "Nama harus berupa huruf (2–100 karakter), tanpa angka atau simbol.",
        "en": "The name must be letters (2–100 characters), without digits or symbols.",
    },
    "bot.reg.name.digits": {
        "id": "Nama tidak boleh berisi angka. Mohon tulis nama saja, sesuai KTP.",
        "en": "A name cannot contain digits. Please write the name only, as on the ID card.",
    },
    "bot.reg.name.not_a_name": {
        "id": "Mohon maaf, itu sepertinya bukan nama. Nama ini akan tercantum pada surat, jadi mohon tulis *nama lengkap saja* (contoh: Siti Aminah).",
        "en": "Sorry, that does not look like a name. It will be printed on the letter, so please write the *full name only* (e.g. Siti Aminah).",
    },
    "bot.reg.name.too_long": {
        "id": "Nama terlalu panjang (paling banyak 7 kata). Mohon tulis nama lengkap saja, sesuai KTP.",
        "en": "That is too long for a name (7 words at most). Please write the full name only, as on the ID card.",
    },
    "bot.reg.nik": {
        "id": "Silakan tulis *NIK* Bapak/Ibu (16 angka, tercantum di KTP atau Kartu Keluarga).",
        "en": "Please write your *NIK* (16 digits, on your KTP or family card).",
    },
    "bot.reg.nik.format": {
        "id": "NIK harus terdiri dari *16 angka*, tanpa huruf.",
        "en": "The NIK must be *16 digits*, without letters.",
    },
    "bot.reg.nik.province": {
        "id": "Dua angka pertama NIK bukan kode provinsi yang berlaku. Mohon periksa kembali KTP Bapak/Ibu.",
        "en": "The first two digits of the NIK are not a valid province code. Please check your KTP.",
    },
    "bot.reg.nik.region": {
        "id": "Angka ke-3 sampai ke-6 NIK (kode kabupaten dan kecamatan) tidak boleh 00. Mohon periksa kembali.",
        "en": "Digits 3 to 6 of the NIK (regency and district codes) cannot be 00. Please check again.",
    },
    "bot.reg.nik.day": {
        "id": "Angka ke-7 dan ke-8 NIK (tanggal lahir) harus 01–31, atau 41–71 untuk perempuan. Mohon periksa kembali.",
        "en": "Digits 7 and 8 of the NIK (day of birth) must be 01–31, or 41–71 for women. Please check again.",
    },
    "bot.reg.nik.date": {
        "id": "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar (TTBBTT). Mohon periksa kembali.",
        "en": "Digits 7 to 12 of the NIK are not a real date of birth (DDMMYY). Please check again.",
    },
    "bot.reg.nik.serial": {
        "id": "Empat angka terakhir NIK tidak boleh 0000. Mohon periksa kembali.",
        "en": "The last four digits of the NIK cannot be 0000. Please check again.",
    },
    "bot.reg.nik.taken": {
        "id": "Mohon maaf, NIK ini sudah terdaftar dengan nomor WhatsApp lain. Jika itu bukan Bapak/Ibu, silakan hubungi kantor DPMPTSP Rokan Hilir:\n\n{office}",
        "en": "Sorry, this NIK is already registered with another WhatsApp number. If that was not you, please contact the DPMPTSP Rokan Hilir office:\n\n{office}",
    },
    "bot.reg.address": {
        "id": "Silakan tulis *alamat* Bapak/Ibu (jalan, RT/RW, desa/kelurahan).",
        "en": "Please write your *address* (street, RT/RW, village).",
    },
    "bot.reg.address.invalid": {
        "id": "Mohon tulis alamat 10–300 karakter dengan huruf latin, tanpa emoji.",
        "en": "Please write the address in 10–300 characters, Latin letters, no emoji.",
    },
    "bot.reg.kecamatan": {
        "id": "Di *kecamatan* mana Bapak/Ibu tinggal? Pilih dari daftar, atau tulis nama kecamatannya:",
        "en": "In which *district (kecamatan)* do you live? Choose from the list, or write its name:",
    },
    "bot.reg.kecamatan.more": {
        "id": "Kecamatan lainnya:",
        "en": "More districts:",
    },
    "bot.reg.kecamatan.outside": {"id": "Luar Kab. Rokan Hilir", "en": "Outside Rokan Hilir"},
    "bot.reg.kecamatan.invalid": {
        "id": "Mohon pilih kecamatan dari daftar: balas dengan nomornya atau tulis nama kecamatannya.",
        "en": "Please choose a district from the list: reply with its number or write its name.",
    },
    "bot.reg.confirm": {
        # Follows the complete privacy notice (catalogue/privacy.py, "privacy.notice").
        "id": (
            "*Mohon periksa data Bapak/Ibu:*\nNama: {name}\nNIK: {nik}\nAlamat: {address}\nKecamatan: {kecamatan}\n\n"
            "*Persetujuan pemrosesan data pribadi*\n"
            "Bapak/Ibu telah membaca pemberitahuan di atas. Balas *YA* bila data sudah benar dan "
            "Bapak/Ibu setuju data Bapak/Ibu (dan, bila Bapak/Ibu memohon layanan untuk anak, data "
            "anak tersebut, sebagai orang tua/wali) diproses sesuai pemberitahuan tersebut, atau pilih "
            "data yang ingin diubah:"
        ),
        "en": (
            "*Please check your data:*\nName: {name}\nNIK: {nik}\nAddress: {address}\nDistrict: {kecamatan}\n\n"
            "*Consent to the processing of personal data*\n"
            "You have read the notice above. Reply *YA* (yes) if the data is right and you agree that "
            "your data (and, if you apply for a service for a child, that child's data, as parent or "
            "guardian) is processed as it says, or choose what to correct:"
        ),
    },
    "bot.reg.confirm.yes": {"id": "Benar, saya setuju", "en": "Correct, I agree"},
    "bot.reg.confirm.no": {"id": "Tidak setuju", "en": "I do not agree"},
    "bot.reg.fix.name": {"id": "Ubah nama", "en": "Change name"},
    "bot.reg.fix.nik": {"id": "Ubah NIK", "en": "Change NIK"},
    "bot.reg.fix.address": {"id": "Ubah alamat", "en": "Change address"},
    "bot.reg.fix.kecamatan": {"id": "Ubah kecamatan", "en": "Change district"},
    "bot.reg.consent.invalid": {
        "id": "Balas *YA* bila data sudah benar dan Bapak/Ibu setuju, *TIDAK* bila tidak setuju, atau pilih data yang ingin diubah.",
        "en": "Reply *YA* (yes) if the data is right and you agree, *TIDAK* (no) if you do not, or choose what to correct.",
    },
    "bot.reg.consent.declined": {
        "id": "Baik. Tanpa persetujuan ini kami tidak dapat memproses permohonan. Ketik *DAFTAR* bila Bapak/Ibu berubah pikiran.",
        "en": "All right. Without this consent we cannot process an application. Type *REGISTER* if you change your mind.",
    },
    "bot.reg.done": {
        "id": "Terima kasih, Bapak/Ibu {name}. Data pendaftaran sudah kami simpan.",
        "en": "Thank you, {name}. Your registration is saved.",
    },
    "bot.reg.already": {
        "id": "Bapak/Ibu sudah terdaftar (NIK {nik}).",
        "en": "You are already registered (NIK {nik}).",
    },
    # ---- UBAH DATA -------------------------------------------------------------------------
    "bot.profile.need_registration": {
        "id": "Bapak/Ibu belum terdaftar; data dapat diisi melalui pendaftaran.",
        "en": "You are not registered yet; your data is entered when you register.",
    },
    "bot.profile.choose": {
        "id": "*Data Bapak/Ibu saat ini:*\nNama: {name}\nNIK: {nik}\nAlamat: {address}\nKecamatan: {kecamatan}\n\nData mana yang ingin diubah?",
        "en": "*Your data now:*\nName: {name}\nNIK: {nik}\nAddress: {address}\nDistrict: {kecamatan}\n\nWhat would you like to change?",
    },
    "bot.profile.done_choice": {"id": "Selesai", "en": "Done"},
    "bot.profile.invalid": {
        "id": "Mohon pilih data yang ingin diubah dari daftar, atau *SELESAI*.",
        "en": "Please choose what to change from the list, or *SELESAI* (done).",
    },
    "bot.profile.saved": {"id": "✅ Perubahan sudah kami simpan.", "en": "✅ Your change is saved."},
    "bot.profile.finished": {
        "id": "Terima kasih, data Bapak/Ibu sudah diperbarui. Ketik *MENU* untuk pilihan lain.",
        "en": "Thank you, your data is up to date. Type *MENU* for other options.",
    },
    "bot.profile.nik_at_office": {
        "id": (
            "NIK hanya dapat diubah di kantor DPMPTSP Kabupaten Rokan Hilir dengan membawa KTP-el dan Kartu "
            "Keluarga asli, karena NIK menjadi dasar semua berkas Bapak/Ibu.\n\n{office}"
        ),
        "en": (
            "The NIK can only be changed at the DPMPTSP Rokan Hilir office, with the original KTP-el and family "
            "card, because every one of your files rests on it.\n\n{office}"
        ),
    },
    # ---- activation ------------------------------------------------------------------------
    "bot.act.code": {
        "id": "Kode aktivasi DPMPTSP Rokan Hilir: *{code}*\nBerlaku {minutes} menit. Jangan berikan kode ini kepada siapa pun.",
        "en": "Your DPMPTSP Rokan Hilir activation code: *{code}*\nValid for {minutes} minutes. Do not share this code with anyone.",
    },
    "bot.act.sent": {
        "id": "Kami mengirim *kode aktivasi 6 angka* dalam pesan terpisah (berlaku {minutes} menit). Silakan balas dengan kode tersebut.",
        "en": "We have sent a *6-digit activation code* in a separate message (valid {minutes} minutes). Please reply with that code.",
    },
    "bot.act.prompt": {
        "id": "Silakan balas dengan kode aktivasi 6 angka. Ketik *KIRIM ULANG* untuk kode baru.",
        "en": "Please reply with the 6-digit activation code. Type *KIRIM ULANG* (resend) for a new code.",
    },
    "bot.act.format": {"id": "Kode aktivasi terdiri dari 6 angka.", "en": "The activation code has 6 digits."},
    "bot.act.wrong": {
        "id": "Kode salah. Sisa percobaan: {left}.",
        "en": "Wrong code. Attempts left: {left}.",
    },
    "bot.act.locked": {
        "id": "Kode ini tidak dapat digunakan lagi. Ketik *KIRIM ULANG* untuk menerima kode baru.",
        "en": "This code can no longer be used. Type *KIRIM ULANG* (resend) to receive a new code.",
    },
    "bot.act.expired": {
        "id": "Kode sudah kedaluwarsa. Ketik *KIRIM ULANG* untuk menerima kode baru.",
        "en": "The code has expired. Type *KIRIM ULANG* (resend) to receive a new code.",
    },
    "bot.act.wait": {
        "id": "Mohon tunggu {seconds} detik sebelum meminta kode baru.",
        "en": "Please wait {seconds} seconds before asking for a new code.",
    },
    "bot.act.daily_limit": {
        "id": "Batas pengiriman kode hari ini sudah tercapai. Silakan coba lagi besok atau hubungi kantor DPMPTSP:\n\n{office}",
        "en": "Today's limit of codes has been reached. Please try again tomorrow or contact the DPMPTSP office:\n\n{office}",
    },
    "bot.act.done": {
        "id": "✅ Akun Bapak/Ibu sudah *aktif*. Ketik *AJUKAN* untuk mengajukan permohonan.",
        "en": "✅ Your account is now *active*. Type *APPLY* to start an application.",
    },
    "bot.act.already": {
        "id": "Akun Bapak/Ibu sudah aktif. Ketik *AJUKAN* untuk mengajukan permohonan.",
        "en": "Your account is already active. Type *APPLY* to start an application.",
    },
    "bot.act.need_registration": {
        "id": "Bapak/Ibu perlu mendaftar terlebih dahulu.",
        "en": "Please register first.",
    },
    # ---- application -----------------------------------------------------------------------
    "bot.apply.need_registration": {
        "id": "Untuk mengajukan permohonan, Bapak/Ibu perlu mendaftar terlebih dahulu.",
        "en": "To apply, please register first.",
    },
    "bot.apply.need_activation": {
        "id": "Akun Bapak/Ibu belum aktif.",
        "en": "Your account is not active yet.",
    },
    "bot.apply.no_service": {
        "id": "Mohon maaf, saat ini belum ada layanan yang dapat diajukan melalui WhatsApp.",
        "en": "Sorry, no service can be applied for over WhatsApp at the moment.",
    },
    "bot.apply.service": {
        "id": "Layanan apa yang ingin Bapak/Ibu ajukan?",
        "en": "Which service would you like to apply for?",
    },
    "bot.apply.service.invalid": {
        "id": "Mohon pilih layanan dari daftar (nomor 1 sampai {count}, atau nama layanannya).",
        "en": "Please choose a service from the list (number 1 to {count}, or the service's name).",
    },
    "bot.apply.started": {
        "id": "Permohonan baru: *{service}*.",
        "en": "New application: *{service}*.",
    },
    "bot.apply.resume": {
        "id": "Kita lanjutkan permohonan *{service}* yang belum selesai.",
        "en": "Let us continue your unfinished application *{service}*.",
    },
    # A service's own questions (workflow/definitions/services/<code>.toml): the data's wording,
    # in the applicant's language, and the general refusals when the data words none itself.
    "bot.apply.question": {"id": "{question}", "en": "{question}"},
    "bot.apply.file_kept": {
        "id": (
            "Terima kasih, berkasnya kami simpan dulu. Mohon jawab pertanyaan berikut; setelah itu kami "
            "tanyakan berkas tersebut untuk persyaratan yang mana."
        ),
        "en": "Thank you, we are keeping the file for now. Please answer the question below; then we will ask which requirement it is for.",
    },
    "bot.apply.answer.refused": {"id": "{refusal}", "en": "{refusal}"},
    "bot.apply.answer.text.invalid": {
        "id": "Mohon tulis {label:mid} ({min}–{max} karakter, huruf latin tanpa emoji).",
        "en": "Please write the {label:mid} ({min}–{max} characters, Latin letters, no emoji).",
    },
    "bot.apply.answer.date.invalid": {
        "id": "Mohon tulis {label:mid} sebagai tanggal yang benar, misalnya *{example}* atau *{example_words}*.",
        "en": "Please write the {label:mid} as a real date, for example *{example}* or *{example_words}*.",
    },
    "bot.apply.answer.date.future": {
        "id": "{label} tidak boleh di masa depan. Mohon periksa lagi, misalnya *{example}*.",
        "en": "The {label:mid} cannot be in the future. Please check it, for example *{example}*.",
    },
    "bot.apply.answer.date.past": {
        "id": "{label} tidak boleh sebelum hari ini. Mohon periksa lagi, misalnya *{example}*.",
        "en": "The {label:mid} cannot be before today. Please check it, for example *{example}*.",
    },
    "bot.apply.answer.date.range": {
        "id": "{label} di luar rentang yang diterima layanan ini. Mohon periksa lagi.",
        "en": "The {label:mid} is outside what this service accepts. Please check it.",
    },
    "bot.apply.answer.number.invalid": {
        "id": "Mohon tulis {label:mid} sebagai angka, misalnya *12* atau *2,5*.",
        "en": "Please write the {label:mid} as a number, for example *12* or *2.5*.",
    },
    "bot.apply.answer.number.whole": {
        "id": "Mohon tulis {label:mid} sebagai bilangan bulat, misalnya *12*.",
        "en": "Please write the {label:mid} as a whole number, for example *12*.",
    },
    "bot.apply.answer.number.range": {
        "id": "{label} harus antara {min} dan {max}. Mohon periksa lagi.",
        "en": "The {label:mid} must be between {min} and {max}. Please check it.",
    },
    "bot.apply.answer.choice.invalid": {
        "id": "Mohon pilih salah satu dari daftar ({label}): ketuk pilihan atau ketik nomornya (1–{count}).",
        "en": "Please pick one from the list ({label}): tap it or type its number (1–{count}).",
    },
    "bot.apply.requirements": {
        "id": (
            "Dokumen yang diperlukan:\n{documents}\n\n"
            "Kirim *PDF* sebagai Dokumen 📎, atau *foto* dokumennya 📷 (beberapa foto untuk dokumen "
            "yang berhalaman banyak, lalu ketik *SELESAI*). Ikuti urutan di atas. "
            "Ketik *nomor* dokumen untuk mengganti yang sudah dikirim, atau *PINDAH 2 KE 3* untuk "
            "memindahkan dokumen yang salah tempat."
        ),
        "en": (
            "Documents needed:\n{documents}\n\n"
            "Send a *PDF* as a Document 📎, or *photos* of the document 📷 (several photos for a "
            "document with several pages, then type *SELESAI* (done)). Follow the order above. "
            "Type a document's *number* to replace one you sent, or *PINDAH 2 KE 3* (move 2 to 3) "
            "to move a document filed in the wrong place."
        ),
    },
    "bot.apply.doc.ask": {
        "id": "📄 Silakan kirim *{n}/{total}: {requirement}* (PDF atau foto).{optional}",
        "en": "📄 Please send *{n}/{total}: {requirement}* (a PDF or photos).{optional}",
    },
    "bot.apply.doc.optional": {
        "id": " Dokumen ini opsional: ketik *LEWATI* jika tidak ada.",
        "en": " This one is optional: type *LEWATI* (skip) if you do not have it.",
    },
    "bot.apply.doc.checking": {
        "id": "Kami masih memeriksa berkas Bapak/Ibu; hasilnya segera kami kirim.",
        "en": "We are still checking your files; we will send the result shortly.",
    },
    "bot.apply.doc.expected": {
        "id": "Mohon kirim dokumennya sebagai *PDF* (lampiran 📎 → Dokumen) atau sebagai *foto* 📷.",
        "en": "Please send the document as a *PDF* (attach 📎 → Document) or as *photos* 📷.",
    },
    "bot.apply.doc.more_pages": {
        "id": (
            "Ada halaman lain untuk *{requirement}*? Kirim fotonya. Jika sudah lengkap, ketik *SELESAI*{then}."
        ),
        "en": "More pages of *{requirement}*? Send the photos. If that is all, type *SELESAI* (done){then}.",
    },
    "bot.apply.doc.more_pages.next": {
        "id": " untuk lanjut ke *{n}/{total}: {requirement}*",
        "en": " to go on to *{n}/{total}: {requirement}*",
    },
    "bot.apply.doc.more_pages.last": {"id": " untuk melihat ringkasan", "en": " to see the summary"},
    "bot.apply.doc.more_pages.button": {"id": "Selesai", "en": "Done"},
    "bot.apply.doc.which": {
        "id": "Berkas ini untuk persyaratan yang mana? Pilih dari daftar (atau balas dengan nomornya).",
        "en": "Which requirement is this file for? Choose from the list (or reply with its number).",
    },
    "bot.apply.doc.which.invalid": {
        "id": "Mohon pilih persyaratan dari daftar (atau balas dengan nomornya, 1–{count}), atau *BATAL*.",
        "en": "Please choose the requirement from the list (or reply with its number, 1–{count}), or *BATAL* (cancel).",
    },
    "bot.apply.doc.moved": {
        "id": "Baik, dokumen *{what}* dipindahkan dari {a}. {from_requirement} ke *{b}. {to_requirement}*.",
        "en": "Done: *{what}* moved from {a}. {from_requirement} to *{b}. {to_requirement}*.",
    },
    "bot.apply.doc.swapped": {
        "id": " Dokumen yang tadinya di {b}. {to_requirement} kini di {a}. {from_requirement}.",
        "en": " The document that was under {b}. {to_requirement} is now under {a}. {from_requirement}.",
    },
    "bot.apply.doc.nothing_to_move": {
        "id": "Belum ada dokumen di nomor {a} yang dapat dipindahkan.",
        "en": "There is no document under number {a} to move.",
    },
    "bot.apply.doc.cannot_skip": {
        "id": "*{requirement}* wajib dan tidak dapat dilewati.",
        "en": "*{requirement}* is required and cannot be skipped.",
    },
    "bot.apply.doc.nothing_to_skip": {
        "id": "Tidak ada dokumen yang perlu dilewati.",
        "en": "There is no document to skip.",
    },
    "bot.apply.doc.skipped": {"id": "Baik, *{requirement}* dilewati.", "en": "All right, *{requirement}* skipped."},
    "bot.apply.doc.no_such_number": {
        "id": "Tidak ada dokumen dengan nomor itu (1–{count}).",
        "en": "There is no document with that number (1–{count}).",
    },
    "bot.apply.doc.still_missing": {
        "id": "Dokumen berikut masih diperlukan:\n{documents:bullets}",
        "en": "These documents are still needed:\n{documents:bullets}",
    },
    "bot.apply.summary": {
        "id": (
            "*Ringkasan permohonan*\nLayanan: {service}\n{details}\n\n"
            "{documents}\n\nBalas *YA* untuk mengajukan, *nomor* dokumen untuk menggantinya, atau *BATAL*."
        ),
        "en": (
            "*Application summary*\nService: {service}\n{details}\n\n"
            "{documents}\n\nReply *YA* (yes) to submit, a document's *number* to replace it, or *CANCEL*."
        ),
    },
    "bot.apply.summary.line_ok": {"id": "{n}. ✅ {requirement}: {what}", "en": "{n}. ✅ {requirement}: {what}"},
    "bot.apply.summary.line_missing": {"id": "{n}. ➖ {requirement}", "en": "{n}. ➖ {requirement}"},
    "bot.apply.optional_mark": {"id": "_(opsional)_", "en": "_(optional)_"},
    "bot.apply.summary.resend": {
        "id": "*Berkas {tracking_code}*\n{documents}\n\nBalas *YA* untuk mengajukan kembali, atau *nomor* dokumen untuk mengganti yang lain.",
        "en": "*File {tracking_code}*\n{documents}\n\nReply *YA* (yes) to resubmit, or a document's *number* to replace another one.",
    },
    "bot.apply.summary.submit": {"id": "Ajukan", "en": "Submit"},
    "bot.apply.summary.resubmit": {"id": "Ajukan kembali", "en": "Resubmit"},
    "bot.apply.summary.cancel": {"id": "Batal", "en": "Cancel"},
    "bot.apply.confirm.invalid": {
        "id": "Balas *YA* untuk mengajukan, atau nomor dokumen untuk menggantinya.",
        "en": "Reply *YA* (yes) to submit, or a document's number to replace it.",
    },
    "bot.apply.not_complete": {
        "id": "Dokumen belum lengkap, mohon lengkapi terlebih dahulu.",
        "en": "Documents are not complete yet; please complete them first.",
    },
    "bot.apply.returned": {
        "id": "Berkas *{tracking_code}* dikembalikan untuk dilengkapi:\n{reasons:bullets}",
        "en": "File *{tracking_code}* was returned to be completed:\n{reasons:bullets}",
    },
    "bot.apply.returned.choose": {
        "id": "Ketik *nomor* dokumen yang akan diganti, lalu kirim PDF-nya:\n{documents}",
        "en": "Type the *number* of the document to replace, then send its PDF:\n{documents}",
    },
    "bot.apply.draft_reminder": {
        "id": "Pengingat: permohonan *{service}* Bapak/Ibu belum diajukan dan akan dihapus pada {expires:datetime}. Ketik *AJUKAN* untuk melanjutkan.",
        "en": "Reminder: your application *{service}* has not been submitted and will be removed on {expires:datetime}. Type *APPLY* to continue.",
    },
    # ---- document verdicts the bot adds ----------------------------------------------------
    "bot.doc.duplicate": {
        "id": "Berkas ini sama persis dengan yang sudah Bapak/Ibu kirim untuk *{other}*. Mohon kirim dokumen *{requirement}* yang benar.",
        "en": "This file is exactly the one you already sent for *{other}*. Please send the right *{requirement}* document.",
    },
    "bot.doc.same_again": {
        "id": "Berkas *{requirement}* ini sama dengan yang sudah kami terima sebelumnya ({pages} halaman); tetap kami simpan.",
        "en": "This *{requirement}* file is the same one we received before ({pages} pages); it is kept.",
    },
    # ---- status ----------------------------------------------------------------------------
    "bot.status.none": {
        "id": "Bapak/Ibu belum memiliki permohonan. Ketik *AJUKAN* untuk mengajukan.",
        "en": "You have no applications yet. Type *APPLY* to start one.",
    },
    "bot.status.draft_code": {"id": "(draf, belum diajukan)", "en": "(draft, not submitted)"},
    "bot.status.item": {
        "id": (
            "*{tracking_code}* — {service}\nStatus: {stage:stage}\nDitangani: {holder}\n"
            "Sejak: {since:datetime}\nTarget selesai tahap ini: {due:datetime}\n\nRiwayat:\n{history:bullets}"
        ),
        "en": (
            "*{tracking_code}* — {service}\nStatus: {stage:stage}\nHeld by: {holder}\n"
            "Since: {since:datetime}\nDue for this step: {due:datetime}\n\nHistory:\n{history:bullets}"
        ),
    },
    "bot.status.item.closed": {  # a finished file: nobody holds it and no step is due
        "id": "*{tracking_code}* — {service}\nStatus: {stage:stage}\nSejak: {since:datetime}\n\nRiwayat:\n{history:bullets}",
        "en": "*{tracking_code}* — {service}\nStatus: {stage:stage}\nSince: {since:datetime}\n\nHistory:\n{history:bullets}",
    },
    "bot.status.history_line": {"id": "{at:datetime}: {stage:stage}", "en": "{at:datetime}: {stage:stage}"},
    "bot.status.returned": {
        "id": "Yang perlu dikirim ulang:\n{reasons:bullets}\nKetik *PERBAIKI* untuk mengirim dokumennya.",
        "en": "What to send again:\n{reasons:bullets}\nType *PERBAIKI* (fix) to send the documents.",
    },
    "bot.status.draft_hint": {
        "id": "Ketik *AJUKAN* untuk melanjutkan draf ini.",
        "en": "Type *APPLY* to continue this draft.",
    },
}
