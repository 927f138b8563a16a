"""SKM survey responses (PermenPANRB 14/2017): one per application, answers by element code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, utcnow


class SurveyResponse(Base):
    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    answers: Mapped[dict] = mapped_column(default=dict)  # {"U1": 4, …, "U9": 3}
    profile: Mapped[dict] = mapped_column(default=dict)  # optional: gender, age band, education, job
    suggestion: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | completed | skipped
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
