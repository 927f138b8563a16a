"""Staff-screen texts of the office's paperwork: the letter's draft before signing (and, below,
the office's other paperwork screens)."""

MESSAGES = {
    "paperwork.preview.title": {"id": "Pratinjau surat (DRAF)", "en": "Letter preview (DRAFT)"},
    "paperwork.preview.explain_signer": {
        "id": (
            "Inilah surat persis seperti yang akan ditandatangani: nomor, tanggal, isi dan kode QR. Tanda DRAF "
            "hilang pada surat yang ditandatangani. Bacalah sebelum menekan “Tanda tangani (TTE)”; bila surat "
            "berubah sebelum Anda menandatangani, tanda tangan ditolak dan draf yang baru ditampilkan."
        ),
        "en": (
            "This is the letter exactly as it will be signed: number, date, text and QR code. The DRAFT mark "
            "is not on the signed letter. Read it before pressing “Sign (TTE)”; if the letter changes before "
            "you sign, the signature is refused and the new draft is shown."
        ),
    },
    "paperwork.preview.explain_reader": {
        "id": "Inilah surat yang akan diterbitkan bila disetujui. Nomor surat diberikan pada tahap penomoran.",
        "en": "This is the letter that will be issued if approved. The number is given at the numbering step.",
    },
    "paperwork.preview.open": {"id": "Buka draf di tab baru", "en": "Open the draft in a new tab"},
    "paperwork.preview.changed": {
        "id": (
            "Draf surat berubah sejak halaman ini dibuka (misalnya tanggal atau data berkas). Surat BELUM "
            "ditandatangani. Bacalah draf terbaru di bawah ini, lalu tanda tangani lagi."
        ),
        "en": (
            "The letter's draft changed since this page was opened (for example its date or the file's data). "
            "Nothing was signed. Read the new draft below, then sign again."
        ),
    },
    "field.preview_sha256": {"id": "Draf surat yang dibaca", "en": "The letter draft read"},
    "paperwork.preview.missing": {
        "id": "Surat belum dapat ditandatangani: {fields}.",
        "en": "The letter cannot be signed yet: {fields}.",
    },
    "field.nip": {"id": "NIP penandatangan", "en": "Signer's NIP"},
    "field.child_birth_date": {"id": "Tanggal lahir anak", "en": "Child's date of birth"},
    "staff.error.nip_required": {
        "id": "Kepala Dinas menandatangani surat: isi NIP (18 angka).",
        "en": "The head of office signs letters: enter the NIP (18 digits).",
    },
    "field_error.signer_nip_missing": {
        "id": "NIP penanda tangan belum tercatat: administrator mengisinya di layar Akun staf",
        "en": "the signer's NIP is not recorded: an administrator enters it on the staff screen",
    },
    "field_error.answer_missing": {  # an answer the letter prints (label: the service's question)
        "id": "{label:words} belum ada pada berkas",
        "en": "the {label:words} is missing from the file",
    },
    "paperwork.preview.hash": {"id": "Sidik draf (SHA-256)", "en": "Draft fingerprint (SHA-256)"},
}
