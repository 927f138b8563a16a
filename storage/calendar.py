"""Office-calendar overrides on top of the national holiday list (closures, extra work days)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base


class CalendarOverride(Base):
    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(primary_key=True)
    closed: Mapped[bool] = mapped_column(Boolean, default=True)  # False: open on a listed holiday
    note: Mapped[str] = mapped_column(String(200), default="")
