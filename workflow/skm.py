"""The SKM survey (PermenPANRB 14/2017) as data, and the IKM computed exactly.

Answers are stored by element code (never by question position: the regulation's definition
list and its sample questionnaire order Sarana and Pengaduan differently). IKM = mean of the
nine element means (NRR) × 25, with exact fractions — not the rounded 0.11 / 0.111 weights of
spreadsheets — rounded to two decimals only for display and classification.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    name_en: str
    question: str
    question_en: str
    labels: tuple[str, str, str, str]
    labels_en: tuple[str, str, str, str]


ELEMENTS: tuple[Element, ...] = (
    Element("PERSYARATAN", "Persyaratan", "Requirements",
            "Bagaimana pendapat Bapak/Ibu tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
            "How well did the requirements fit the service?",
            ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
            ("Not suitable", "Less suitable", "Suitable", "Very suitable")),
    Element("PROSEDUR", "Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures",
            "Bagaimana pemahaman Bapak/Ibu tentang kemudahan prosedur pelayanan di unit ini?",
            "How easy was the service procedure?",
            ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
            ("Not easy", "Less easy", "Easy", "Very easy")),
    Element("WAKTU", "Waktu Penyelesaian", "Completion time",
            "Bagaimana pendapat Bapak/Ibu tentang kecepatan waktu dalam memberikan pelayanan?",
            "How fast was the service?",
            ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
            ("Not fast", "Less fast", "Fast", "Very fast")),
    Element("BIAYA", "Biaya/Tarif", "Cost/fee",
            "Bagaimana pendapat Bapak/Ibu tentang kewajaran biaya/tarif dalam pelayanan?",
            "How fair was the cost of the service?",
            ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
            ("Very expensive", "Rather expensive", "Cheap", "Free")),
    Element("PRODUK", "Produk Spesifikasi Jenis Pelayanan", "Service product",
            "Bagaimana pendapat Bapak/Ibu tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
            "How well did the result match what the service standard promises?",
            ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
            ("Not suitable", "Less suitable", "Suitable", "Very suitable")),
    Element("KOMPETENSI", "Kompetensi Pelaksana", "Staff competence",
            "Bagaimana pendapat Bapak/Ibu tentang kompetensi/kemampuan petugas dalam pelayanan?",
            "How competent were the staff?",
            ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
            ("Not competent", "Less competent", "Competent", "Very competent")),
    Element("PERILAKU", "Perilaku Pelaksana", "Staff conduct",
            "Bagaimana pendapat Bapak/Ibu tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
            "How polite and friendly were the staff?",
            ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah"),
            ("Not polite or friendly", "Less polite and friendly", "Polite and friendly", "Very polite and friendly")),
    Element("PENGADUAN", "Penanganan Pengaduan, Saran dan Masukan", "Handling of complaints and suggestions",
            "Bagaimana pendapat Bapak/Ibu tentang penanganan pengaduan pengguna layanan?",
            "How are complaints from service users handled?",
            ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik"),
            ("None", "Exists but does not work", "Works, not fully", "Well managed")),
    Element("SARANA", "Sarana dan prasarana", "Facilities",
            "Bagaimana pendapat Bapak/Ibu tentang kualitas sarana dan prasarana?",
            "How good are the facilities?",
            ("Buruk", "Cukup", "Baik", "Sangat baik"),
            ("Poor", "Fair", "Good", "Very good")),
)
CODES = tuple(e.code for e in ELEMENTS)
BY_CODE = {e.code: e for e in ELEMENTS}

# (lower bound of the IKM rounded to 2 decimals, grade, performance) — PermenPANRB 14/2017.
CATEGORIES = ((Fraction("88.31"), "A", "Sangat baik"), (Fraction("76.61"), "B", "Baik"), (Fraction("65.00"), "C", "Kurang baik"))


@dataclass(frozen=True)
class IkmResult:
    responses: int
    nrr: dict[str, Fraction]  # element code → mean of the answers (exact)
    ikm: Fraction | None  # exact; None with no responses

    @property
    def ikm_rounded(self) -> float | None:
        return None if self.ikm is None else round2(self.ikm)

    @property
    def category(self) -> tuple[str, str] | None:
        return None if self.ikm is None else category(self.ikm)

    def as_dict(self) -> dict:
        cat = self.category
        return {
            "responses": self.responses,
            "ikm": self.ikm_rounded,
            "category": cat[0] if cat else None,
            "category_label": cat[1] if cat else None,
            "elements": {code: round(float(v), 2) for code, v in self.nrr.items()},
        }


def round2(value: Fraction) -> float:
    """Half-up to two decimals, as the office's reports round (not banker's rounding)."""
    return float((value * 100 + Fraction(1, 2)).__floor__()) / 100


def category(ikm: Fraction | float) -> tuple[str, str]:
    shown = Fraction(str(round2(Fraction(ikm))))
    for bound, grade, label in CATEGORIES:
        if shown >= bound:
            return grade, label
    return "D", "Tidak baik"


def validate_answers(answers: Mapping[str, int]) -> dict[str, int]:
    clean = {}
    for code in CODES:
        value = answers.get(code)
        if not isinstance(value, int) or not 1 <= value <= 4:
            raise ValueError(f"{code}: an answer from 1 to 4 is needed")
        clean[code] = value
    return clean


def compute_ikm(responses: Iterable[Mapping[str, int]]) -> IkmResult:
    """IKM over complete responses: per element the mean (NRR), IKM = mean(NRR) × 25."""
    totals = {code: 0 for code in CODES}
    count = 0
    for answers in responses:
        clean = validate_answers(answers)
        count += 1
        for code, value in clean.items():
            totals[code] += value
    if count == 0:
        return IkmResult(0, {}, None)
    nrr = {code: Fraction(total, count) for code, total in totals.items()}
    ikm = sum(nrr.values(), Fraction(0)) / len(CODES) * 25
    return IkmResult(count, nrr, ikm)
