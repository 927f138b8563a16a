"""Settings from the environment (README "Configuration" lists every name), with embedded defaults.

Nothing here touches the network. `Config.from_env()` reads the environment (and `.env`) and is
the only reader of it in the project (tests/test_architecture.py holds every other module to
that); the rest of the code receives the typed `Config`. Tests build a `Config` directly with
the fields they need. A field set from the environment is set from its name in capitals.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# The office's time zone (WIB), said here once; TZ_NAME changes it for a deployment, and every
# default elsewhere (clock, dates in texts and documents) takes it from here.
OFFICE_TZ = "Asia/Jakarta"
DEFAULT_INSTANCE = ROOT / "instance"


def _load_dotenv() -> None:
    env_file = ROOT / ".env"
    if env_file.exists():
        from dotenv import load_dotenv

        load_dotenv(env_file, override=False)


def _secret_key(instance: Path) -> str:
    """The SECRET_KEY, or one generated once into instance/ and kept."""
    key_file = instance / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


_TUNABLES = ("outbox_lease_seconds", "outbox_max_attempts", "outbox_retry_base_seconds", "outbox_retry_cap_seconds",
             "outbox_sweep_grace_seconds", "outbox_ambiguous_wait_seconds", "twilio_http_timeout",
             "media_link_seconds", "window_hours", "access_log_retention_days")


@dataclass(frozen=True)
class Config:
    instance_path: Path = DEFAULT_INSTANCE
    database_url: str = ""
    redis_url: str = ""  # empty: the embedded Redis under instance/
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_whatsapp_number: str = "whatsapp:+14155238886"
    twilio_api_base_url: str = "https://api.twilio.com"
    twilio_content_base_url: str = "https://content.twilio.com"
    port: int = 5000
    public_base_url: str = ""
    storage_url: str = ""
    s3_endpoint_url: str = ""  # an S3-compatible endpoint for STORAGE_URL=s3://… (empty: AWS)
    secret_key: str = ""
    secret_key_given: bool = True  # False when SECRET_KEY was unset and one was generated into instance/
    single_host: bool = False  # SINGLE_HOST=1: every process runs on this one machine
    tz_name: str = OFFICE_TZ
    tte_cert_p12: str = ""
    tte_dev_passphrase: str = "demo-tte"  # noqa: S105 - the contract's development default
    tte_tsa_url: str = field(default="", repr=False)  # RFC 3161 TSA; may hold user:password@
    # Not in the contract's table; tunables with sensible defaults.
    max_media_bytes: int = 10 * 1024 * 1024
    max_pdf_pages: int = 50
    messages_per_second: int = 80
    simulator: bool = False  # SIMULATOR=1 (make run sets it): the sandbox phone at /simulator/
    production: bool = False  # PRODUCTION=1: a real deployment; sandbox mode is refused
    # TRUSTED_PROXIES=n: n proxies in front of the web process set X-Forwarded-For; the client's
    # address (the verification page's attempt limit) is read from there. 0: the socket's peer.
    trusted_proxies: int = 0
    # Retention (UU 27/2022 Pasal 43–44; README "Personal data"). The law leaves the periods to the
    # controller: these defaults are ours, KONFIRMASI KANTOR against the office's Jadwal Retensi
    # Arsip. A change means a new privacy notice version.
    retention_draft_days: int = 90  # an abandoned draft (untouched this long) and its scans
    retention_refused_days: int = 30  # a refused document (wrong file, unreadable)
    retention_scan_years: int = 2  # requirement scans of a closed file (letter, receipt, register kept)
    retention_payload_days: int = 30  # message bodies/payloads of conversations and the simulator
    retention_question_days: int = 180  # questions to the office ("Tanya petugas") and their answers
    # Office hours per weekday (OFFICE_HOURS); empty: the workflow's default (workflow/clock.py).
    office_hours: str = ""
    tte_trust_pem: str = ""  # PEM bundle of the CA certificates the verification page trusts
    # Approved ContentSids by template name: a JSON object or the path of a JSON file (jobs/templates.py).
    whatsapp_content_sids: str = ""
    rq_fork: bool = False  # RQ_FORK=1: a work-horse process per job instead of jobs in the worker
    # Notification jobs (README "Notifications"): operator knobs, not part of the contract.
    outbox_lease_seconds: float = 60.0  # a send must finish within this; an expired lease is re-sent
    outbox_max_attempts: float = 5.0  # tries for transient failures (429, 5xx, timeouts)
    outbox_retry_base_seconds: float = 2.0  # first back-off; doubles each try, ±10 % jitter
    outbox_retry_cap_seconds: float = 300.0
    outbox_sweep_grace_seconds: float = 60.0  # a pending row this old without a job is re-queued
    # After a timeout Twilio may have taken the message after all: wait this long for its status
    # callback (which names our row) before sending again.
    outbox_ambiguous_wait_seconds: float = 30.0
    twilio_http_timeout: float = 15.0
    media_link_seconds: float = 6 * 3600.0  # how long a signed media link stays valid
    window_hours: float = 24.0  # WhatsApp's customer-service window
    # How long the access log of personal data keeps a row (storage/access_log.py). Five years:
    # our choice, for the office to confirm against its Jadwal Retensi Arsip.
    access_log_retention_days: float = 5 * 365.0
    testing: bool = False

    # ---- derived -------------------------------------------------------------------------
    @property
    def sandbox(self) -> bool:
        """No Twilio credentials: outbound goes to the local simulator."""
        return not (self.twilio_account_sid and self.twilio_auth_token)

    @property
    def simulator_enabled(self) -> bool:
        """The simulator is an explicit choice (SIMULATOR=1, set by `make run`), and only in sandbox
        mode on a local set-up: never where sandbox mode is refused (a `flask run` of a deployment
        builds the app under the `flask` command, which the refusal lets through for preflight)."""
        return self.sandbox and self.simulator and self.sandbox_refusal() is None

    def sandbox_refusal(self) -> str | None:
        """Why this configuration must not start in sandbox mode (None when it may).

        Sandbox mode signs webhooks with a key derived from SECRET_KEY and sends nothing to
        WhatsApp; on a public https address or with PRODUCTION=1 that is a forgotten Twilio
        account, not a choice, so web, worker and `flask preflight` refuse to start.
        """
        if not self.sandbox:
            return None
        if self.production:
            return "PRODUCTION=1 but TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN are not set (sandbox mode is for local use only)"
        if self.base_url.startswith("https://"):
            return (f"PUBLIC_BASE_URL is {self.base_url} (https: a deployment) but TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN "
                    "are not set (sandbox mode is for local use only)")
        return None

    @property
    def webhook_auth_token(self) -> str:
        """The token that signs webhooks; in sandbox mode the simulator signs with this one."""
        return self.twilio_auth_token or f"sandbox-{self.secret_key[:16]}"

    @property
    def base_url(self) -> str:
        return (self.public_base_url or f"http://localhost:{self.port}").rstrip("/")

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            url = self.database_url
            # Heroku-style URLs and plain postgresql:// use psycopg 3.
            if url.startswith("postgres://"):
                url = "postgresql://" + url[len("postgres://"):]
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url[len("postgresql://"):]
            return url
        return f"sqlite:///{self.instance_path / 'dpmptsp.sqlite3'}"

    @property
    def files_url(self) -> str:
        return self.storage_url or f"file://{self.instance_path / 'files'}"

    @property
    def retention(self) -> dict[str, int]:
        """The retention periods as plain data (the notice quotes them; the sweep applies them)."""
        return {"draft_days": self.retention_draft_days, "refused_days": self.retention_refused_days,
                "scan_years": self.retention_scan_years, "payload_days": self.retention_payload_days,
                "question_days": self.retention_question_days}

    def with_(self, **changes) -> Config:
        return replace(self, **changes)

    # ---- construction --------------------------------------------------------------------
    @classmethod
    def from_env(cls, **overrides) -> Config:
        _load_dotenv()
        env = os.environ
        instance = Path(env.get("INSTANCE_PATH") or DEFAULT_INSTANCE)
        values = dict(
            instance_path=instance,
            database_url=env.get("DATABASE_URL", ""),
            redis_url=env.get("REDIS_URL", ""),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", ""),
            twilio_whatsapp_number=env.get("TWILIO_WHATSAPP_NUMBER", "whatsapp:+14155238886"),
            twilio_api_base_url=env.get("TWILIO_API_BASE_URL", "https://api.twilio.com").rstrip("/"),
            twilio_content_base_url=env.get("TWILIO_CONTENT_BASE_URL", "https://content.twilio.com").rstrip("/"),
            port=int(env.get("PORT", "5000")),
            public_base_url=env.get("PUBLIC_BASE_URL", ""),
            storage_url=env.get("STORAGE_URL", ""),
            s3_endpoint_url=env.get("S3_ENDPOINT_URL", "").strip(),
            secret_key=env.get("SECRET_KEY", ""),
            secret_key_given=bool(env.get("SECRET_KEY")),
            single_host=env.get("SINGLE_HOST", "").strip().lower() in ("1", "true", "yes"),
            tz_name=env.get("TZ_NAME", OFFICE_TZ),
            tte_cert_p12=env.get("TTE_CERT_P12", ""),
            tte_dev_passphrase=env.get("TTE_DEV_PASSPHRASE", "demo-tte"),
            tte_tsa_url=env.get("TTE_TSA_URL", "").strip(),
            messages_per_second=int(env.get("MESSAGES_PER_SECOND", "80")),
            simulator=_flag(env.get("SIMULATOR", "")),
            production=_flag(env.get("PRODUCTION", "")),
            trusted_proxies=int(env.get("TRUSTED_PROXIES", "0") or 0),
            retention_draft_days=int(env.get("RETENTION_DRAFT_DAYS", "90")),
            retention_refused_days=int(env.get("RETENTION_REFUSED_DAYS", "30")),
            retention_scan_years=int(env.get("RETENTION_SCAN_YEARS", "2")),
            retention_payload_days=int(env.get("RETENTION_PAYLOAD_DAYS", "30")),
            retention_question_days=int(env.get("RETENTION_QUESTION_DAYS", "180")),
            office_hours=env.get("OFFICE_HOURS", ""),
            tte_trust_pem=env.get("TTE_TRUST_PEM", ""),
            whatsapp_content_sids=env.get("WHATSAPP_CONTENT_SIDS", "").strip(),
            rq_fork=env.get("RQ_FORK", "") == "1",
        )
        for name in _TUNABLES:
            if env.get(name.upper()):
                values[name] = float(env[name.upper()])
        values.update(overrides)
        if not values["secret_key"]:
            values["secret_key"] = _secret_key(Path(values["instance_path"]))
        return cls(**values)
