"""What staff are told over WhatsApp (new files, new complaints; the SLA alerts are in `alerts`)."""

MESSAGES = {
    "staff.new_file": {
        "id": "Berkas baru *{tracking_code}* ({service}) dari {name} menunggu pemeriksaan kelengkapan, target {due:datetime}.",
        "en": "New file *{tracking_code}* ({service}) from {name} awaits the completeness check, due {due:datetime}.",
    },
    "staff.resubmitted_file": {
        "id": "Berkas *{tracking_code}* telah dilengkapi pemohon dan menunggu pemeriksaan ulang, target {due:datetime}.",
        "en": "File *{tracking_code}* was completed by the applicant and awaits a new check, due {due:datetime}.",
    },
    # No complaint text and no applicant data: the alert only points to the back office.
    "staff.new_complaint": {
        "id": (
            "📣 Pengaduan baru *{code}* menunggu jawaban.\nBerkas: {tracking_code} · Layanan: {service}\n"
            "Mohon dijawab paling lambat {due:datetime} (standar {days} hari kerja).\n"
            "Baca dan jawab di back office: {link}"
        ),
        "en": (
            "📣 New complaint *{code}* awaits an answer.\nFile: {tracking_code} · Service: {service}\n"
            "Please answer by {due:datetime} (standard: {days} working days).\n"
            "Read and answer it in the back office: {link}"
        ),
    },
}
