"""What the applicant is told when their file moves (keys named in the workflow definitions)."""

MESSAGES = {
    "notice.submitted": {
        "id": (
            "Terima kasih, Bapak/Ibu {name}. Permohonan *{service}* telah kami terima dengan nomor "
            "pelacakan *{tracking_code}*.\n\nBerkas sekarang {stage:stage}. Perkiraan selesai: "
            "{expected:date}.\nKetik STATUS kapan saja untuk melihat perkembangannya."
        ),
        "en": (
            "Thank you, {name}. Your application for *{service}* has been received with tracking "
            "code *{tracking_code}*.\n\nThe file is now {stage:stage}. Expected completion: "
            "{expected:date}.\nSend STATUS at any time to follow it."
        ),
    },
    "notice.resubmitted": {
        "id": (
            "Terima kasih, berkas *{tracking_code}* yang sudah dilengkapi telah kami terima dan "
            "sekarang {stage:stage}."
        ),
        "en": "Thank you, the completed file *{tracking_code}* has been received and is now {stage:stage}.",
    },
    "notice.cancelled": {
        "id": "Permohonan {tracking_code} telah dibatalkan sesuai permintaan Bapak/Ibu.",
        "en": "Application {tracking_code} has been cancelled as you asked.",
    },
    "notice.accepted": {
        "id": (
            "Berkas *{tracking_code}* dinyatakan LENGKAP dan telah diterima {workflow:desk}. Tanda "
            "Terima terlampir; mohon disimpan untuk pengambilan dokumen.\n\nBerkas sekarang "
            "{stage:stage}, paling lambat {due:date}."
        ),
        "en": (
            "File *{tracking_code}* is COMPLETE and has been received by the {workflow:desk}. The "
            "receipt is attached; please keep it for collecting the document.\n\nThe file is now "
            "{stage:stage}, by {due:date} at the latest."
        ),
    },
    "notice.returned": {
        "id": (
            "Mohon maaf, berkas *{tracking_code}* belum lengkap dan kami kembalikan untuk "
            "dilengkapi:\n{reasons:bullets}\n\nSilakan kirim ulang dokumen tersebut (PDF atau foto) "
            "di chat ini, lalu ketik YA untuk mengajukan kembali."
        ),
        "en": (
            "We are sorry, file *{tracking_code}* is incomplete and is returned to you:\n"
            "{reasons:bullets}\n\nPlease send those documents again (PDF or photo) in this "
            "chat, then reply YES to resubmit."
        ),
    },
    "notice.stage_entered": {
        "id": "Perkembangan berkas *{tracking_code}*: sekarang {stage:stage}. Target: {due:datetime}.",
        "en": "Update on file *{tracking_code}*: it is now {stage:stage}. Target: {due:datetime}.",
    },
    "notice.signed": {
        "id": (
            "✅ *{document:words}* untuk berkas *{tracking_code}* telah ditandatangani secara elektronik "
            "oleh Kepala DPMPTSP Kabupaten Rokan Hilir dan terlampir di pesan ini (PDF). Surat elektronik "
            "ini sah; keasliannya dapat diperiksa melalui kode QR di dalamnya.\n\nBapak/Ibu belum perlu "
            "datang ke kantor: kami akan mengirim *kode pengambilan* begitu salinan cetaknya siap diambil."
        ),
        "en": (
            "✅ The *{document:words}* for file *{tracking_code}* has been signed electronically by "
            "the Head of DPMPTSP Rokan Hilir and is attached to this message (PDF). The electronic letter is "
            "valid; its QR code lets anyone check it is genuine.\n\nYou do not need to come to the office "
            "yet: we will send a *pickup code* as soon as the printed copy is ready for collection."
        ),
    },
    "notice.rejected": {
        "id": (
            "Mohon maaf, permohonan *{tracking_code}* tidak dapat dilanjutkan.\nAlasan: {reason}\n\n"
            "Bapak/Ibu dapat menyampaikan pengaduan dengan mengetik ADUAN."
        ),
        "en": (
            "We are sorry, application *{tracking_code}* cannot proceed.\nReason: {reason}\n\n"
            "You may file a complaint by sending ADUAN."
        ),
    },
    "notice.ready_for_pickup": {
        "id": (
            "Kabar baik! Dokumen untuk berkas *{tracking_code}* sudah selesai dan {stage:stage}.\n"
            "Kode pengambilan: *{pickup_code}*\nMohon bawa Tanda Terima dan dokumen asli "
            "persyaratan.\n\n{office}"
        ),
        "en": (
            "Good news! The document for file *{tracking_code}* is finished and {stage:stage}.\n"
            "Pickup code: *{pickup_code}*\nPlease bring the receipt and the original documents. "
            "\n\n{office}"
        ),
    },
    "notice.completed": {
        "id": "Dokumen berkas *{tracking_code}* telah diserahkan. Terima kasih telah menggunakan layanan DPMPTSP Rokan Hilir.",
        "en": "The document for file *{tracking_code}* has been handed over. Thank you for using DPMPTSP Rokan Hilir.",
    },
}
