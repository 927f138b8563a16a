"""`flask sla …`: the SLA monitor by hand (the scheduler runs the same scan every minute).
`flask desks digest`: the desk notices held over quiet hours, sent by hand (the scheduler too).
`flask whatsapp sync`: Twilio's Content resources (templates, reply buttons, list pickers)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup

sla_cli = AppGroup("sla", help="SLA alerts, escalations, digest and reminders.")


def parse_moment(value: str, tz_name: str) -> datetime:
    """ISO-8601; a time without an offset is office time (e.g. 2026-12-01T09:00 in WIB)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO-8601 time: {value!r} (e.g. 2026-12-01T09:00+07:00)") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(tz_name))
    return moment.astimezone(UTC)


@sla_cli.command("check")
@click.option("--at", "at", default=None, metavar="ISO-8601", help="scan as if at this time (default: now)")
def sla_check(at):
    """Run one SLA scan now (or as if at AT) and queue the alerts it finds."""
    from jobs.sla import check

    rt = current_app.extensions["runtime"]
    now = parse_moment(at, rt.config.tz_name) if at else None
    report = check(now=now, rt=rt, list_overdue=True)
    for code in report.overdue or []:
        click.echo(f"overdue: {code}")
    click.echo(report.summary())


desks_cli = AppGroup("desks", help="Desk notices: the staff told of files that reach their stage.")


@desks_cli.command("digest")
@click.option("--at", "at", default=None, metavar="ISO-8601", help="send as if at this time (default: now)")
def desks_digest(at):
    """Send the desk notices held over quiet hours whose office opening has come (as if at AT):
    one digest per person. Safe to run again: what was sent is not sent twice."""
    from jobs.desk_notices import release

    rt = current_app.extensions["runtime"]
    now = parse_moment(at, rt.config.tz_name) if at else None
    click.echo(release(now=now, rt=rt).summary())


whatsapp_cli = AppGroup("whatsapp", help="WhatsApp: Twilio Content resources and their approval.")


@whatsapp_cli.command("sync")
def whatsapp_sync():
    """Create or update every Content resource the service uses, submit the templates for
    WhatsApp's approval, read back their status and keep the SIDs in the database."""
    from jobs.contents import sync

    rt = current_app.extensions["runtime"]
    if rt.config.sandbox:
        click.echo("sandbox (no TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN): recorded for the simulator, nothing sent to Twilio")
    with rt.transaction() as session:
        report = sync(rt.config, session)
    for line in report:
        click.echo(line)
    errors = [line for line in report if ": error " in line]
    if errors:
        raise click.ClickException(f"{len(errors)} resource(s) could not be synced")
