"""The end-to-end part of bench_photos: webhook → verdict at the Twilio stand-in, for 1 and N
applicants sending one phone photo each at once, against download + conversion + check alone."""

from __future__ import annotations

import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from bench.common import bench_instance, print_table
from config import ROOT, Config


def _config(instance: pathlib.Path, fake) -> Config:
    from tests.twilio_fake import ACCOUNT_SID, AUTH_TOKEN

    return Config(
        instance_path=instance, database_url="", redis_url="",
        secret_key="bench-secret-key-0123456789abcdef", public_base_url="http://bench.invalid",
        twilio_account_sid=ACCOUNT_SID, twilio_auth_token=AUTH_TOKEN, twilio_api_base_url=fake.api_url,
    )


def _applicants(rt, count: int, offset: int) -> list[str]:
    """`count` registered, active applicants, each with a draft at the document step."""
    from bot.dialogs.application import DIALOG_NAME
    from storage import Conversation, utcnow
    from storage.privacy import notice_version
    from tests import factories
    from workflow import engine

    numbers = []
    with rt.transaction() as s:
        for i in range(offset, offset + count):
            number = f"+62812{i:07d}"
            who = factories.applicant(s, whatsapp=number, nik=f"140701410705{i:04d}")
            who.consent_at = who.activated_at = utcnow()
            who.consent_version = notice_version()  # else the bot first asks them to accept the current notice
            app = engine.start(s, applicant=who, service=factories.service(s))
            app.details = {"child_name": "Budi", "destination": "SMA 1"}
            s.add(Conversation(whatsapp=number, applicant_id=who.id, dialog=DIALOG_NAME, step="documents",
                               data={"application_id": app.id}, language="id", failures=0, updated_at=utcnow()))
            numbers.append(number)
    return numbers


def _post_all(client, config, fake, numbers: list[str], photo: bytes) -> dict[str, float]:
    from tests.twilio_fake import inbound_params, signed_post

    sent = {}
    for number in numbers:
        url = fake.add_media(photo, "image/jpeg")
        params = inbound_params(number, "", media=[(url, "image/jpeg")])
        sent[number] = time.monotonic()
        response = signed_post(client, "/whatsapp/webhook", params, auth_token=config.webhook_auth_token,
                               base_url=config.base_url)
        assert response.status_code == 200
        # A photo at the document step is answered only by its verdict (a job): any reply here means the
        # bot did not take it as a document (e.g. it asked for consent first), and no verdict would come.
        assert b"<Message>" not in response.data, response.data[:300]
    return sent


def _env(config: Config, redis_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": config.sqlalchemy_url, "REDIS_URL": redis_url,
            "SECRET_KEY": config.secret_key, "PUBLIC_BASE_URL": config.public_base_url,
            "INSTANCE_PATH": str(config.instance_path), "TWILIO_ACCOUNT_SID": config.twilio_account_sid,
            "TWILIO_AUTH_TOKEN": config.twilio_auth_token, "TWILIO_API_BASE_URL": config.twilio_api_base_url}


def _wait_for_verdicts(fake, numbers: list[str], worker: subprocess.Popen, timeout: float) -> dict[str, float]:
    wanted = {f"whatsapp:{n}" for n in numbers}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        arrived = {m["To"]: m["received_at"] for m in list(fake.messages) if m.get("To") in wanted
                   and ("diterima" in m.get("Body", "") or "belum dapat diterima" in m.get("Body", ""))}
        if len(arrived) == len(wanted):
            return {to.removeprefix("whatsapp:"): at for to, at in arrived.items()}
        if worker.poll() is not None:
            raise RuntimeError(f"the worker stopped ({worker.returncode}) before every verdict arrived")
        time.sleep(0.02)
    raise TimeoutError("not every verdict arrived")


def _alone(rt, photo: bytes, runs: int) -> float:
    """Median seconds of download (from the stand-in) + conversion + assembly + check, one photo,
    in this process with a warm converter: the work of a document job without the queue and the DB."""
    from bot.media import download_media
    from storage import conversion, pdfcheck
    from storage.files import LocalFileStore

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            work = pathlib.Path(tmp)
            url = _FAKE[0].add_media(photo, "image/jpeg")
            start = time.perf_counter()
            store = LocalFileStore(work / "in")
            digest, _size, _ = download_media(url, config=rt.config, store=store, max_bytes=rt.config.max_media_bytes)
            assert conversion.photo_page(store.path_for_reading(digest), work / "p.jpg").ok
            assert conversion.assemble([work / "p.jpg"], work / "o.pdf") is None
            assert pdfcheck.check_pdf(work / "o.pdf").ok
            times.append(time.perf_counter() - start)
    return statistics.median(times)


_FAKE: list = []


def end_to_end(quick: bool, folder: pathlib.Path, phone_photos, percentiles) -> None:
    from app import create_app
    from cli import seed_demo, upgrade_database
    from runtime.connection import embedded_url
    from tests.twilio_fake import FakeTwilio

    size = (1600, 1200) if quick else (4000, 3000)
    crowd = 3 if quick else 20
    photo = phone_photos(folder, 1, size)[0].read_bytes()
    fake = FakeTwilio().start()
    _FAKE[:] = [fake]
    try:
        config = _config(bench_instance(), fake)
        upgrade_database(config.sqlalchemy_url)
        flask_app = create_app(config)
        rt = flask_app.extensions["runtime"]
        with rt.transaction() as s:
            seed_demo(s)
        redis_url = embedded_url(config.instance_path)
        client = flask_app.test_client()
        rows, offset = [], 0
        alone = _alone(rt, photo, 2 if quick else 5)
        # One worker, started before the measurement (as in production, where it is always running);
        # a first applicant's photo warms it up (imports, the database, the Twilio client).
        worker = subprocess.Popen([sys.executable, "-m", "jobs.worker"], cwd=ROOT, env=_env(config, redis_url),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            warm = _applicants(rt, 1, offset)
            offset += 1
            _post_all(client, config, fake, warm, photo)
            _wait_for_verdicts(fake, warm, worker, timeout=300)
            for count in (1, crowd):
                numbers = _applicants(rt, count, offset)
                offset += count
                fake.messages.clear()
                sent = _post_all(client, config, fake, numbers, photo)
                arrived = _wait_for_verdicts(fake, numbers, worker, timeout=60 + 30 * count)
                latencies = [arrived[n] - sent[n] for n in numbers]
                p = percentiles(latencies)
                rows.append([count, f"{p['p50']:.2f}", f"{p['p95']:.2f}", f"{alone:.2f}",
                             f"{p['p50'] / alone:.1f}x", f"{p['p95'] / (alone * count):.2f}"])
        finally:
            worker.terminate()  # our own worker, by its pid: a warm shutdown
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    finally:
        fake.stop()
    print_table(
        f"End to end: webhook → verdict at the Twilio stand-in, one {size[0] * size[1] / 1e6:.0f} MP photo per applicant, one RQ worker",
        ["applicants at once", "p50 s", "p95 s", "download+convert+check alone s", "p50 / alone", "p95 / (alone × n)"],
        rows,
        note=("Each latency runs from the applicant's webhook POST to the verdict message's arrival at the stand-in, "
              "with one warm `python -m jobs.worker` (started before, as in production; SimpleWorker, so its converter "
              "process stays warm between jobs). It includes the webhook, the queue, the database writes, and the "
              "outbox job that sends the verdict. 'Alone' is download + "
              "conversion + check of one photo with a warm converter. With n applicants at once the one worker serves "
              "them in turn: p95 / (alone × n) is what the queue costs per unit of work."),
    )
