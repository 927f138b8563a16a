"""The retention sweep (daily, jobs.sweeps.PERIODIC) and the removal of erased files.

`sweep()` applies workflow/retention.py's rules in one transaction, then removes from the file
store (local folder or S3) the files no remaining document refers to. `remove_files(digests)`
does that last step for HAPUS DATA, queued by the bot after its commit. `report()` is the dry
run behind `flask retention report`.
"""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

import runtime
from jobs.twilio_media import queue_deletion, requeue_missed
from storage import utcnow
from workflow.retention import Plan, apply, plan, unreferenced

log = logging.getLogger(__name__)


def remove_files(digests: list[str]) -> int:
    """Remove these files unless a document row still refers to them (checked right before)."""
    rt = runtime.current()
    with rt.transaction() as session:
        gone = unreferenced(session, digests)
    removed = sum(1 for digest in sorted(gone) if rt.files.delete(digest))
    log.info("retention: %d file(s) removed from the store", removed)
    return removed


def sweep(now=None) -> dict[str, int]:
    rt = runtime.current()
    now = now or utcnow()
    with rt.transaction() as session:
        todo = plan(session, now, rt.config.retention)
        removed = apply(session, todo, now)
    files = remove_files(sorted(removed.digests)) if removed.digests else 0
    for url in sorted(removed.media):  # files no document took, or whose document went: nothing at Twilio
        queue_deletion(rt, url)
    result = {**todo.counts(), "files": files, "twilio_media": requeue_missed(rt) + len(removed.media)}
    log.info("retention sweep: %s", result)  # counts only, never what was deleted
    return result


def report(now=None, rt=None) -> Plan:
    rt = rt or runtime.current()
    with rt.sessions() as session:
        return plan(session, now or utcnow(), rt.config.retention)


retention_cli = AppGroup("retention", help="Personal data retention (UU 27/2022).")


@retention_cli.command("report")
def retention_report():
    """What the retention sweep would delete now, without deleting anything."""
    rt = current_app.extensions["runtime"]
    todo = report(rt=rt)
    periods = rt.config.retention
    click.echo(f"Retention periods: drafts {periods['draft_days']} days, refused documents "
               f"{periods['refused_days']} days, requirement scans {periods['scan_years']} years after "
               f"closing, conversation payloads {periods['payload_days']} days, questions to the staff "
               f"{periods['question_days']} days (office to confirm).")
    lines = [("abandoned drafts (with their documents)", todo.drafts),
             ("refused documents", todo.refused),
             ("requirement scans of closed files", todo.scans),
             ("applicants whose pending erasure can finish", todo.erasures)]
    for label, ids in lines:
        shown = ", ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")
        click.echo(f"{label}: {len(ids)}" + (f" (ids {shown})" if ids else ""))
    click.echo(f"inbound messages older than the payload period: {todo.messages}")
    click.echo(f"questions to the staff older than their period: {todo.questions}")
    click.echo(f"messages whose files no document took, to delete at Twilio: {todo.media_messages}")
    click.echo("dry run: nothing was deleted")
