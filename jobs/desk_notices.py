"""The desk notices held over quiet hours, sent when the office opens: one digest per person
("3 berkas baru menunggu di meja Bapak/Ibu: …"), or the plain desk notice when only one file
waits. The scheduler runs `sweep()` every minute; `flask desks digest --at` runs `release()` by
hand. Safe to run twice, also at once: a person's held rows are marked released in the same
transaction that queues their message, by an UPDATE that only takes rows still unreleased, so a
second run (or a restarted scheduler) finds nothing to send.

A held file that has left the stage by then (a colleague took it early), or a person who lost
the role, the WhatsApp number or the account meanwhile, is dropped from the digest. Released
rows are deleted after KEEP_RELEASED (the outbox keeps what was sent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from sqlalchemy import delete, select, update

import catalogue
import runtime
from storage import Application, HeldDeskNotice, StaffUser, utcnow
from storage.outbox import queue_message
from workflow.desk_notices import DESK_NOTICE, desk_link, desk_variables
from workflow.engine import calendar_for

DIGEST = "staff.desk_digest"
DIGEST_ITEMS = 6  # listed by name; the rest counted (a template message holds 1,024 characters)
KEEP_RELEASED = timedelta(days=30)


@dataclass
class Report:
    digests: int = 0
    notices: int = 0
    files: int = 0
    dropped: int = 0

    def summary(self) -> str:
        return (f"desk notices sent: {self.digests} digest, {self.notices} single "
                f"({self.files} files); {self.dropped} no longer waiting")


def sweep() -> str:
    """The scheduler's entry point (enqueued by dotted path)."""
    return release().summary()


def release(now: datetime | None = None, rt=None) -> Report:
    rt = rt or runtime.current()
    now = now or utcnow()
    report = Report()
    with rt.transaction() as session:
        calendar = calendar_for(session)
        base_url = rt.config.base_url
        held = session.scalars(
            select(HeldDeskNotice)
            .where(HeldDeskNotice.released_at.is_(None), HeldDeskNotice.release_at <= now)
            .order_by(HeldDeskNotice.staff_id, HeldDeskNotice.id)
        ).all()
        for staff_id, rows in groupby(held, key=lambda row: row.staff_id):
            rows = list(rows)
            if not _claim(session, rows, now):  # another run is sending this person's digest
                continue
            user = session.get(StaffUser, staff_id)
            waiting = [app for app in (_still_waiting(session, user, row) for row in rows) if app is not None]
            report.dropped += len(rows) - len(waiting)
            if not waiting:
                continue
            _send(session, user, waiting, calendar, base_url)
            report.files += len(waiting)
            if len(waiting) == 1:
                report.notices += 1
            else:
                report.digests += 1
        session.execute(delete(HeldDeskNotice).where(HeldDeskNotice.released_at < now - KEEP_RELEASED))
    return report


def _claim(session, rows: list[HeldDeskNotice], now: datetime) -> bool:
    """Mark the rows released; False (nothing marked) when another run took any of them first."""
    savepoint = session.begin_nested()
    taken = session.execute(
        update(HeldDeskNotice)
        .where(HeldDeskNotice.id.in_([row.id for row in rows]), HeldDeskNotice.released_at.is_(None))
        .values(released_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != len(rows):
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def _still_waiting(session, user: StaffUser | None, row: HeldDeskNotice) -> Application | None:
    """The file, if it still waits in the stage it was announced for and the person may act on it."""
    if user is None or not user.active or not user.whatsapp or not user.has_role(row.role):
        return None
    app = session.get(Application, row.application_id)
    if app is None or app.stage != row.stage or app.stage_entered_at != row.stage_entered_at:
        return None
    return app


def _send(session, user: StaffUser, apps: list[Application], calendar, base_url: str) -> None:
    lang = user.language
    if len(apps) == 1:
        [app] = apps
        queue_message(session, recipient=user.whatsapp, key=DESK_NOTICE, variables=desk_variables(app, calendar, base_url),
                      language=lang, staff_id=user.id, application_id=app.id, priority="notice")
        return
    apps = sorted(apps, key=lambda app: app.stage_due_at or app.stage_entered_at)  # the most urgent first
    items = [catalogue.render("staff.desk_digest_item", lang, tz_name=calendar.tz_name,
                              **desk_variables(app, calendar, base_url)) for app in apps[:DIGEST_ITEMS]]
    if len(apps) > DIGEST_ITEMS:
        items.append(catalogue.render("staff.desk_digest_more", lang, count=len(apps) - DIGEST_ITEMS))
    queue_message(session, recipient=user.whatsapp, key=DIGEST, language=lang, staff_id=user.id, priority="notice",
                  variables={"count": len(apps), "items": items, "link": desk_link(base_url)})
