"""The words of an application's own details (the child's name, the destination school …) and of
its applicant's name, one row per word, so the desk finds a file by them through an index instead
of reading every file's JSON or every applicant's name.

`words()` is the one normal form of a searched word — lower case, accents dropped, letters and
digits only — used both when a file's words are stored and when a query is cut into words. Every
text value of `Application.details` that a person typed is indexed; machine values (dates,
timestamps, numbers, lists) are not. The rows follow by themselves: a flush that adds a file or
changes its `details` (an applicant, their `name`) rewrites its words (`_follow`), whoever made
the change.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.base import Base

TERM_LENGTH = 40
# Byte order on PostgreSQL too, so a word's prefix is one index range (`term >= 'bud' AND term < 'bue'`)
# whatever the database's collation.
TERM_TYPE = String(TERM_LENGTH).with_variant(String(TERM_LENGTH, collation="C"), "postgresql")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


class NameTerm(Base):
    """The words of an applicant's name (one row per person, not per file)."""

    __tablename__ = "name_terms"
    __table_args__ = (Index("ix_name_terms_term", "term", "applicant_id"),)

    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id", ondelete="CASCADE"), primary_key=True)
    term: Mapped[str] = mapped_column(TERM_TYPE, primary_key=True)

    def __repr__(self) -> str:
        return f"<NameTerm of {self.applicant_id}>"


class SearchTerm(Base):
    __tablename__ = "search_terms"
    __table_args__ = (Index("ix_search_terms_term", "term", "application_id"),)

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True)
    term: Mapped[str] = mapped_column(TERM_TYPE, primary_key=True)

    def __repr__(self) -> str:  # the words are personal data (a child's name): never printed
        return f"<SearchTerm of {self.application_id}>"


def words(text: str) -> list[str]:
    """`"Nur'aini  Putri-Ayu"` → `["nuraini", "putri", "ayu"]`: what is stored and what is searched."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii").lower()
    folded = folded.replace("'", "").replace("`", "")
    return [w[:TERM_LENGTH] for w in _NOT_WORD.split(folded) if w]


def _is_machine_value(value: str) -> bool:
    try:
        (datetime if "T" in value else date).fromisoformat(value)
    except ValueError:
        return False
    return True


def detail_terms(details: dict | None) -> set[str]:
    """The words of every typed text among `details`' values."""
    found: set[str] = set()
    for value in (details or {}).values():
        if isinstance(value, str) and not _is_machine_value(value.strip()):
            found.update(words(value))
    return found


def prefix_range(prefix: str) -> tuple[str, str]:
    """The half-open range of terms that start with `prefix` (a non-empty `words()` word)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _follow(session: Session, _context, _instances) -> None:
    """Before a flush: the words of every new or changed file's details and applicant's name."""
    from storage.applicants import Applicant
    from storage.applications import Application

    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, Application) and _changed(obj, "details"):
            _rewrite(obj, "search_terms", SearchTerm, detail_terms(obj.details))
        elif isinstance(obj, Applicant) and _changed(obj, "name"):
            _rewrite(obj, "name_terms", NameTerm, set(words(obj.name or "")))


def _changed(obj, attribute: str) -> bool:
    state = inspect(obj)
    return state.pending or getattr(state.attrs, attribute).history.has_changes()


def _rewrite(obj, collection: str, model, wanted: set[str]) -> None:
    if inspect(obj).pending and not wanted:
        return
    if {t.term for t in getattr(obj, collection)} != wanted:
        setattr(obj, collection, [model(term=term) for term in sorted(wanted)])


event.listen(Session, "before_flush", _follow)
