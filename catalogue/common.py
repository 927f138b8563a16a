"""Shared words: stage names in plain words, role names."""

MESSAGES = {
    "stage.draft": {"id": "sedang Bapak/Ibu lengkapi", "en": "being completed by you"},
    "stage.completeness_check": {
        "id": "diperiksa kelengkapannya oleh Back Office",
        "en": "being checked for completeness by the Back Office",
    },
    "stage.returned": {
        "id": "dikembalikan untuk dilengkapi",
        "en": "returned to you to complete",
    },
    "stage.technical_review": {
        "id": "ditinjau oleh Tim Teknis OPD (Dinas Sosial)",
        "en": "under review by the technical team (Social Affairs)",
    },
    "stage.verification": {
        "id": "diverifikasi oleh Sub Koordinator Perizinan",
        "en": "being verified by the licensing sub-coordinator",
    },
    "stage.approval": {
        "id": "menunggu persetujuan Koordinator Perizinan",
        "en": "awaiting approval by the licensing coordinator",
    },
    "stage.numbering": {"id": "diberi nomor surat oleh Back Office", "en": "being numbered by the Back Office"},
    "stage.signing": {
        "id": "menunggu tanda tangan elektronik Kepala Dinas",
        "en": "awaiting the electronic signature of the Head of Office",
    },
    "stage.printing": {"id": "sedang dicetak oleh Back Office", "en": "being printed by the Back Office"},
    "stage.ready_for_pickup": {"id": "siap diambil di kantor DPMPTSP", "en": "ready for pickup at the DPMPTSP office"},
    "stage.completed": {"id": "selesai", "en": "completed"},
    "stage.rejected": {"id": "ditolak", "en": "refused"},
    "stage.cancelled": {"id": "dibatalkan", "en": "cancelled"},
    "role.applicant": {"id": "Pemohon", "en": "Applicant"},
    "role.back_office": {"id": "Back Office", "en": "Back Office"},
    "role.technical_team": {"id": "Tim Teknis OPD", "en": "Technical team"},
    "role.sub_coordinator": {"id": "Sub Koordinator Perizinan", "en": "Licensing sub-coordinator"},
    "role.coordinator": {"id": "Koordinator Perizinan", "en": "Licensing coordinator"},
    "role.head_of_office": {"id": "Kepala Dinas", "en": "Head of Office"},
    "role.supervisor": {"id": "Pengawas", "en": "Supervisor"},
    "role.admin": {"id": "Admin", "en": "Admin"},
}
