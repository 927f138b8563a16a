"""The IKM report over a period (office dates, inclusive) and optionally one service.

Only completed responses count; the period is that of the completion. Figures come from
workflow.skm.compute_ikm (exact), so the dashboard, the API and the CSV agree.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import Service, SurveyResponse
from workflow.periods import Period
from workflow.skm import CODES, IkmResult, compute_ikm
from workflow.spreadsheet import safe_cell

PROFILE_FIELDS = ("gender", "age", "education", "occupation")


def completed_responses(session: Session, period: Period, tz_name: str, service_code: str | None = None) -> list[SurveyResponse]:
    lo, hi = period.bounds(tz_name)
    stmt = select(SurveyResponse).where(
        SurveyResponse.status == "completed", SurveyResponse.completed_at >= lo, SurveyResponse.completed_at < hi
    )
    if service_code:
        stmt = stmt.join(Service, Service.id == SurveyResponse.service_id).where(Service.code == service_code)
    return list(session.scalars(stmt.order_by(SurveyResponse.completed_at, SurveyResponse.id)))


def ikm(responses: list[SurveyResponse]) -> IkmResult:
    return compute_ikm(r.answers for r in responses)


def monthly(responses: list[SurveyResponse], tz_name: str) -> list[tuple[str, IkmResult]]:
    """IKM per calendar month (office time), oldest first: the trend."""
    tz = ZoneInfo(tz_name)
    months: dict[str, list[SurveyResponse]] = defaultdict(list)
    for r in responses:
        months[r.completed_at.astimezone(tz).strftime("%Y-%m")].append(r)
    return [(month, ikm(rows)) for month, rows in sorted(months.items())]


def suggestions(responses: list[SurveyResponse], tz_name: str) -> list[tuple[date, str]]:
    tz = ZoneInfo(tz_name)
    return [(r.completed_at.astimezone(tz).date(), r.suggestion) for r in reversed(responses) if r.suggestion]


CSV_HEADER = ("service", "completed_on", *CODES, *PROFILE_FIELDS, "suggestion")


def csv_rows(session: Session, responses: list[SurveyResponse], tz_name: str):
    """One row per response without personal data: no name, NIK, phone or tracking code."""
    tz = ZoneInfo(tz_name)
    services = {s.id: s.code for s in session.scalars(select(Service))}
    yield CSV_HEADER
    for r in responses:
        yield (
            services.get(r.service_id, ""),
            r.completed_at.astimezone(tz).date().isoformat(),
            *(r.answers.get(code, "") for code in CODES),
            *((r.profile or {}).get(name) or "" for name in PROFILE_FIELDS),
            safe_cell(r.suggestion),
        )

