"""SLA alerts, escalations, digests and reminders."""

MESSAGES = {
    "alert.sla_breach": {
        "id": (
            "⚠️ Peringatan SLA: berkas *{tracking_code}* ({service}) {stage:stage} melewati waktu "
            "standar ({sla}) sejak {due:datetime}, terlambat {overdue}.\n{legal}\nPenanggung jawab: {owner}.\nBuka berkas: {link}"
        ),
        "en": (
            "⚠️ SLA warning: file *{tracking_code}* ({service}) {stage:stage} is past its standard "
            "time ({sla}) since {due:datetime}, late by {overdue}.\n{legal}\nResponsible: {owner}.\nOpen the file: {link}"
        ),
    },
    # A question to the office waits past the answering standard: the number and a link, never its text.
    "alert.question_overdue": {
        "id": (
            "⚠️ Pertanyaan *{code}* dari layanan Tanya Petugas belum dijawab melewati standar ({days:working_days}) "
            "sejak {due:datetime}, terlambat {overdue}.\nBaca dan jawab di back office: {link}"
        ),
        "en": (
            "⚠️ Question *{code}* (Ask the office) is still unanswered past the standard ({days:working_days}) "
            "since {due:datetime}, late by {overdue}.\nRead and answer it in the back office: {link}"
        ),
    },
    "alert.sla_escalation": {
        "id": (
            "🚨 ESKALASI SLA: berkas *{tracking_code}* ({service}) {stage:stage} sudah melewati dua "
            "kali waktu standar ({sla}); terlambat {overdue} sejak {due:datetime}.\n{legal}\n"
            "Penanggung jawab: {owner}. Mohon segera ditindaklanjuti.\nBuka berkas: {link}"
        ),
        "en": (
            "🚨 SLA ESCALATION: file *{tracking_code}* ({service}) {stage:stage} is past twice its "
            "standard time ({sla}); late by {overdue} since {due:datetime}.\n{legal}\n"
            "Responsible: {owner}. Please act now.\nOpen the file: {link}"
        ),
    },
    "alert.sla_digest": {
        "id": "📋 Ringkasan pagi {date:date}: {count} berkas melewati waktu standar.\n{items:bullets}",
        "en": "📋 Morning digest {date:date}: {count} files are past their standard time.\n{items:bullets}",
    },
    "alert.digest_item": {
        "id": "{tracking_code} — {stage:stage}, terlambat {overdue}",
        "en": "{tracking_code} — {stage:stage}, late by {overdue}",
    },
    "alert.legal_remaining": {
        "id": "Sisa waktu hingga batas layanan ({legal_days} hari kerja sejak pengajuan): {remaining}.",
        "en": "Time left before the service deadline ({legal_days} working days from submission): {remaining}.",
    },
    "alert.legal_passed": {
        "id": "Batas waktu layanan ({legal_days} hari kerja sejak pengajuan) sudah lewat {remaining}.",
        "en": "The service deadline ({legal_days} working days from submission) passed {remaining} ago.",
    },
    "alert.legal_unknown": {
        "id": "Berkas belum diajukan; batas waktu layanan belum berjalan.",
        "en": "The file has not been submitted; the service deadline has not started.",
    },
    "duration.days": {"id": "{days} hari kerja {hours} jam", "en": "{days} working days {hours} h"},
    "duration.hours": {"id": "{hours} jam {minutes} menit kerja", "en": "{hours} h {minutes} min of working time"},
    "duration.minutes": {"id": "{minutes} menit kerja", "en": "{minutes} working minutes"},
    "reminder.returned": {
        "id": (
            "Pengingat: berkas *{tracking_code}* masih menunggu dokumen perbaikan dari Bapak/Ibu "
            "sejak {days} hari kerja lalu. Silakan kirim dokumen yang diminta (PDF atau foto) di "
            "chat ini, lalu ketik YA. Ketik STATUS untuk melihat apa yang kurang."
        ),
        "en": (
            "Reminder: file *{tracking_code}* has been waiting for your corrected documents for "
            "{days} working days. Please send the requested documents (PDF or photo) in this "
            "chat, then reply YES. Send STATUS to see what is missing."
        ),
    },
    "reminder.ready_for_pickup": {
        "id": (
            "Pengingat: dokumen berkas *{tracking_code}* sudah {days} hari kerja menunggu diambil di "
            "kantor DPMPTSP Rokan Hilir. Kode pengambilan: *{pickup_code}*. Mohon bawa Tanda Terima.\n\n{office}"
        ),
        "en": (
            "Reminder: the document for file *{tracking_code}* has been waiting {days} working days "
            "for collection at the DPMPTSP Rokan Hilir office. Pickup code: *{pickup_code}*. "
            "Please bring the receipt.\n\n{office}"
        ),
    },
}
