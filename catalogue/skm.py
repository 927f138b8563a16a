"""The SKM survey's words (PermenPANRB 14/2017): the nine elements' names, questions and the
four answer labels of each, and the IKM's quality categories. The survey's structure (codes,
order, scoring) is in `workflow/skm.py`; the chat and the IKM report read these texts.

Keys: `skm.<CODE>.name`, `skm.<CODE>.question`, `skm.<CODE>.<1-4>` (the answer's label),
`skm.category.<A-D>`.
"""

MESSAGES = {
    # ---- PERSYARATAN ----
    "skm.PERSYARATAN.name": {"id": "Persyaratan", "en": "Requirements"},
    "skm.PERSYARATAN.question": {
        "id": "Bagaimana pendapat Bapak/Ibu tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        "en": "How well did the requirements fit the service?",
    },
    "skm.PERSYARATAN.1": {"id": "Tidak sesuai", "en": "Not suitable"},
    "skm.PERSYARATAN.2": {"id": "Kurang sesuai", "en": "Less suitable"},
    "skm.PERSYARATAN.3": {"id": "Sesuai", "en": "Suitable"},
    "skm.PERSYARATAN.4": {"id": "Sangat sesuai", "en": "Very suitable"},
    # ---- PROSEDUR ----
    "skm.PROSEDUR.name": {"id": "Sistem, Mekanisme, dan Prosedur", "en": "Systems, mechanisms and procedures"},
    "skm.PROSEDUR.question": {
        "id": "Bagaimana pemahaman Bapak/Ibu tentang kemudahan prosedur pelayanan di unit ini?",
        "en": "How easy was the service procedure?",
    },
    "skm.PROSEDUR.1": {"id": "Tidak mudah", "en": "Not easy"},
    "skm.PROSEDUR.2": {"id": "Kurang mudah", "en": "Less easy"},
    "skm.PROSEDUR.3": {"id": "Mudah", "en": "Easy"},
    "skm.PROSEDUR.4": {"id": "Sangat mudah", "en": "Very easy"},
    # ---- WAKTU ----
    "skm.WAKTU.name": {"id": "Waktu Penyelesaian", "en": "Completion time"},
    "skm.WAKTU.question": {
        "id": "Bagaimana pendapat Bapak/Ibu tentang kecepatan waktu dalam memberikan pelayanan?",
        "en": "How fast was the service?",
    },
    "skm.WAKTU.1": {"id": "Tidak cepat", "en": "Not fast"},
    "skm.WAKTU.2": {"id": "Kurang cepat", "en": "Less fast"},
    "skm.WAKTU.3": {"id": "Cepat", "en": "Fast"},
    "skm.WAKTU.4": {"id": "Sangat cepat", "en": "Very fast"},
    # ---- BIAYA ----
    "skm.BIAYA.name": {"id": "Biaya/Tarif", "en": "Cost/fee"},
    "skm.BIAYA.question": {
        "id": "Bagaimana pendapat Bapak/Ibu tentang kewajaran biaya/tarif dalam pelayanan?",
        "en": "How fair was the cost of the service?",
    },
    "skm.BIAYA.1": {"id": "Sangat mahal", "en": "Very expensive"},
    "skm.BIAYA.2": {"id": "Cukup mahal", "en": "Rather expensive"},
    "skm.BIAYA.3": {"id": "Murah", "en": "Cheap"},
    "skm.BIAYA.4": {"id": "Gratis", "en": "Free"},
    # ---- PRODUK ----
    "skm.PRODUK.name": {"id": "Produk Spesifikasi Jenis Pelayanan", "en": "Service product"},
    "skm.PRODUK.question": {
        "id": "Bagaimana pendapat Bapak/Ibu tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
        "en": "How well did the result match what the service standard promises?",
    },
    "skm.PRODUK.1": {"id": "Tidak sesuai", "en": "Not suitable"},
    "skm.PRODUK.2": {"id": "Kurang sesuai", "en": "Less suitable"},
    "skm.PRODUK.3": {"id": "Sesuai", "en": "Suitable"},
    "skm.PRODUK.4": {"id": "Sangat sesuai", "en": "Very suitable"},
    # ---- KOMPETENSI ----
    "skm.KOMPETENSI.name": {"id": "Kompetensi Pelaksana", "en": "Staff competence"},
    "skm.KOMPETENSI.question": {
        "id": "Bagaimana pendapat Bapak/Ibu tentang kompetensi/kemampuan petugas dalam pelayanan?",
        "en": "How competent were the staff?",
    },
    "skm.KOMPETENSI.1": {"id": "Tidak kompeten", "en": "Not competent"},
    "skm.KOMPETENSI.2": {"id": "Kurang kompeten", "en": "Less competent"},
    "skm.KOMPETENSI.3": {"id": "Kompeten", "en": "Competent"},
    "skm.KOMPETENSI.4": {"id": "Sangat kompeten", "en": "Very competent"},
    # ---- PERILAKU ----
    "skm.PERILAKU.name": {"id": "Perilaku Pelaksana", "en": "Staff conduct"},
    "skm.PERILAKU.question": {
        "id": "Bagaimana pendapat Bapak/Ibu tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        "en": "How polite and friendly were the staff?",
    },
    "skm.PERILAKU.1": {"id": "Tidak sopan dan ramah", "en": "Not polite or friendly"},
    "skm.PERILAKU.2": {"id": "Kurang sopan dan ramah", "en": "Less polite and friendly"},
    "skm.PERILAKU.3": {"id": "Sopan dan ramah", "en": "Polite and friendly"},
    "skm.PERILAKU.4": {"id": "Sangat sopan dan ramah", "en": "Very polite and friendly"},
    # ---- PENGADUAN ----
    "skm.PENGADUAN.name": {"id": "Penanganan Pengaduan, Saran dan Masukan", "en": "Handling of complaints and suggestions"},
    "skm.PENGADUAN.question": {
        "id": "Bagaimana pendapat Bapak/Ibu tentang penanganan pengaduan pengguna layanan?",
        "en": "How are complaints from service users handled?",
    },
    "skm.PENGADUAN.1": {"id": "Tidak ada", "en": "None"},
    "skm.PENGADUAN.2": {"id": "Ada tetapi tidak berfungsi", "en": "Exists but does not work"},
    "skm.PENGADUAN.3": {"id": "Berfungsi kurang maksimal", "en": "Works, not fully"},
    "skm.PENGADUAN.4": {"id": "Dikelola dengan baik", "en": "Well managed"},
    # ---- SARANA ----
    "skm.SARANA.name": {"id": "Sarana dan prasarana", "en": "Facilities"},
    "skm.SARANA.question": {
        "id": "Bagaimana pendapat Bapak/Ibu tentang kualitas sarana dan prasarana?",
        "en": "How good are the facilities?",
    },
    "skm.SARANA.1": {"id": "Buruk", "en": "Poor"},
    "skm.SARANA.2": {"id": "Cukup", "en": "Fair"},
    "skm.SARANA.3": {"id": "Baik", "en": "Good"},
    "skm.SARANA.4": {"id": "Sangat baik", "en": "Very good"},
    # ---- the IKM's quality categories (mutu pelayanan) ----
    "skm.category.A": {"id": "Sangat baik", "en": "Very good"},
    "skm.category.B": {"id": "Baik", "en": "Good"},
    "skm.category.C": {"id": "Kurang baik", "en": "Poor"},
    "skm.category.D": {"id": "Tidak baik", "en": "Bad"},
}
