"""Applicants: citizens who reach us over WhatsApp."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, String, Text, false, func, literal_column
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.base import Base, utcnow
from storage.search_terms import NameTerm


class Applicant(Base):
    __tablename__ = "applicants"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Twilio's `From` without the `whatsapp:` prefix: E.164 (+62…) or a business-scoped user id.
    whatsapp: Mapped[str] = mapped_column(String(64), unique=True)
    wa_id: Mapped[str | None] = mapped_column(String(64))
    profile_name: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(200))
    nik: Mapped[str | None] = mapped_column(String(16), unique=True)
    address: Mapped[str | None] = mapped_column(Text)
    kecamatan: Mapped[str | None] = mapped_column(String(16))  # "14.07.01" … or "luar"
    language: Mapped[str] = mapped_column(String(2), default="id")
    consent_at: Mapped[datetime | None]
    # Proof of consent (UU 27/2022 Pasal 24): which privacy notice was agreed to, in which message.
    consent_version: Mapped[str | None] = mapped_column(String(20))
    consent_message_sid: Mapped[str | None] = mapped_column(String(64))
    # HAPUS DATA asked while a file was still open: the erasure finishes when the file closes.
    erasure_requested_at: Mapped[datetime | None]
    activated_at: Mapped[datetime | None]
    last_inbound_at: Mapped[datetime | None]  # opens WhatsApp's 24-hour window
    # A document waits for the applicant's next message (its template could not carry it).
    # (No Python-side default: an INSERT that does not name it leaves it to the database.)
    documents_held: Mapped[bool] = mapped_column(Boolean, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The words of `name`, for the desk's search (storage/search_terms.py keeps them in step).
    name_terms: Mapped[list[NameTerm]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    @property
    def is_active(self) -> bool:
        return self.activated_at is not None

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)

    def __repr__(self) -> str:  # never print the NIK
        return f"<Applicant {self.id}>"


# The NIK's last four digits (its serial number) as an indexed expression: the desk finds a file by
# "the last digits of the NIK" through it. Literal constants, not bound parameters, so that SQLite
# matches the query's expression with the index's.
NIK_TAIL = 4


def nik_tail(nik_column):
    return func.substr(nik_column, literal_column("13"), literal_column(str(NIK_TAIL)))


Index("ix_applicants_nik_tail", nik_tail(Applicant.nik))


def mask_nik(nik: str | None) -> str:
    """`1407********0001`: region and serial stay readable, birth date is hidden."""
    if not nik:
        return ""
    if len(nik) != 16:
        return "*" * len(nik)
    return nik[:4] + "*" * 8 + nik[12:]


def mask_name(name: str | None) -> str:
    """`S*** A*****`: the initial of each word, its length hinted, for public pages."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in (name or "").split())
