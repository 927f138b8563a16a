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
    "bot.menu.info": {"id": "Info layanan & persyaratan", "en": "Services & requirements"},
    "bot.info.pick": {
        "id": "Layanan yang dapat Bapak/Ibu ajukan melalui WhatsApp ini. Balas dengan nomor layanan untuk "
              "melihat persyaratan, lama proses dan biayanya:",
        "en": "Services you can apply for through this WhatsApp number. Reply with a service's number to see "
              "its requirements, processing time and cost:",
    },
    "bot.info.pick.invalid": {
        "id": "Mohon balas dengan nomor layanan (1 sampai {count}), atau ketik MENU.",
        "en": "Please reply with a service number (1 to {count}), or type MENU.",
    },
    "bot.info.service": {
        "id": "*{name}*\n\nPersyaratan (dikirim sebagai PDF atau foto yang jelas):\n{requirements}\n\n"
              "Lama proses: paling lama {days} hari kerja sejak berkas dinyatakan lengkap.\n"
              "Biaya: {cost}\n\n{how}\n\n{office}",
        "en": "*{name}*\n\nRequirements (sent as PDFs or clear photos):\n{requirements}\n\n"
              "Processing time: at most {days} working days once the file is complete.\n"
              "Cost: {cost}\n\n{how}\n\n{office}",
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
              "Silakan datang ke kantor:\n\n{office}",
        "en": "Sorry, no service can be applied for through WhatsApp at the moment. Please visit the office:\n\n"
              "{office}",
    },
}
