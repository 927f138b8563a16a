"""The simulator in headless Chromium: a citizen's chat and the back office's effect on it.

Debian's `chromium` driven by the pinned `playwright` package (never `playwright install`).
Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import re
import shutil
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from simulator.sample_pdfs import samples
from storage import Application, OutboxMessage
from storage.desk_notices import HeldDeskNotice
from tests import factories
from tests.simulator.live import LiveServer
from workflow import engine

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
APPLICANT = "+6281234567890"
WAIT = 20_000  # ms; the longest a step may take before the test fails (not a speed check)
CHECKS_WAIT = 120_000  # ten PDFs checked by the worker, one subprocess each

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="no Chromium at /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live(app, config, seeded):
    from app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = LiveServer(create_app(config.with_(public_base_url=f"http://127.0.0.1:{port}", port=port))).start(port)
    from jobs.contents import sync_sandbox

    with server.rt.transaction() as s:  # as `make run` does: the simulator's Content resources
        sync_sandbox(server.rt.config, s)
    yield server
    server.stop()


@pytest.fixture
def page(browser, live, request):
    from playwright import sync_api

    context = browser.new_context(viewport={"width": 1280, "height": 820}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    sync_api.expect.set_options(timeout=WAIT)
    page.goto(live.url + "/simulator/")
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"simulator-{request.node.name}.png"))
    context.close()


def pane(page, phone):
    return page.locator(f'.pane[data-phone="{phone}"]')


def say(page, phone, text):
    box = pane(page, phone)
    box.locator("input.text").fill(text)
    box.locator("button.send").click()


def last_incoming(page, phone):
    return pane(page, phone).locator(".bubble.theirs").last


def test_the_page_opens_a_pane_per_phone(page):
    from playwright.sync_api import expect

    expect(page.locator(".pane")).to_have_count(3)  # applicant, back-office clerk, supervisor
    for phone in (APPLICANT, "+6281100000001", "+6281100000006"):
        expect(pane(page, phone)).to_be_visible()
    expect(pane(page, "+6281100000006").locator(".pane-sub")).to_contain_text("Dewi Pengawas")
    page.fill("#new-phone", "+6281277770001")
    page.click("#add-phone button")
    expect(page.locator(".pane")).to_have_count(4)
    pane(page, "+6281277770001").locator(".close").click()
    expect(page.locator(".pane")).to_have_count(3)


def test_typed_messages_and_attachments_go_to_the_webhook(page, live, tmp_path):
    from playwright.sync_api import expect

    say(page, APPLICANT, "MENU")
    mine = pane(page, APPLICANT).locator(".bubble.mine")
    expect(mine).to_have_count(1)
    expect(mine.first).to_contain_text("MENU")
    pdf = tmp_path / "kk.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% simulator test\n")
    pane(page, APPLICANT).locator('input[type="file"]').set_input_files(str(pdf))
    expect(mine).to_have_count(2)
    link = mine.nth(1).locator("a.doc")
    expect(link).to_have_text("kk.pdf")
    href = link.get_attribute("href")
    assert page.request.get(live.url + href).body() == pdf.read_bytes()
    expect(mine.first.locator(".ticks")).to_have_text("✓")  # the webhook took it (signature valid)
    expect(pane(page, APPLICANT).locator(".bubble.theirs").first).to_be_visible()  # and answered


def test_a_back_office_action_shows_up_in_the_chat(page, live):
    from playwright.sync_api import expect

    rt = live.rt
    with rt.transaction() as s:
        application = factories.draft_with_documents(s, factories.applicant(s, whatsapp=APPLICANT))
        engine.fire(application, "submit", application.applicant)
        app_id = application.id
    with rt.transaction() as s:
        application = s.get(Application, app_id)
        engine.fire(application, "accept", factories.staff(s, "backoffice"))
        tracking = application.tracking_code
    with rt.sessions() as s:
        row = s.scalars(select(OutboxMessage).where(OutboxMessage.recipient == APPLICANT, OutboxMessage.key == "notice.accepted")).one()
    bubble = pane(page, APPLICANT).locator(f'.bubble.theirs[data-id="ob-{row.id}"]')
    # This applicant never wrote from the phone: outside the 24-hour window WhatsApp shows the
    # approved template, its own words, with the Tanda Terima in its document header.
    expect(bubble).to_contain_text(f"Berkas {tracking} dinyatakan lengkap dan diterima")
    expect(bubble.locator("a.doc")).to_have_count(1)
    expect(bubble).to_have_attribute("data-status", re.compile("sent|delivered|read"))
    # the page posted delivered, then read, through the signed status callback
    expect(bubble.locator(".ticks.read")).to_have_text("✓✓")
    with rt.sessions() as s:
        assert s.get(OutboxMessage, row.id).status == "read"


def answer(page, phone, text, then):
    """Send `text` and wait for a new incoming bubble that contains `then`; return that bubble."""
    from playwright.sync_api import expect

    matching = pane(page, phone).locator(".bubble.theirs", has_text=then)
    before = matching.count()
    say(page, phone, text)
    bubble = matching.nth(before)
    expect(bubble).to_be_visible()
    return bubble


def choose_first(page, phone, bubble, screenshot: str | None = None):
    """Answer a question with its first option: tap its button or list row when the message
    carries them (an interactive resource), else type "1" (numbered lines are text, as on WhatsApp)."""
    from playwright.sync_api import expect

    if bubble.get_attribute("data-status") is not None:  # an outbox message: wait until it left
        expect(bubble).to_have_attribute("data-status", re.compile("sent|delivered|read"))
    if bubble.locator(".interactive .list-open").count():
        bubble.locator(".interactive .list-open").click()
        bubble.locator(".list-row").first.scroll_into_view_if_needed()
        if screenshot:
            page.screenshot(path=str(_artifact(screenshot)))
        bubble.locator(".list-row").first.click()
        return
    if screenshot:
        page.screenshot(path=str(_artifact(screenshot)))
    if bubble.locator(".interactive button.choice").count():
        bubble.locator(".interactive button.choice").first.click()
    else:
        assert not bubble.locator("button").count()  # no buttons drawn from numbered text
        say(page, phone, "1")


def test_register_activate_apply_with_pdfs_and_see_the_file_move(page, live):
    from playwright.sync_api import expect

    me = pane(page, APPLICANT)
    answer(page, APPLICANT, "DAFTAR", "nama lengkap")
    answer(page, APPLICANT, "Siti Aminah", "16 angka")
    answer(page, APPLICANT, "1407014107050001", "Silakan tulis alamat")
    kecamatan = answer(page, APPLICANT, "Jl. Merdeka No. 1, RT 02/RW 01, Bagan Kota", "kecamatan")
    choose_first(page, APPLICANT, kecamatan, screenshot="simulator-list.png")
    expect(me.locator(".bubble.theirs", has_text="Persetujuan pemrosesan data pribadi")).to_be_visible()
    code_bubble = answer(page, APPLICANT, "YA", "Kode aktivasi DPMPTSP Rokan Hilir")
    code = re.search(r"\b(\d{6})\b", code_bubble.inner_text()).group(1)
    answer(page, APPLICANT, code, "sudah aktif")

    say(page, APPLICANT, "AJUKAN")
    first = me.locator(".bubble.theirs", has_text=re.compile("Layanan apa|nama lengkap anak")).last
    expect(first).to_be_visible()
    if "Layanan apa" in first.inner_text():
        choose_first(page, APPLICANT, first)
    expect(me.locator(".bubble.theirs", has_text="nama lengkap anak")).to_be_visible()
    answer(page, APPLICANT, "Rudi Hartono", "tanggal lahir anak")
    answer(page, APPLICANT, "14-02-2011", "sekolah/lembaga tujuan")
    answer(page, APPLICANT, "SMK Negeri 1 Bangko", "Silakan kirim 1/")

    mine = me.locator(".bubble.mine")
    for item in samples():
        before = mine.count()
        me.locator("select.sample").select_option(item["code"])
        expect(mine.nth(before).locator("a.doc")).to_have_text(item["filename"])
        expect(mine.nth(before).locator(".ticks")).to_have_text("✓")  # the webhook took it
    page.screenshot(path=str(_artifact("simulator-documents.png")))
    summary = me.locator(".bubble.theirs", has_text="Ringkasan permohonan")
    expect(summary).to_be_visible(timeout=CHECKS_WAIT)
    confirmation = answer(page, APPLICANT, "YA", re.compile(r"APS-\d{4}-\d{6}"))
    tracking = re.search(r"APS-\d{4}-\d{6}", confirmation.inner_text()).group(0)
    with live.rt.transaction() as s:
        held = s.scalars(select(HeldDeskNotice.release_at).join(Application)
                         .where(Application.tracking_code == tracking)).all()
    if held:  # outside office hours the desk notice waits for the opening: release it as the scheduler will then
        opening = max(held) if max(held).tzinfo else max(held).replace(tzinfo=UTC)  # stored in UTC
        result = live.app.test_cli_runner().invoke(args=["desks", "digest", "--at", opening.isoformat()])
        assert result.exit_code == 0, result.output
    clerk = pane(page, "+6281100000001").locator(".bubble.theirs", has_text=tracking)
    expect(clerk.first).to_be_visible()  # the back office hears of the new file on WhatsApp

    with live.rt.transaction() as s:
        application = s.scalars(select(Application).where(Application.tracking_code == tracking)).one()
        assert application.stage == "completeness_check" and application.details["child_name"] == "Rudi Hartono"
        assert sum(d.status == "accepted" for d in application.documents) == len(samples())
        engine.fire(application, "accept", factories.staff(s, "backoffice"))
    accepted = me.locator(".bubble.theirs", has_text=f"Berkas {tracking} dinyatakan LENGKAP")
    expect(accepted).to_be_visible()
    expect(accepted.locator(".ticks.read")).to_have_text("✓✓")  # delivered, then read, via /whatsapp/status
    accepted.scroll_into_view_if_needed()
    page.screenshot(path=str(_artifact("simulator-chat.png")))

    # `flask sla check --at` a month later: the technical review is overdue; the supervisor hears.
    later = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    result = live.app.test_cli_runner().invoke(args=["sla", "check", "--at", later])
    assert result.exit_code == 0 and tracking in result.output, result.output
    alert = pane(page, "+6281100000006").locator(".bubble.theirs", has_text=tracking)
    expect(alert.first).to_be_visible()
    expect(alert.first).to_have_attribute("data-status", re.compile("sent|delivered|read"))
    expect(pane(page, "+6281100000006").locator(".bubble.pending")).to_have_count(0)
    page.screenshot(path=str(_artifact("simulator-sla.png")))


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
