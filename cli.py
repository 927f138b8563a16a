"""`flask …` commands: db, staff, demo, sop, services, history, preflight (CONTRACT.md)."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from storage import ROLES, StaffUser
from storage.staff import issue_token, staff_by_username

ROOT = Path(__file__).resolve().parent

# The demo staff: one per role, with the passwords `make run` prints.
DEMO_STAFF = (
    ("backoffice", "Rina Back Office", ["back_office"], "+6281100000001"),
    ("teknis", "Budi Tim Teknis", ["technical_team"], "+6281100000002"),
    ("subkoor", "Sari Sub Koordinator", ["sub_coordinator"], "+6281100000003"),
    ("koor", "Andi Koordinator", ["coordinator"], "+6281100000004"),
    ("kadis", "Kepala Dinas (Demo)", ["head_of_office"], "+6281100000005"),
    ("pengawas", "Dewi Pengawas", ["supervisor"], "+6281100000006"),
    ("admin", "Admin Sistem", ["admin"], None),
)
DEMO_NIP = "199001012020011001"  # the demo Kadis signs specimen letters only (development certificate)
DEMO_PASSWORD = "demo12345"  # noqa: S105 - the documented demo password


def _runtime():
    return current_app.extensions["runtime"]


def alembic_config(url: str):
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["sqlalchemy_url"] = url
    return cfg


def upgrade_database(url: str, revision: str = "head") -> None:
    from alembic import command

    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


db_cli = AppGroup("db", help="Database migrations (Alembic).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision):
    """Migrate the database to REVISION (default: head)."""
    upgrade_database(_runtime().config.sqlalchemy_url, revision)
    click.echo("database is up to date")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision):
    from alembic import command

    command.downgrade(alembic_config(_runtime().config.sqlalchemy_url), revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message):
    """Autogenerate a migration from the models."""
    from alembic import command

    command.revision(alembic_config(_runtime().config.sqlalchemy_url), message=message, autogenerate=True)


staff_cli = AppGroup("staff", help="Staff users.")


@staff_cli.command("create")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES))
@click.option("--password", required=True)
@click.option("--whatsapp", default=None, help="E.164 number, e.g. +6281234567890")
@click.option("--name", "full_name", default="", help="full name as printed on what they sign or receive")
@click.option("--nip", default="", help="18-digit NIP (Nomor Induk Pegawai); required for head_of_office")
def staff_create(username, roles, password, whatsapp, full_name, nip):
    """Create a staff user (or update the roles/password of an existing one, whatever the case
    of the name given: usernames are unique ignoring case, as in the back office)."""
    from backoffice.staff_accounts import NIP_PATTERN, USERNAME_PATTERN
    from storage.phones import normalise_msisdn

    with _runtime().transaction() as session:
        user = staff_by_username(session, username)
        if user is None:
            username = username.strip().lower()
            if not USERNAME_PATTERN.fullmatch(username):
                raise click.BadParameter("3–40 characters: lower-case letters, digits, '.', '_' or '-'", param_hint="USERNAME")
            user = StaffUser(username=username)
            session.add(user)
        username = user.username
        user.full_name = full_name or user.full_name or username
        nip = "".join(nip.split())
        if nip and not NIP_PATTERN.fullmatch(nip):
            raise click.BadParameter("a NIP has 18 digits", param_hint="--nip")
        user.nip = nip or user.nip
        if "head_of_office" in roles and not user.nip:
            raise click.BadParameter("the head of office signs letters: give the 18-digit NIP", param_hint="--nip")
        try:
            user.set_password(password)
            user.whatsapp = normalise_msisdn(whatsapp) if whatsapp else user.whatsapp
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
        user.set_roles(roles)
    click.echo(f"staff user {username} has roles {', '.join(sorted(roles))}")


def _existing_staff(session, username: str) -> StaffUser:
    user = staff_by_username(session, username)
    if user is None:
        raise click.ClickException(f"no staff user {username}")
    return user


@staff_cli.command("token")
@click.argument("username")
def staff_token(username):
    """Print a new API token for USERNAME."""
    with _runtime().transaction() as session:
        click.echo(issue_token(session, _existing_staff(session, username)))


@staff_cli.command("revoke-tokens")
@click.argument("username")
def staff_revoke_tokens(username):
    """Revoke every API token of USERNAME (the web's "Cabut semua token")."""
    from backoffice.staff_accounts import revoke_all_tokens

    with _runtime().transaction() as session:
        change = revoke_all_tokens(session, _existing_staff(session, username))
    change.log(by="cli")
    click.echo(f"{change.count} API token(s) of {username} revoked")


demo_cli = AppGroup("demo", help="Demo data.")


@functools.cache
def _demo_password_hash() -> str:
    """One argon2 hash of the shared demo password (hashing is slow on purpose)."""
    probe = StaffUser(username="probe")
    probe.set_password(DEMO_PASSWORD)
    return probe.password_hash


def seed_demo(session) -> None:
    from workflow.service_data import sync_services

    sync_services(session)
    for username, name, roles, whatsapp in DEMO_STAFF:
        user = session.scalar(select(StaffUser).where(StaffUser.username == username))
        if user is None:
            user = StaffUser(username=username, full_name=name, whatsapp=whatsapp, password_hash=_demo_password_hash(),
                             nip=DEMO_NIP if "head_of_office" in roles else "")
            user.set_roles(roles)
            session.add(user)
    session.flush()


@demo_cli.command("seed")
def demo_seed():
    """The demo staff (one per role) and the default service."""
    with _runtime().transaction() as session:
        seed_demo(session)
    click.echo("demo staff and services are in place; every demo password is " + DEMO_PASSWORD)


@demo_cli.command("pdfs")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def demo_pdfs(directory):
    """Write one small sample PDF per requirement of the default service into DIRECTORY."""
    from simulator.sample_pdfs import write_samples

    for path in write_samples(directory):
        click.echo(path)


services_cli = AppGroup("services", help="Services and their requirements.")


@services_cli.command("check")
def services_check():
    """Validate the service and workflow data files (one line per problem; exit 1 if any)."""
    from workflow.validation import check_services

    problems = check_services()
    for line in problems:
        click.echo(f"error: {line}", err=True)
    if problems:
        sys.exit(1)
    click.echo("the service and workflow files are sound")


@services_cli.command("sync")
def services_sync():
    """Load workflow/definitions/services.toml into the database (refused while `services check` finds problems)."""
    from workflow.service_data import sync_services
    from workflow.validation import check_services

    problems = check_services()
    for line in problems:
        click.echo(f"error: {line}", err=True)
    if problems:
        click.echo("error: nothing was synced; fix the lines above (flask services check)", err=True)
        sys.exit(1)
    with _runtime().transaction() as session:
        services = sync_services(session)
    for s in services:
        click.echo(f"{s.code}: {s.name} ({sum(r.active for r in s.requirements)} requirements)")


sop_cli = AppGroup("sop", help="The SOP as data.")


@sop_cli.command("diagram")
@click.option("--workflow", "key", default="rekomendasi")
def sop_diagram(key):
    """Print the workflow as a Mermaid state diagram."""
    from workflow.definition import load

    click.echo(load(key).mermaid())


history_cli = AppGroup("history", help="The files' history.")


@history_cli.command("fill-minutes")
@click.option("--batch", default=500, show_default=True, type=click.IntRange(1, 100_000), help="applications per transaction")
def history_fill_minutes(batch):
    """Work out the stage working minutes of history rows written before they were recorded, and
    give rows written before 0021 their file's service (the dashboard's medians per service).

    The release step runs this after `flask db upgrade`; a second run fills only what is left.
    """
    import time

    from workflow.stage_minutes import fill_missing, fill_services

    said = [time.monotonic()]

    def progress(filled: int) -> None:  # a line every 10 seconds, not one a batch
        if time.monotonic() - said[0] >= 10:
            said[0] = time.monotonic()
            click.echo(f"  {filled:,} rows filled so far")

    filled = fill_missing(_runtime().sessions, batch=batch, progress=progress)
    click.echo(f"{filled:,} history rows given their working minutes" if filled else "every history row has its working minutes")
    said[0] = time.monotonic()
    filled = fill_services(_runtime().sessions, batch=batch, progress=progress)
    click.echo(f"{filled:,} history rows given their file's service" if filled else "every history row has its file's service")


@click.command("preflight")
@with_appcontext
def preflight():
    """Exit non-zero with one clear line if the database or Redis cannot be reached, or if this
    looks like a deployment left in sandbox mode (no Twilio account)."""
    refusal = current_app.config["APP_CONFIG"].sandbox_refusal()
    if refusal:
        click.echo(f"error: refusing sandbox mode: {refusal}", err=True)
        sys.exit(1)
    rt = _runtime()
    db_error = rt.check_database()
    if db_error:
        click.echo(f"error: cannot reach the database ({_where(rt.config.sqlalchemy_url)}): {db_error}", err=True)
        sys.exit(1)
    redis_error = rt.check_redis()
    if redis_error:
        where = _where(rt.config.redis_url) if rt.config.redis_url else "embedded"
        click.echo(f"error: cannot reach Redis ({where}): {redis_error}", err=True)
        sys.exit(1)
    files_error = rt.check_files()
    if files_error:
        click.echo(f"error: the file store ({_where(rt.config.files_url)}) does not write, read and delete: {files_error}",
                   err=True)
        sys.exit(1)
    from runtime.hosts import problems

    for line in problems(rt.config):
        click.echo(f"error: {line}", err=True)
    if problems(rt.config):
        sys.exit(1)
    click.echo("database, Redis and the file store answer; nothing is kept per host")


def _where(url: str) -> str:
    """A URL without its credentials, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a SQLAlchemy URL (e.g. redis://)
        return url.split("@")[-1]


tte_cli = AppGroup("tte", help="The signing certificate.")


@tte_cli.command("share-dev-certificate")
@with_appcontext
def share_dev_certificate_command():
    """Put the development signing certificate in the shared store so every host signs alike."""
    from runtime.hosts import share_dev_certificate

    config = _runtime().config
    if config.tte_cert_p12:
        click.echo("TTE_CERT_P12 is set: every host signs with that certificate; nothing to share")
        return
    if not config.files_url.startswith("s3://"):
        click.echo("the file store is a folder on this host: the development certificate is already this host's")
        return
    click.echo("development certificate: " + share_dev_certificate(config))


def register_cli(app: Flask) -> None:
    for group in (db_cli, staff_cli, demo_cli, services_cli, sop_cli, history_cli, tte_cli):
        app.cli.add_command(group)
    from jobs.cli import desks_cli, sla_cli, whatsapp_cli
    from jobs.retention import retention_cli

    app.cli.add_command(sla_cli)
    app.cli.add_command(desks_cli)
    app.cli.add_command(whatsapp_cli)
    app.cli.add_command(retention_cli)
    app.cli.add_command(preflight)
