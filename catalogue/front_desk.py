"""The front desk in the chat (INFO / SYARAT) and the office's contact, Bahasa Indonesia first.

`{office}` in any catalogue text is filled with the office's address, hours, phone and map link
from `workflow/definitions/office/identity.toml` (the office's one data file, values the office
confirms), so every message that
sends someone to the office says where and when.
"""

from __future__ import annotations

from catalogue.office import office


def office_contact(language: str = "id") -> str:
    """The office in four short lines (name and address, hours, phone, map), from identity.toml."""
    data = office()
    en = language == "en"
    name = (data.visit_name_en if en else "") or data.visit_name or data.short
    hours = (data.hours_en if en else "") or data.hours
    lines = [f"🏢 {name}", data.address_line]
    if hours:
        lines.append(("Office hours: " if en else "Jam layanan: ") + hours)
    if data.phone:
        lines.append(("Phone: " if en else "Telepon: ") + data.phone)
    if data.map_url:
        lines.append(("Map: " if en else "Peta: ") + data.map_url)
    return "\n".join(line for line in lines if line)


MESSAGES = {
    "bot.menu.info": {"id": "Info layanan & syarat", "en": "Services & requirements"},
    "bot.info.pick": {
        "id": "Layanan yang dapat Bapak/Ibu ajukan melalui WhatsApp ini. Pilih layanan untuk melihat "
              "persyaratan, lama proses dan biayanya:",
        "en": "Services you can apply for through this WhatsApp number. Choose a service to see its "
              "requirements, processing time and cost:",
    },
    "bot.info.pick.invalid": {
        "id": "Mohon pilih layanan dari daftar (atau balas dengan nomornya, 1 sampai {count}), atau ketik MENU.",
        "en": "Please choose a service from the list (or reply with its number, 1 to {count}), or type MENU.",
    },
    "bot.info.service": {
        "id": "*{name}*\n\nPersyaratan (dikirim sebagai PDF atau foto yang jelas):\n{requirements}\n{forms}\n"
              "Lama proses: paling lama {days} hari kerja sejak berkas dinyatakan lengkap.\n"
              "Biaya: {cost}\n\n{how}\n{ask}\n\n{office}",
        "en": "*{name}*\n\nRequirements (sent as PDFs or clear photos):\n{requirements}\n{forms}\n"
              "Processing time: at most {days} working days once the file is complete.\n"
              "Cost: {cost}\n\n{how}\n{ask}\n\n{office}",
    },
    "bot.info.forms": {
        "id": "\nFormulir yang perlu diisi (kami kirim sebagai PDF di pesan berikut; cetak, isi dan tanda tangani, "
              "lalu kirim foto atau PDF-nya saat AJUKAN):\n{forms}\n",
        "en": "\nForms to fill in (we send them as PDFs in the next messages; print, fill in and sign them, then "
              "send a photo or PDF of each when you APPLY):\n{forms}\n",
    },
    "bot.info.form_document": {
        "id": "📎 {title} — {service}. Cetak, isi dan tanda tangani, lalu kirim foto atau PDF-nya sebagai "
              "persyaratan \"{requirement}\" saat AJUKAN.",
        "en": "📎 {title} — {service}. Print, fill in and sign it, then send a photo or PDF of it as the "
              "requirement \"{requirement}\" when you APPLY.",
    },
    "bot.info.ask": {
        "id": "Ada pertanyaan lain? Ketik *TANYA* untuk bertanya langsung kepada petugas.",
        "en": "Another question? Type *ASK* to ask the office's staff directly.",
    },
    "bot.info.cost.free": {"id": "gratis, tidak dipungut biaya", "en": "free of charge"},
    "bot.info.how.new": {
        "id": "Untuk mengajukan: ketik DAFTAR untuk membuat akun (cukup sekali), lalu AJUKAN.",
        "en": "To apply: type REGISTER to create an account (once), then APPLY.",
    },
    "bot.info.how.registered": {
        "id": "Untuk mengajukan: ketik AJUKAN.",
        "en": "To apply: type APPLY.",
    },
    "bot.info.none": {
        "id": "Mohon maaf, saat ini belum ada layanan yang dapat diajukan melalui WhatsApp. "
              "Ketik *TANYA* untuk bertanya kepada petugas, atau silakan datang ke kantor:\n\n{office}",
        "en": "Sorry, no service can be applied for through WhatsApp at the moment. Type *ASK* to ask the "
              "office's staff, or please visit the office:\n\n{office}",
    },
    # ---- "Tanya petugas": a question to the office (bot/dialogs/question.py, workflow/questions.py)
    "bot.menu.question": {"id": "Tanya petugas", "en": "Ask the office"},
    "question.ask": {
        "id": "*Tanya petugas*\nSilakan tuliskan pertanyaan Bapak/Ibu dalam satu pesan teks ({min}–{max} karakter). "
              "Petugas kami akan menjawab melalui WhatsApp ini paling lambat {days:working_days}.\n"
              "Mohon jangan mengirim NIK, foto KTP atau data pribadi lain di sini. Ketik *BATAL* untuk membatalkan.",
        "en": "*Ask the office*\nPlease write your question in one text message ({min}–{max} characters). "
              "Our staff will answer on this WhatsApp within {days:working_days}.\n"
              "Please do not send your NIK, an ID photo or other personal data here. Type *CANCEL* to stop.",
    },
    "question.too_short": {
        "id": "Pertanyaan terlalu singkat. Mohon tuliskan sedikit lebih lengkap (paling sedikit {min} karakter).",
        "en": "The question is too short. Please write a little more (at least {min} characters).",
    },
    "question.too_long": {
        "id": "Pertanyaan terlalu panjang ({length} karakter). Mohon ringkas menjadi paling banyak {max} karakter.",
        "en": "The question is too long ({length} characters). Please shorten it to at most {max} characters.",
    },
    "question.text_only": {
        "id": "Mohon tuliskan pertanyaan sebagai teks saja, tanpa foto atau berkas.",
        "en": "Please write the question as text only, without photos or files.",
    },
    "question.received": {
        "id": "Terima kasih. Pertanyaan Bapak/Ibu kami terima dengan nomor *{code}* dan akan dijawab petugas "
              "melalui WhatsApp ini paling lambat {due:datetime}.",
        "en": "Thank you. Your question is received with number *{code}*; our staff will answer on this WhatsApp "
              "by {due:datetime}.",
    },
    "question.too_many_open": {
        "id": "Bapak/Ibu masih memiliki {max} pertanyaan yang belum dijawab. Mohon tunggu jawaban petugas "
              "sebelum mengirim pertanyaan baru.\n\n{office}",
        "en": "You still have {max} unanswered questions. Please wait for the staff's answer before sending "
              "a new one.\n\n{office}",
    },
    "question.too_many_today": {
        "id": "Batas {max} pertanyaan dalam 24 jam sudah tercapai. Silakan bertanya lagi besok, atau hubungi "
              "kantor:\n\n{office}",
        "en": "The limit of {max} questions in 24 hours has been reached. Please ask again tomorrow, or contact "
              "the office:\n\n{office}",
    },
    "question.answered": {
        "id": "Jawaban petugas DPMPTSP atas pertanyaan *{code}*:\n\n{answer}\n\nKetik *TANYA* jika masih ada "
              "yang ingin ditanyakan, atau *MENU* untuk pilihan lain.",
        "en": "The DPMPTSP staff's answer to question *{code}*:\n\n{answer}\n\nType *ASK* if you have another "
              "question, or *MENU* for other options.",
    },
}
