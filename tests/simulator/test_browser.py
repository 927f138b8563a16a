"""The simulator in headless Chromium: a citizen's chat and the back office's effect on it.

Debian's `chromium` driven by the pinned `playwright` package (never `playwright install`).
Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from storage import Application, OutboxMessage
from tests import factories
from tests.simulator.live import LiveServer
from workflow import engine

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
APPLICANT = "+6281234567890"
HAS_WEBHOOK = importlib.util.find_spec("bot.webhook") is not None
HAS_STATUS = importlib.util.find_spec("bot.status_callback") is not None
WAIT = 20_000  # ms; the longest a step may take before the test fails (not a speed check)

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
    if HAS_WEBHOOK:
        expect(mine.first.locator(".ticks")).to_have_text("✓")  # the webhook took it (signature valid)
    else:
        expect(mine.first.locator(".ticks")).to_have_attribute("title", "webhook menjawab 404")


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
    expect(bubble).to_contain_text(f"Berkas {tracking} dinyatakan LENGKAP")
    expect(bubble).to_have_attribute("data-status", re.compile("sent|delivered|read"))
    with rt.sessions() as s:
        row = s.get(OutboxMessage, row.id)
    if HAS_STATUS and row.twilio_sid:
        # the page posted delivered then read through the signed status callback
        expect(bubble.locator(".ticks.read")).to_have_text("✓✓")
    else:
        expect(bubble.locator(".ticks")).to_have_text("✓")
