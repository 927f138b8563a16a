"""A service's own data beside services.toml: `definitions/services/<code>.toml` (the questions
the chat asks, the receipt's lines, the letter's name) and `<code>.letter.toml` (the letter).

A question is typed (text, date, number, choice) with its checks and its wording in both
languages; the chat walks them in order and keeps the answers in `application.details` under
the question's `name`, which the receipt and the letter print as `{name}`. Parsed into frozen
dataclasses; `flask services check` (validation.py) names every problem first.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import workflow.definition as _definition

QUESTION_TYPES = ("text", "date", "number", "choice")
TEXT_FORMATS = ("", "person_name")
# The refusals a question may word itself (else the catalogue's generic `bot.apply.answer.<type>.<problem>`).
PROBLEMS = {"text": ("invalid",), "date": ("invalid", "future", "past", "range"),
            "number": ("invalid", "range"), "choice": ("invalid",)}
# What every letter and receipt can print besides the service's own questions.
COMMON_FIELDS = ("applicant_name", "applicant_nik", "applicant_address", "tracking_code", "service", "number",
                 "office_name", "regency")


def names_in(template: str) -> set[str]:
    """The `{name}` placeholders of a template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def texts(raw: dict, key: str) -> dict[str, str]:
    """`key` and `key_en` of a data table as {"id": …, "en": …} (English falls back to Indonesian)."""
    indonesian = str(raw.get(key) or "")
    return {"id": indonesian, "en": str(raw.get(f"{key}_en") or indonesian)}


@dataclass(frozen=True)
class Choice:
    code: str
    label: dict[str, str]


@dataclass(frozen=True)
class Question:
    name: str
    type: str
    ask: dict[str, str]
    label: dict[str, str]
    required: bool = True
    format: str = ""  # text: "person_name" checks it as a person's name
    min_length: int = 2
    max_length: int = 200
    min: float | None = None  # number: the smallest and largest value
    max: float | None = None
    decimals: int = 0  # number: 0 whole numbers, 1–3 digits after the comma allowed
    unit: str = ""  # number: printed after the value ("m²", "hari")
    unit_en: str = ""  # the unit in English ("days"); the Indonesian one when unset
    no_future: bool = False  # date: not after today
    no_past: bool = False  # date: not before today
    min_years: int | None = None  # date: at least this many whole years before today (an age)
    max_years: int | None = None
    choices: tuple[Choice, ...] = ()
    skipped: dict[str, str] = field(default_factory=dict)  # shown for an optional answer left out (LEWATI)
    refusals: dict[str, dict[str, str]] = field(default_factory=dict)

    def choice(self, code: str) -> Choice | None:
        return next((c for c in self.choices if c.code == code), None)


@dataclass(frozen=True)
class ReceiptSpec:
    fields: tuple[str, ...] = ()  # the questions printed on the receipt, in order
    status: str = "LENGKAP — diteruskan untuk diproses"
    note: str = ("Tanda terima ini adalah bukti penerimaan berkas, BUKAN dokumen hasil layanan. Simpan dan bawa "
                 "tanda terima ini beserta dokumen asli persyaratan saat pengambilan dokumen.")


@dataclass(frozen=True)
class LetterField:
    label: str
    value: str  # "{name}" placeholders
    optional: bool = False  # printed as "-" when missing; else the letter is not signed without it


@dataclass(frozen=True)
class LetterSpec:
    title: str
    document: dict[str, str]  # what the applicant is told they receive ("Surat Rekomendasi")
    filename: str  # the signed PDF is <filename>-<tracking code>.pdf
    opening: str
    fields: tuple[LetterField, ...]
    body: tuple[str, ...]
    legal_basis: tuple[str, ...] = ()
    addressee: str = ""  # "" → no "Kepada Yth." block
    addressee_fallback: str = "Yang berkepentingan"
    closing: str = "Demikian surat ini diberikan untuk dapat dipergunakan sebagaimana mestinya."


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    questions: tuple[Question, ...]
    receipt: ReceiptSpec
    letter: LetterSpec

    def question(self, name: str) -> Question | None:
        return next((q for q in self.questions if q.name == name), None)


