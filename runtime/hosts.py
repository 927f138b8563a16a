"""No per-host state: what every host of a several-machine deployment must share, checked at start-up.

The embedded defaults (SQLite, the embedded Redis, a local folder) are for one machine and need
nothing. As soon as any of `DATABASE_URL`, `REDIS_URL` or `STORAGE_URL` names a shared service,
the deployment may span machines, and anything a host would otherwise make for itself would
differ between hosts:

- `SECRET_KEY`: signs sessions, media links, the activation-code key and the sandbox webhook
  token; one generated per host makes a link signed on a worker fail on the web host;
- the database: a SQLite file is one host's;
- the file store: a `file://` folder is one host's, unless `SINGLE_HOST=1` says every process
  runs on this machine;
- the development signing certificate: made per host, it would sign with keys the other hosts'
  verification page does not trust; with `TTE_CERT_P12` unset it must come from the shared store
  (`flask tte share-dev-certificate` puts it there once).

`problems(config)` lists what is wrong, one clear line each; the web app, the worker, the
scheduler and `flask preflight` refuse to start while the list is not empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

from config import Config

DEV_P12, DEV_CERT_PEM = "tte-dev.p12", "tte-dev-cert.pem"  # as workflow.paperwork.tte names them
SHARED_DEV_P12, SHARED_DEV_PEM = "tte-dev-p12", "tte-dev-cert-pem"  # their names in the shared store


def shared_services(config: Config) -> list[str]:
    """Which of the settings name a service other hosts can reach (empty: the embedded defaults)."""
    named = []
    if config.database_url and not config.sqlalchemy_url.startswith("sqlite"):
        named.append("DATABASE_URL")
    if config.redis_url and not config.redis_url.startswith("unix://"):
        named.append("REDIS_URL")
    if config.storage_url.startswith("s3://"):
        named.append("STORAGE_URL")
    return named


def problems(config: Config) -> list[str]:
    shared = shared_services(config)
    if not shared:
        return []
    why = " and ".join(shared) + (" names" if len(shared) == 1 else " name") + " a shared service"
    found = []
    if not config.secret_key_given:
        found.append(f"SECRET_KEY is not set: {why}, so every host needs the same SECRET_KEY "
                     "(a host-made one breaks media links, sessions and activation codes across hosts)")
    if config.sqlalchemy_url.startswith("sqlite"):
        found.append(f"the database is a SQLite file on this host: {why}; set DATABASE_URL to PostgreSQL")
    if config.files_url.startswith("file://") and not config.single_host:
        found.append(f"the file store is a folder on this host ({config.files_url}): {why}; set STORAGE_URL=s3://… "
                     "so every host reads the same documents, or SINGLE_HOST=1 if every process runs on this machine")
    if not config.tte_cert_p12 and not config.single_host and config.files_url.startswith("s3://"):
        if not _dev_certificate_shared(config):
            found.append("TTE_CERT_P12 is not set and the development certificate is not in the shared store: "
                         "set TTE_CERT_P12 to the head of office's certificate, or run "
                         "'flask tte share-dev-certificate' once to share a development one")
    return found


def _store(config: Config):
    from storage.files import open_store

    return open_store(config.files_url, config.instance_path / "files-cache", endpoint_url=config.s3_endpoint_url)


def _dev_certificate_shared(config: Config) -> bool:
    try:
        return _store(config).get_named(SHARED_DEV_P12) is not None
    except Exception:  # noqa: BLE001 - an unreachable store is reported by the store's own check
        return True


def fetch_dev_certificate(config: Config) -> bool:
    """Copy the shared development certificate into this host's instance/ (where signing looks).

    True when there was one to copy. A host that signs with the development certificate then
    signs with the same key as every other host, and the verification page trusts it everywhere.
    """
    if config.tte_cert_p12 or not config.files_url.startswith("s3://"):
        return False
    store = _store(config)
    p12, pem = store.get_named(SHARED_DEV_P12), store.get_named(SHARED_DEV_PEM)
    if p12 is None or pem is None:
        return False
    instance = Path(config.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    for name, data in ((DEV_P12, p12), (DEV_CERT_PEM, pem)):
        target = instance / name
        if not target.exists() or target.read_bytes() != data:
            tmp = target.with_suffix(".incoming")
            tmp.write_bytes(data)
            tmp.chmod(0o600)
            tmp.replace(target)
    return True


def share_dev_certificate(config: Config) -> str:
    """Put this host's development certificate (made now if needed) into the shared store, once.

    If another host shared one first, that one wins and is copied here instead.
    """
    from workflow.paperwork.tte import ensure_dev_certificate

    store = _store(config)
    if store.get_named(SHARED_DEV_P12) is not None:
        fetch_dev_certificate(config)
        return "already shared; copied to this host"
    instance = Path(config.instance_path)
    ensure_dev_certificate(instance, config.tte_dev_passphrase)
    store.put_named(SHARED_DEV_PEM, (instance / DEV_CERT_PEM).read_bytes())
    store.put_named(SHARED_DEV_P12, (instance / DEV_P12).read_bytes())
    return "shared"


def prepare_or_exit(config: Config, what: str) -> None:
    """Start-up of a process (`what`): refuse with one line per problem, else fetch shared state."""
    found = problems(config)
    if found:
        for line in found:
            print(f"error: {what}: {line}", file=sys.stderr, flush=True)
        sys.exit(2)
    if shared_services(config):
        fetch_dev_certificate(config)
