"""The one message catalogue: every text a person reads (on WhatsApp, on the staff screens,
on the letters), Bahasa Indonesia first, English beside it.

Texts live in the modules of this package (one per area), each a dict
`KEY → {"id": "…", "en": "…"}` named `MESSAGES`; a key is defined once across all of them. `render(key, language, **variables)` fills
them with `str.format` syntax; `{due:date}` / `{due:datetime}` format an ISO timestamp in the
office's words, `{stage:stage}` names a stage in plain words, `{reasons:bullets}` lists items,
`{document:words}` picks the reader's language from a data text `{"id": …, "en": …}`.
"""

from __future__ import annotations

import string
from datetime import datetime
from zoneinfo import ZoneInfo

from catalogue import (
    alerts,
    backoffice,
    bot,
    common,
    delivery,
    documents,
    field_errors,
    front_desk,
    notices,
    paperwork,
    privacy,
    skm,
    staff,
    survey,
    verify,
)
from config import OFFICE_TZ

LANGUAGES = ("id", "en")
MESSAGES: dict[str, dict[str, str]] = {}
for _module in (common, notices, staff, alerts, bot, documents, survey, skm, backoffice, field_errors, verify, delivery,
                privacy, front_desk, paperwork):
    for _key, _texts in _module.MESSAGES.items():
        if _key in MESSAGES:
            raise RuntimeError(f"message key defined twice: {_key}")
        MESSAGES[_key] = _texts

_DAYS = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
_MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}
# Indonesia's three zones and how a date names them (WIB is the office's, `config.OFFICE_TZ`).
TZ_LABEL = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def format_date(value: datetime, language: str, *, with_time: bool, tz_name: str = OFFICE_TZ) -> str:
    lang = language if language in LANGUAGES else "id"
    local = value.astimezone(ZoneInfo(tz_name)) if value.tzinfo else value
    text = f"{_DAYS[lang][local.weekday()]}, {local.day} {_MONTHS[lang][local.month - 1]} {local.year}"
    if with_time:
        sep = " pukul " if lang == "id" else ", "
        clock = f"{local:%H.%M}" if lang == "id" else f"{local:%H:%M}"
        text += f"{sep}{clock} {TZ_LABEL.get(tz_name, tz_name)}"
    return text


def format_day(value, language: str = "id") -> str:
    """A calendar day without weekday: `14 Februari 2011` / `14 February 2011`."""
    lang = language if language in LANGUAGES else "id"
    return f"{value.day} {_MONTHS[lang][value.month - 1]} {value.year}"


def format_number(value, language: str = "id", decimals: int = 0, *, keep_zeros: bool = False) -> str:
    """A number as the reader writes it: Indonesian `2,5`, English `2.5` (the one rule for decimals
    in chats, papers and pages). Trailing zeros go (`4`, not `4,00`) unless `keep_zeros` (a score
    printed to a fixed precision: `83,30`). No thousands separator (ids and counts read plainly)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not decimals:
        return str(round(number))
    text = f"{number:.{decimals}f}"
    if not keep_zeros:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if language != "en" else text


# Words a workflow's data declares (its stages' phrases and labels, its role names), looked up
# through the sources registered here (workflow/definition.py registers the workflow files): a
# source takes (kind, workflow, name) with kind "stage", "stage_label" or "role", and returns
# {"id": …, "en": …} or None. The catalogue's own text is the fallback, then the plain name.
_WORD_SOURCES: list = []


def add_word_source(source) -> None:
    if source not in _WORD_SOURCES:
        _WORD_SOURCES.append(source)


def _data_words(kind: str, workflow: str, name: str, language: str) -> str | None:
    for source in _WORD_SOURCES:
        found = source(kind, workflow, name)
        if found and (found.get(language) or found.get("id")):
            return found.get(language) or found["id"]
    return None


def _word(kind: str, name: str, language: str, workflow: str, keys: tuple[str, ...]) -> str:
    """The workflow's own words, else the catalogue's (`keys`), else any workflow's, else the name."""
    found = _data_words(kind, workflow, name, language) if workflow else None
    for key in keys:
        if found is None and exists(key):
            found = text(key, language)
    if found is None:
        found = _data_words(kind, "", name, language)
    return found or str(name).replace("_", " ")


