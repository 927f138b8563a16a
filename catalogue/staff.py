"""What staff are told over WhatsApp (new files, SLA alerts)."""

MESSAGES = {
    "staff.new_file": {
        "id": "Berkas baru *{tracking_code}* ({service}) dari {name} menunggu pemeriksaan kelengkapan, target {due:datetime}.",
        "en": "New file *{tracking_code}* ({service}) from {name} awaits the completeness check, due {due:datetime}.",
    },
    "staff.resubmitted_file": {
        "id": "Berkas *{tracking_code}* telah dilengkapi pemohon dan menunggu pemeriksaan ulang, target {due:datetime}.",
        "en": "File *{tracking_code}* was completed by the applicant and awaits a new check, due {due:datetime}.",
    },
}
