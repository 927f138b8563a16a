"""GET /api/v1/reports/register?from=&to=[&service=]: the register's summary over a period.

Aggregates only (counts, the median working time, the share within the SOP's standard), so
every staff token may read it, like the IKM report. `from`/`to` are office dates
(YYYY-MM-DD, inclusive; default the first of this month up to today); a bad one is a 400.
"""

from __future__ import annotations

from backoffice import register_report, service_scope
from backoffice.api import api_route
from backoffice.ikm_api import period_from_request
from runtime.request_scope import db
from storage import utcnow
from workflow import engine


@api_route("/reports/register")
def register_summary():
    calendar = engine.calendar_for(db())
    period = period_from_request(calendar, default="month")
    service = service_scope.from_api(db())
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "service": service.code if service else None,
        **register_report.summary(db(), period, calendar, utcnow(), service).as_dict(),
    }