def shown(question: Question | None, value, language: str = "id") -> str:
    """An answer as people read it: a date `3 Mei 2012`, a choice its label, a number `2,5 m²`."""
    from datetime import date

    from catalogue import format_day

    if value in (None, ""):
        return (question.skipped.get(language) or question.skipped.get("id", "")) if question else ""
    if question is None:
        return str(value)
    if question.type == "date":
        try:
            return format_day(date.fromisoformat(str(value)), language)
        except ValueError:
            return str(value)  # as the applicant typed it
    if question.type == "choice":
        chosen = question.choice(str(value))
        return (chosen.label.get(language) or chosen.label["id"]) if chosen else str(value)
    if question.type == "number":
        unit = question.unit_en if language == "en" and question.unit_en else question.unit
        return f"{number_text(value, question.decimals, language)} {unit}".strip()
    return str(value)


def number_text(value, decimals: int = 0, language: str = "id") -> str:
    """12.5 → "12,5" (English "12.5"); 4.0 → "4": `catalogue.format_number`, the one rule."""
    from catalogue import format_number

    if not decimals:
        try:
            return str(int(value))
        except (TypeError, ValueError):
            return str(value)
    return format_number(value, language, decimals)


def answers(spec: ServiceSpec, details: dict | None, language: str = "id") -> dict[str, str]:
    """Every question's answer in `details`, as people read it (missing ones as "")."""
    details = details or {}
    return {q.name: shown(q, details.get(q.name), language) for q in spec.questions}


def _question(raw: dict) -> Question:
    refusals = {problem: texts(raw.get("refusals") or {}, problem) for problem in (raw.get("refusals") or {})
                if not problem.endswith("_en")}
    return Question(
        name=raw["name"], type=raw["type"], ask=texts(raw, "ask"), label=texts(raw, "label"),
        required=raw.get("required", True), format=raw.get("format", ""),
        min_length=raw.get("min_length", 2), max_length=raw.get("max_length", 200),
        min=raw.get("min"), max=raw.get("max"), decimals=raw.get("decimals", 0), unit=raw.get("unit", ""),
        unit_en=raw.get("unit_en", ""),
        no_future=raw.get("no_future", False), no_past=raw.get("no_past", False),
        min_years=raw.get("min_years"), max_years=raw.get("max_years"),
        choices=tuple(Choice(c["code"], texts(c, "label")) for c in raw.get("choices", [])),
        refusals=refusals,
        skipped=texts(raw, "skipped") if raw.get("skipped") else {},
    )


def parse(code: str, service: dict, letter: dict) -> ServiceSpec:
    receipt = service.get("receipt") or {}
    defaults = ReceiptSpec()
    return ServiceSpec(
        code=code,
        questions=tuple(_question(q) for q in service.get("questions", [])),
        receipt=ReceiptSpec(fields=tuple(receipt.get("fields", ())), status=receipt.get("status", defaults.status),
                            note=receipt.get("note", defaults.note)),
        letter=LetterSpec(
            title=letter["title"], document=texts(letter, "document"), filename=letter.get("filename", "surat"),
            opening=letter["opening"],
            fields=tuple(LetterField(f["label"], f["value"], f.get("optional", False)) for f in letter.get("fields", [])),
            body=tuple(letter.get("body", ())), legal_basis=tuple(letter.get("legal_basis", ())),
            addressee=letter.get("addressee", ""), addressee_fallback=letter.get("addressee_fallback", "Yang berkepentingan"),
            closing=letter.get("closing", LetterSpec.closing),
        ),
    )


def files(definitions: Path, code: str) -> tuple[Path, Path]:
    """The service's data file and its letter template."""
    folder = definitions / "services"
    return folder / f"{code.lower()}.toml", folder / f"{code.lower()}.letter.toml"


# A service row without its files (made by hand, not by `flask services sync`, which refuses
# that): no questions, the general receipt, and a plain letter naming the applicant.
PLAIN_LETTER = {
    "title": "SURAT KETERANGAN", "document": "Surat", "document_en": "Letter", "filename": "surat",
    "opening": "Kepala {office_name} Kabupaten Rokan Hilir menerangkan bahwa permohonan berikut telah diproses:",
    "fields": [{"label": "Nama pemohon", "value": "{applicant_name}"}, {"label": "NIK", "value": "{applicant_nik}"},
               {"label": "Layanan", "value": "{service}"}, {"label": "Nomor registrasi", "value": "{tracking_code}"}],
}


@cache
def _load(definitions: Path, code: str) -> ServiceSpec:
    data, letter = files(definitions, code)
    read = lambda path, default: tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else default  # noqa: E731
    return parse(code, read(data, {}), read(letter, PLAIN_LETTER))


def spec_for(service) -> ServiceSpec:
    """The data of `service` (a Service row or a code)."""
    code = service if isinstance(service, str) else service.code
    return _load(_definition.DEFINITIONS, code)
