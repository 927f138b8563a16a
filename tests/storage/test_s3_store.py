"""The S3 file store against a real S3-compatible server speaking the protocol over HTTP.

moto's server mode runs as a separate process on loopback (started here, so any machine with the
dev requirements runs these tests); the store talks to it with boto3 as it would to AWS or MinIO.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from storage.files import FileTooLarge, open_store, probe

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "dpmptsp-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    pytest.importorskip("moto.server", reason="moto[server] is in requirements-dev.txt")
    port = _free_port()
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("moto's S3 server did not start")
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def aws_env(monkeypatch):
    for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)
    return {k: os.environ[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")}


@pytest.fixture
def bucket(s3_endpoint, aws_env):
    import boto3

    client = boto3.client("s3", endpoint_url=s3_endpoint)
    try:
        client.create_bucket(Bucket=BUCKET)
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for obj in listed:
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])


def _store(endpoint: str, cache: Path, prefix: str = "docs"):
    return open_store(f"s3://{BUCKET}/{prefix}", cache, endpoint_url=endpoint)


def test_write_then_read_back_from_a_second_process_with_an_empty_cache(bucket, s3_endpoint, aws_env, tmp_path):
    data = b"%PDF-1.7\n" + os.urandom(200_000)
    digest, size = _store(s3_endpoint, tmp_path / "host-a").put_stream(io.BytesIO(data))
    assert (digest, size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert bucket.head_object(Bucket=BUCKET, Key=f"docs/{digest}")["ContentLength"] == len(data)

    other_cache = tmp_path / "host-b"
    script = ("import sys, hashlib; from pathlib import Path; from storage.files import open_store\n"
              f"s = open_store('s3://{BUCKET}/docs', Path({str(other_cache)!r}), endpoint_url={s3_endpoint!r})\n"
              f"sys.stdout.write(hashlib.sha256(s.get_bytes({digest!r})).hexdigest())\n")
    child = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=dict(os.environ, **aws_env),
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr[-2000:]
    assert child.stdout == digest
    assert not any(p.is_file() for p in (tmp_path / "host-b").rglob("*") if "named" in p.parts)


def test_the_size_cap_stores_nothing(bucket, s3_endpoint, tmp_path):
    store = _store(s3_endpoint, tmp_path / "cache")
    with pytest.raises(FileTooLarge):
        store.put_stream(io.BytesIO(b"x" * 5000), max_bytes=4096)
    assert bucket.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0


def test_content_addressing_stores_the_same_bytes_once(bucket, s3_endpoint, tmp_path):
    store = _store(s3_endpoint, tmp_path / "cache")
    first = store.put_bytes(b"same bytes")
    second = _store(s3_endpoint, tmp_path / "other-cache").put_bytes(b"same bytes")
    assert first == second == hashlib.sha256(b"same bytes").hexdigest()
    keys = [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"docs/{first}"]
    assert store.exists(first) and not store.exists("0" * 64)


def test_deletion_removes_the_object_and_this_hosts_copy(bucket, s3_endpoint, tmp_path):
    store = _store(s3_endpoint, tmp_path / "cache")
    digest = store.put_bytes(b"to be deleted")
    assert store.delete(digest) is True
    assert not store.exists(digest)
    assert not store.cache.exists(digest)
    assert bucket.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0
    assert store.delete(digest) is False
    with pytest.raises(Exception):  # noqa: B017 - botocore's NoSuchKey
        _store(s3_endpoint, tmp_path / "fresh").get_bytes(digest)


def test_an_object_changed_in_the_bucket_is_refused(bucket, s3_endpoint, tmp_path):
    digest = _store(s3_endpoint, tmp_path / "a").put_bytes(b"the real bytes")
    bucket.put_object(Bucket=BUCKET, Key=f"docs/{digest}", Body=b"tampered")
    with pytest.raises(ValueError, match="does not match"):
        _store(s3_endpoint, tmp_path / "b").get_bytes(digest)


def test_named_objects_and_the_probe(bucket, s3_endpoint, tmp_path):
    store = _store(s3_endpoint, tmp_path / "cache")
    assert store.get_named("tte-dev-p12") is None
    store.put_named("tte-dev-p12", b"certificate")
    assert _store(s3_endpoint, tmp_path / "other").get_named("tte-dev-p12") == b"certificate"
    with pytest.raises(ValueError):
        store.put_named("../escape", b"x")
    assert probe(store) is None
    assert [o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]] == ["docs/named/tte-dev-p12"]


def test_the_probe_reports_an_unreachable_store(aws_env, tmp_path):
    store = open_store(f"s3://{BUCKET}/docs", tmp_path / "cache", endpoint_url=f"http://127.0.0.1:{_free_port()}")
    assert probe(store) is not None


def _cli(args, env, cwd=ROOT, timeout=180):
    return subprocess.run([str(Path(sys.executable).with_name("flask")), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _errors(done) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("error:")]


def _host_env(tmp_path: Path, name: str, s3_endpoint: str, aws_env: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "TWILIO_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(aws_env, INSTANCE_PATH=str(tmp_path / name), STORAGE_URL=f"s3://{BUCKET}/docs",
               S3_ENDPOINT_URL=s3_endpoint, SECRET_KEY="shared-secret-" + "x" * 40)
    return env


def test_preflight_checks_the_store_and_says_what_is_per_host(bucket, s3_endpoint, aws_env, tmp_path):
    env = _host_env(tmp_path, "web", s3_endpoint, aws_env)
    (tmp_path / "web").mkdir()
    done = _cli(["preflight"], env)
    assert done.returncode == 1, done.stderr[-2000:]
    lines = _errors(done)
    assert len(lines) == 2
    assert lines[0].startswith("error: the database is a SQLite file on this host: STORAGE_URL names a shared service")
    assert "flask tte share-dev-certificate" in lines[1]  # the development certificate is not shared yet
    shared = _cli(["tte", "share-dev-certificate"], env)
    assert shared.returncode == 0 and "shared" in shared.stdout, shared.stderr[-2000:]
    done = _cli(["preflight"], env)
    assert _errors(done) == lines[:1]  # only the database is left to fix
    database = os.environ.get("TEST_DATABASE_URL", "")
    if database.startswith("postgresql"):
        done = _cli(["preflight"], dict(env, DATABASE_URL=database))
        assert done.returncode == 0, done.stderr[-2000:]
        assert "file store" in done.stdout


def test_healthz_reports_the_store(bucket, s3_endpoint, tmp_path):
    from app import create_app
    from config import Config

    (tmp_path / "web").mkdir()
    config = Config(instance_path=tmp_path / "web", secret_key="k" * 40, storage_url=f"s3://{BUCKET}/docs",
                    s3_endpoint_url=s3_endpoint, testing=True)
    res = create_app(config).test_client().get("/healthz")
    assert res.status_code == 200 and res.get_json()["files"] == "ok"


def test_every_host_signs_with_the_one_shared_development_certificate(bucket, s3_endpoint, aws_env, tmp_path):
    from config import Config
    from runtime.hosts import fetch_dev_certificate, share_dev_certificate

    def host(name):
        return Config(instance_path=tmp_path / name, secret_key="k" * 40, storage_url=f"s3://{BUCKET}/docs",
                      s3_endpoint_url=s3_endpoint)

    assert share_dev_certificate(host("a")) == "shared"
    assert share_dev_certificate(host("b")) == "already shared; copied to this host"
    assert fetch_dev_certificate(host("c")) is True
    certs = {(tmp_path / n / "tte-dev-cert.pem").read_bytes() for n in "abc"}
    assert len(certs) == 1


def test_healthz_is_503_when_the_store_does_not_answer(aws_env, tmp_path):
    from app import create_app
    from config import Config

    (tmp_path / "web").mkdir()
    config = Config(instance_path=tmp_path / "web", secret_key="k" * 40, storage_url=f"s3://{BUCKET}/docs",
                    s3_endpoint_url=f"http://127.0.0.1:{_free_port()}", testing=True)
    res = create_app(config).test_client().get("/healthz")
    assert res.status_code == 503
    body = res.get_json()
    assert body["files"] != "ok" and body["database"] == "ok"
    assert json.dumps(body).count("ok") >= 2


def test_office_made_documents_go_to_the_configured_s3_server(bucket, s3_endpoint, tmp_path):
    """The receipt and the letter are stored by workflow code through the session's settings: they
    must reach the S3-compatible server named by S3_ENDPOINT_URL, not AWS (the cluster test found them
    going to AWS)."""
    from sqlalchemy.orm import Session

    from workflow.paperwork.store import file_store

    session = Session(info={"settings": {"instance_path": str(tmp_path), "files_url": f"s3://{BUCKET}/office",
                                         "s3_endpoint_url": s3_endpoint}})
    digest = file_store(session).put_bytes(b"%PDF-1.4 tanda terima")
    assert bucket.get_object(Bucket=BUCKET, Key=f"office/{digest}")["Body"].read() == b"%PDF-1.4 tanda terima"


def test_the_retention_sweep_and_hapus_data_delete_from_the_s3_store(bucket, s3_endpoint, base_config, migrated):
    """Issue 17: deleted means gone from the bucket too (and this host's cache); a blob another
    document still refers to stays. The sweep runs on a runtime whose STORAGE_URL is s3://."""
    from datetime import timedelta

    from app import create_app
    from jobs.retention import remove_files, sweep
    from storage import utcnow
    from tests import factories
    from tests.conftest import _clean_database
    from tests.factories import pdf_bytes

    app = create_app(base_config.with_(storage_url=f"s3://{BUCKET}/sweep", s3_endpoint_url=s3_endpoint))
    rt = app.extensions["runtime"]
    _clean_database(rt.engine)
    try:
        from cli import seed_demo

        with rt.transaction() as s:
            seed_demo(s)
        with rt.transaction() as s:
            old = factories.draft_with_documents(s, factories.applicant(s))
            kept = factories.draft_with_documents(s, factories.applicant(s, whatsapp="+628222", nik="1407014107050002"))
            shared = rt.files.put_bytes(pdf_bytes("shared scan"))
            for i, doc in enumerate(old.documents):
                doc.sha256 = shared if i == 0 else rt.files.put_bytes(pdf_bytes(f"old {i}"))
            kept.documents[0].sha256 = shared  # the same bytes back a document of a file that stays
            old.created_at = utcnow() - timedelta(days=400)
            for doc in old.documents:
                doc.created_at = old.created_at
            own = {d.sha256 for d in old.documents} - {shared}
        assert sweep()["drafts"] == 1
        keys = {o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET, Prefix="sweep/").get("Contents", [])}
        assert not any(f"sweep/{d}" in keys for d in own) and f"sweep/{shared}" in keys
        assert not any(rt.files.cache.exists(d) for d in own)
        assert rt.files.exists(shared)
        # Once nothing refers to it any more, it goes as well (HAPUS DATA's job after its commit).
        from workflow.retention import Removed, delete_application

        with rt.transaction() as s:
            delete_application(s, s.get(type(kept), kept.id), Removed())
        assert remove_files([shared]) == 1 and not rt.files.exists(shared)
    finally:
        _clean_database(rt.engine)
        rt.engine.dispose()


def test_another_hosts_cached_copy_of_a_deleted_blob_leaves_its_disk(bucket, s3_endpoint, tmp_path):
    """Host A deletes (the retention sweep); host B had read the blob: B's copy goes at B's next
    prune once unread for a day, while a copy B keeps reading stays."""
    from storage.files import CACHE_MAX_AGE

    host_a, host_b = _store(s3_endpoint, tmp_path / "a"), _store(s3_endpoint, tmp_path / "b")
    erased, in_use = host_a.put_bytes(b"scan to erase"), host_a.put_bytes(b"scan still in use")
    host_b.get_bytes(erased), host_b.get_bytes(in_use)
    assert host_a.delete(erased) and host_b.cache.exists(erased)
    day_old = time.time() - CACHE_MAX_AGE - 60
    for digest in (erased, in_use):
        os.utime(host_b.cache.path_for_reading(digest), (day_old, day_old))
    host_b.get_bytes(in_use)  # read again: fresh
    assert host_b.prune_cache() == 0  # the first prune ran at the first read; at most once an hour
    assert host_b.prune_cache(force=True) == 1
    assert not host_b.cache.exists(erased) and host_b.cache.exists(in_use)
