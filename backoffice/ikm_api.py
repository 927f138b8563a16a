"""GET /api/v1/reports/ikm?from=&to=[&service=]: the satisfaction index over a period.

Aggregates only (no personal data), so every staff token may read it. `from`/`to` are office
dates (YYYY-MM-DD, inclusive; default 1 January of this year up to today).
"""

from __future__ import annotations

from flask import request

from backoffice import service_scope
from backoffice.api import ApiError, api_route
from runtime.request_scope import db
from storage import utcnow
from workflow import engine, skm_report
from workflow.periods import parse_period


def period_from_request(calendar, default: str = "year"):
    """The `from`/`to` query parameters as a Period (workflow.periods); a bad one (or an empty
    one: the schema's `format: date` admits no empty string) is a 400."""
    given = {name: request.args.get(name) for name in ("from", "to")}
    try:
        if "" in given.values():
            raise ValueError("an empty date")
        return parse_period(given["from"], given["to"], calendar.local(utcnow()).date(), default=default)
    except ValueError as exc:
        raise ApiError(400, "bad_request", "from and to are dates YYYY-MM-DD") from exc


@api_route("/reports/ikm")
def ikm_report():
    calendar = engine.calendar_for(db())
    period = period_from_request(calendar)
    chosen = service_scope.from_api(db())
    service = chosen.code if chosen else None
    responses = skm_report.completed_responses(db(), period, calendar.tz_name, service)
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "service": service,
        **skm_report.ikm(responses).as_dict(),
    }
