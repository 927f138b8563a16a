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
    # The desk notices (workflow/desk_notices.py): the file, its service, stage and due time, and
    # the link; never the applicant's name, NIK or number. Held ones go as one digest when the
    # office opens (jobs/desk_notices.py).
    "staff.desk_notice": {
        "id": (
            "📥 Berkas *{tracking_code}* ({service}) masuk ke meja Bapak/Ibu: {stage:stage}, "
            "target {due:datetime}.\nBuka berkas: {link}"
        ),
        "en": (
            "📥 File *{tracking_code}* ({service}) has reached your desk: {stage:stage}, "
            "due {due:datetime}.\nOpen the file: {link}"
        ),
    },
    "staff.desk_digest": {
        "id": "📥 {count} berkas baru menunggu di meja Bapak/Ibu:\n{items:bullets}\nBuka meja kerja: {link}",
        "en": "📥 {count} new files await you at your desk:\n{items:bullets}\nOpen your desk: {link}",
    },
    "staff.desk_digest_item": {
        "id": "{tracking_code} — {stage:stage}, target {due:datetime}",
        "en": "{tracking_code} — {stage:stage}, due {due:datetime}",
    },
    "staff.desk_digest_more": {
        "id": "dan {count} berkas lainnya di meja kerja",
        "en": "and {count} more files at your desk",
    },
    # No complaint text and no applicant data: the alert only points to the back office.
    "staff.new_complaint": {
        "id": (
            "📣 Pengaduan baru *{code}* menunggu jawaban.\nBerkas: {tracking_code} · Layanan: {service}\n"
            "Mohon dijawab paling lambat {due:datetime} (standar {days:working_days}).\n"
            "Baca dan jawab di back office: {link}"
        ),
        "en": (
            "📣 New complaint *{code}* awaits an answer.\nFile: {tracking_code} · Service: {service}\n"
            "Please answer by {due:datetime} (standard: {days:working_days}).\n"
            "Read and answer it in the back office: {link}"
        ),
    },
}
