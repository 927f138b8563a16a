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

import catalogue


@dataclass(frozen=True)
class Element:
    """One SKM element; its name, question and four answer labels are catalogue texts
    (`catalogue/skm.py`: `skm.<code>.name`, `skm.<code>.question`, `skm.<code>.1`…`4`)."""

    code: str

    def name_in(self, language: str) -> str:
        return catalogue.text(f"skm.{self.code}.name", language)

    def question_in(self, language: str) -> str:
        return catalogue.text(f"skm.{self.code}.question", language)

    def labels_in(self, language: str) -> tuple[str, str, str, str]:
        return tuple(catalogue.text(f"skm.{self.code}.{value}", language) for value in range(1, 5))

    name = property(lambda self: self.name_in("id"))
    name_en = property(lambda self: self.name_in("en"))
    question = property(lambda self: self.question_in("id"))
    question_en = property(lambda self: self.question_in("en"))
    labels = property(lambda self: self.labels_in("id"))
    labels_en = property(lambda self: self.labels_in("en"))


# The regulation's order of the elements (Lampiran, "unsur pelayanan").
ELEMENTS: tuple[Element, ...] = tuple(Element(code) for code in (
    "PERSYARATAN", "PROSEDUR", "WAKTU", "BIAYA", "PRODUK", "KOMPETENSI", "PERILAKU", "PENGADUAN", "SARANA",
))
CODES = tuple(e.code for e in ELEMENTS)
BY_CODE = {e.code: e for e in ELEMENTS}

# (lower bound of the IKM rounded to 2 decimals, grade) — PermenPANRB 14/2017; below C is D. The
# performance's words ("Sangat baik"…) are `skm.category.<grade>` in the catalogue.
CATEGORIES = ((Fraction("88.31"), "A"), (Fraction("76.61"), "B"), (Fraction("65.00"), "C"))


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


def category(ikm: Fraction | float, language: str = "id") -> tuple[str, str]:
    """(grade, the performance in words) of an IKM."""
    shown = Fraction(str(round2(Fraction(ikm))))
    grade = next((grade for bound, grade in CATEGORIES if shown >= bound), "D")
    return grade, catalogue.text(f"skm.category.{grade}", language)


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