def stage_words(stage: str, language: str = "id", workflow: str = "") -> str:
    """The applicant's phrase for a stage ("diverifikasi oleh …")."""
    return _word("stage", stage, language, workflow, (f"stage.{stage}",))


def stage_label(stage: str, language: str = "id", workflow: str = "") -> str:
    """The staff's short label for a stage ("Verifikasi")."""
    return _word("stage_label", stage, language, workflow, (f"bo.stage.{stage}", f"stage.{stage}"))


def action_label(action: str, language: str = "id", workflow: str = "") -> str:
    """An action's button label for staff ("Verifikasi & teruskan")."""
    return _word("action", action, language, workflow, (f"bo.action.{action}", f"action.{action}"))


def role_name(role: str, language: str = "id", workflow: str = "") -> str:
    """A role's name ("Sub Koordinator Perizinan"), as the workflow's data may call it."""
    return _word("role", role, language, workflow, (f"role.{role}",))


class _Formatter(string.Formatter):
    def __init__(self, language: str, tz_name: str):
        self.language = language
        self.tz_name = tz_name
        self.workflow = ""

    def vformat(self, format_string, args, kwargs):
        self.workflow = str(kwargs.get("workflow") or "")  # whose words `{stage:stage}` uses
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value, format_spec):
        if format_spec in ("date", "datetime"):
            if not value:
                return "-"
            moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
            return format_date(moment, self.language, with_time=format_spec == "datetime", tz_name=self.tz_name)
        if format_spec == "bullets":
            items = value if isinstance(value, (list, tuple)) else [value] if value else []
            return "\n".join(f"• {item}" for item in items)
        if format_spec == "words":  # {"id": …, "en": …} from the data: the reader's language
            words = value if isinstance(value, dict) else {"id": str(value or "")}
            return words.get(self.language) or words.get("id", "")
        if format_spec == "stage":
            return stage_words(value, self.language, self.workflow)
        if format_spec == "desk":  # {workflow:desk}: the desk that receives files, as that workflow calls it
            return role_name("back_office", self.language, str(value or ""))
        if format_spec == "mid":  # a label inside a sentence: "Ukuran (luas bidang)" → "ukuran (luas bidang)"
            return _mid_sentence(str(value))
        if format_spec == "working_days":  # "1 hari kerja"; "1 working day", "2 working days"
            return _working_days(value, self.language)
        return super().format_field(value, format_spec)

    def get_value(self, key, args, kwargs):
        if isinstance(key, str) and key not in kwargs:
            return ""  # a missing variable prints as nothing rather than failing a send
        return super().get_value(key, args, kwargs)


def _mid_sentence(label: str) -> str:
    """A capitalised word loses its capital; an acronym ("STR", "NPWP") keeps it."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _working_days(value, language: str) -> str:
    if language == "en":
        return f"{value} working day" if str(value) == "1" else f"{value} working days"
    return f"{value} hari kerja"


def text(key: str, language: str = "id") -> str:
    entry = MESSAGES[key]
    return entry.get(language) or entry["id"]


def render(key: str, language: str = "id", tz_name: str = OFFICE_TZ, **variables) -> str:
    template = text(key, language)
    if "{office}" in template and "office" not in variables:
        variables["office"] = front_desk.office_contact(language)
    return _Formatter(language, tz_name).format(template, **variables)


def exists(key: str) -> bool:
    return key in MESSAGES


def placeholders(key: str, language: str = "id") -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text(key, language)) if name}


class Phrase(str):
    """A catalogue text chosen where the reader is not known (a refused field deep in the
    workflow): it reads as its English wording (logs, the JSON API's messages), and a screen
    shows it in its reader's language with `in_language`."""

    key: str
    variables: dict

    def __new__(cls, key: str, **variables):
        phrase = super().__new__(cls, render(key, "en", **variables))
        phrase.key = key
        phrase.variables = variables
        return phrase

    def in_language(self, language: str) -> str:
        return render(self.key, language, **self.variables)

    def __reduce__(self):  # survives pickling (an exception crossing a process)
        return _phrase, (self.key, self.variables)


def _phrase(key: str, variables: dict) -> Phrase:
    return Phrase(key, **variables)
