"""What the desk searches for and filters by: one `Search`, read from a query string, a form or a
JSON body (`parse`), turned into SQL on `Application` (`condition`, `order`).

The search box takes what a caller reads out at the counter or on the phone:

- a tracking code (`APS-2026-000123`, any case) or an issued letter number (`400.9/12/DPMPTSP-REK/2026`),
  matched whole through their unique indexes;
- a number: the whole NIK (16 digits) or its last digits (4 or more, through the index on the
  NIK's last four, storage/applicants.py), and a WhatsApp number as people write it (`0812…`,
  `+62 812-…`, `62812…`, normalised like the bot does, storage/phones.py);
- words: the beginnings of the words of the applicant's name, or of the file's own details — the
  child's name, the destination school (every word typed must begin one of them; accents, case
  and apostrophes do not matter; storage/search_terms.py).

Filters: stage, service, submitted between two office dates (inclusive), overdue now; sorted by
due time either way (files without a due time last). Unknown or empty values are refused with a
`BadSearch` naming the field — never silently dropped — except that a web form's empty field
means "any" (`strict=False`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, intersect, or_, select

from backoffice.sla import is_overdue
from storage import Applicant, Application, NameTerm, SearchTerm, Service
from storage.applicants import NIK_TAIL, nik_tail
from storage.digits import MAX_ROW_ID, ascii_digits, row_id
from storage.phones import normalise_msisdn
from storage.search_terms import prefix_range, words
from workflow.definition import all_workflows, service_definitions

SORTS = ("due", "-due")
MAX_QUERY = 100
MIN_NIK_DIGITS = 4
NIK_LENGTH = 16
FIELDS = ("q", "stage", "service", "submitted_from", "submitted_to", "overdue", "sort", "page")
_NUMBER_PUNCTUATION = re.compile(r"[\s\-.()]")
_DATE = re.compile(r"(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}")  # the OpenAPI's pattern: years an office date can be


class BadSearch(ValueError):
    """A search parameter that cannot be used: `field`, the catalogue key of the reason (the web
    shows it) and an English message (the API's)."""

    def __init__(self, field: str, key: str, message: str):
        super().__init__(message)
        self.field, self.key, self.message = field, key, message


@dataclass(frozen=True)
class Search:
    q: str = ""
    stage: str | None = None
    service: str | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    overdue: bool = False
    sort: str = "due"
    page: int = 1

    @property
    def narrows(self) -> bool:
        """Whether this looks beyond the user's desk (a query or a filter), not only sorts it."""
        return bool(self.q or self.stage or self.service or self.submitted_from or self.submitted_to or self.overdue)


FILTERS = ("stage", "service", "submitted_from", "submitted_to", "overdue")  # what the desk shows as active


def active_filters(search: Search) -> tuple[str, ...]:
    """The filters `search` applies, in the form's order (the desk names each with a way to drop it)."""
    return tuple(name for name in FILTERS if getattr(search, name))


def without(values, drop: str) -> dict:
    """A form's values less one filter (`drop`, or "all" of them) and the page (a new result)."""
    gone = set(FILTERS) if drop == "all" else {drop}
    return {k: values.get(k) for k in values if k in FIELDS and k not in gone and k != "page"}


def stage_names() -> tuple[str, ...]:
    """Every stage a submitted file can be in (drafts are nobody's business but the applicant's)."""
    names = [name for flow in all_workflows() for name in flow.stages if name != "draft"]
    return tuple(dict.fromkeys(names))


def service_codes() -> tuple[str, ...]:
    return tuple(spec["code"] for spec in service_definitions())


# ---- reading the parameters -----------------------------------------------------------------
def parse(values, *, strict: bool, from_json: bool = False) -> Search:
    """A `Search` from a mapping of parameters (query string, form or JSON object).
    `strict`: an empty value is refused (the API); otherwise it means "any" (a web form).
    `from_json`: the values keep their JSON types (`page` a whole number, the rest text)."""
    found = {}
    for name in FIELDS:
        if name not in values:
            continue
        raw = values.get(name)
        wanted = int if from_json and name == "page" else str
        if isinstance(raw, bool) or not isinstance(raw, wanted):
            raise BadSearch(name, "desk.bad.type", f"{name} must be {'a whole number' if wanted is int else 'text'}")
        raw = str(raw)
        if "\x00" in raw:
            raise BadSearch(name, "desk.bad.type", f"{name} must not hold a NUL character")
        if name == "q":  # an empty query is no query, as before
            found["q"] = _query(raw, strict)
        elif raw == "" or (not strict and raw.strip() == ""):
            if strict:
                raise BadSearch(name, "desk.bad.empty", f"{name} must not be empty (leave it out for any)")
        else:  # the API's values are taken as they are; a form's lose the spaces around them
            found[name] = _READERS[name](raw if strict else raw.strip())
    search = Search(**found)
    if search.submitted_from and search.submitted_to and search.submitted_from > search.submitted_to:
        raise BadSearch("submitted_to", "desk.bad.range", "submitted_to must not be before submitted_from")
    return search


def _query(raw: str, strict: bool) -> str:
    if strict and len(raw) > MAX_QUERY:  # as typed (the OpenAPI's maxLength), before spaces fold
        raise BadSearch("q", "desk.bad.long", f"q must be at most {MAX_QUERY} characters")
    return " ".join(raw.split())[:MAX_QUERY]


def _choice(name: str, allowed):
    def read(raw: str) -> str:
        if raw not in allowed():
            raise BadSearch(name, f"desk.bad.{name}", f"{name} must be one of: {', '.join(allowed())}")
        return raw
    return read


def _date(name: str):
    def read(raw: str) -> date:
        try:
            if not _DATE.fullmatch(raw):
                raise ValueError(raw)
            return date.fromisoformat(raw)
        except ValueError:
            raise BadSearch(name, "desk.bad.date", f"{name} must be a date as YYYY-MM-DD, 1900–2099") from None
    return read


def _overdue(raw: str) -> bool:
    if raw not in ("true", "false"):
        raise BadSearch("overdue", "desk.bad.overdue", "overdue must be true or false")
    return raw == "true"


def _page(raw: str) -> int:
    number = row_id(raw)
    if number is None:
        raise BadSearch("page", "desk.bad.page", f"page must be a whole number from 1 to {MAX_ROW_ID}")
    return number


_READERS = {
    "stage": _choice("stage", stage_names),
    "service": _choice("service", service_codes),
    "sort": _choice("sort", lambda: SORTS),
    "submitted_from": _date("submitted_from"),
    "submitted_to": _date("submitted_to"),
    "overdue": _overdue,
    "page": _page,
}


# ---- SQL ------------------------------------------------------------------------------------
def condition(search: Search, *, now: datetime, tz) -> ColumnElement | None:
    """The SQL condition on Application for `search`'s query and filters (None: no narrowing)."""
    parts = []
    if search.q:
        parts.append(matches(search.q))
    if search.stage:
        parts.append(Application.stage == search.stage)
    if search.service:
        parts.append(Application.service_id.in_(select(Service.id).where(Service.code == search.service)))
    if search.submitted_from:
        parts.append(Application.submitted_at >= _office_midnight(search.submitted_from, tz))
    if search.submitted_to:
        parts.append(Application.submitted_at < _office_midnight(search.submitted_to + timedelta(days=1), tz))
    if search.overdue:
        parts.append(is_overdue(now))
    return and_(*parts) if parts else None


def _office_midnight(day: date, tz) -> datetime:
    return datetime.combine(day, time(0), tz)


def order(search: Search) -> tuple:
    """Due time, soonest first (`due`) or latest first (`-due`); files without one last."""
    if search.sort == "-due":
        return Application.stage_due_at.is_(None), Application.stage_due_at.desc(), Application.id.desc()
    return Application.stage_due_at.is_(None), Application.stage_due_at, Application.id


def matches(q: str) -> ColumnElement:
    """The files `q` names: see the module's docstring. Every branch goes through an index."""
    text = ascii_digits(q).strip()
    upper = text.upper()
    found = [Application.tracking_code == upper, Application.issued_number == re.sub(r"\s*/\s*", "/", upper)]
    who = []
    compact = _NUMBER_PUNCTUATION.sub("", text)
    if compact.lstrip("+").isdigit():
        digits = compact.lstrip("+")
        if len(digits) == NIK_LENGTH and not compact.startswith("+"):
            who.append(Applicant.nik == digits)
        elif MIN_NIK_DIGITS <= len(digits) < NIK_LENGTH and not compact.startswith("+"):
            who.append(and_(nik_tail(Applicant.nik) == digits[-NIK_TAIL:], Applicant.nik.like(f"%{digits}")))
        phone = _phone(text)
        if phone:
            who.append(Applicant.whatsapp == phone)
        if who:
            found.append(Application.applicant_id.in_(select(Applicant.id).where(or_(*who))))
    elif wanted := words(text):
        found.append(Application.applicant_id.in_(_having_words(NameTerm.applicant_id, NameTerm.term, wanted)))
        found.append(Application.id.in_(_having_words(SearchTerm.application_id, SearchTerm.term, wanted)))
    return or_(*found)


def _having_words(key, term, wanted: list[str]):
    """The ids that have, for every word wanted, a word starting with it: one range of the terms'
    index per word, intersected before any file is read (a common first name alone matches
    thousands; with the family name, a few dozen)."""
    ranges = [select(key).where(term >= low, term < high) for low, high in map(prefix_range, dict.fromkeys(wanted))]
    return ranges[0] if len(ranges) == 1 else intersect(*ranges)


def _phone(text: str) -> str | None:
    try:
        return normalise_msisdn(text)
    except ValueError:
        return None


def is_short_number(q: str) -> bool:
    """A number too short to be a NIK's last digits (the desk says how many it needs)."""
    compact = _NUMBER_PUNCTUATION.sub("", ascii_digits(q or ""))
    return compact.isdigit() and len(compact) < MIN_NIK_DIGITS
