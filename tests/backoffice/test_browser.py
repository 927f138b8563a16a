"""The main path in headless Chromium (Debian's `chromium`, driven by Playwright, never a
downloaded browser): each role signs in in turn and moves one file from submitted to
collected, and an admin creates a staff account. Screenshots go to test-artifacts/ (and the
README's to docs/screenshots/)."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from storage import Application, utcnow
from tests.backoffice.helpers import DEMO_PASSWORD, MAIN_PATH, pdf_bytes, submitted_application

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
README_SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# --headless=new: the new headless mode, which (unlike the old one) draws PDFs in its viewer.
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _readme_shot(page, name: str, **kwargs) -> None:
    """Every run keeps its picture in test-artifacts/; the README's copy under docs/screenshots/
    is (re)written only when missing or with UPDATE_SCREENSHOTS=1, so tests leave git clean."""
    page.screenshot(path=str(ARTIFACTS / name), **kwargs)
    target = README_SHOTS / name
    if os.environ.get("UPDATE_SCREENSHOTS") == "1" or not target.exists():
        shutil.copyfile(ARTIFACTS / name, target)


def _playwright():
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium installed (apt-get install chromium); the browser test needs the system browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -r requirements-dev.txt)")
    return sync_playwright


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def _more_files(rt):
    """A desk worth looking at: a few other files, some of them late."""
    people = [("Ahmad Fauzi", 3), ("Nurhayati", 1), ("Rahmat Hidayat", 0)]
    for n, (name, days_ago) in enumerate(people):
        submitted_application(rt, name=name, whatsapp=f"+62813000000{n}", nik=f"14070{n}0101900001"[:16],
                              now=utcnow() - timedelta(days=days_ago))


def test_main_path_in_chromium(app, rt, config, seeded, live_server, tmp_path):
    sync_playwright = _playwright()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    _more_files(rt)
    app_id = submitted_application(rt, name="Siti Aminah", whatsapp="+6281234567890")
    with rt.transaction() as s:
        code = s.get(Application, app_id).tracking_code
    recommendation = tmp_path / "rekomendasi-teknis.pdf"
    recommendation.write_bytes(pdf_bytes("Rekomendasi Teknis Dinas Sosial", pages=2))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for step, (username, action) in enumerate(MAIN_PATH, start=1):
                context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
                page = context.new_page()
                page.goto(f"{live_server}/backoffice/login")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", DEMO_PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(f"{live_server}/backoffice/")
                assert page.locator("h1").first.inner_text().startswith("Meja saya")
                if action == "collect":
                    # Ready for pickup waits on the applicant, not on a desk: the clerk at the
                    # counter searches the tracking code the applicant shows.
                    page.fill("input[name=q]", code)
                    page.click("button:has-text('Cari')")
                    page.wait_for_load_state()
                link = page.locator(f"table.list a:has-text('{code}')")
                assert link.count() == 1, f"{username}'s desk should list {code}"
                if step == 1:
                    _readme_shot(page, "desk.png")
                link.click()
                page.wait_for_url(f"{live_server}/backoffice/applications/{app_id}")
                form = page.locator(f'form[action$="/actions/{action}"]')
                details = page.locator(f'details:has(form[action$="/actions/{action}"])')
                if details.get_attribute("open") is None:
                    details.locator("summary").click()
                if action == "recommend":
                    form.locator("input[name=recommendation]").set_input_files(str(recommendation))
                elif action == "sign":
                    assert page.locator("#preview iframe").count() == 1  # the Kadis reads the draft first
                    form.locator("input[name=passphrase]").fill(config.tte_dev_passphrase)
                elif action == "collect":
                    with rt.transaction() as s:
                        pickup = s.scalar(select(Application.pickup_code).where(Application.id == app_id))
                    form.locator("input[name=pickup_code]").fill(pickup)
                if step == 1:
                    # A tall window rather than a full-page capture, which would re-lay out the
                    # PDF viewer mid-drawing; the pause is for the picture only.
                    page.set_viewport_size({"width": 1366, "height": 1600})
                    page.wait_for_timeout(3000)
                    page.evaluate("window.scrollTo(0, 0)")
                    _readme_shot(page, "application.png")
                    page.set_viewport_size({"width": 1366, "height": 900})
                page.screenshot(path=str(ARTIFACTS / f"{step:02d}-{username}-{action}-before.png"), full_page=True)
                form.locator("button[type=submit]").click()
                page.wait_for_load_state()
                flash = page.locator(".flash")
                assert flash.count() == 1, page.content()[:3000]
                page.screenshot(path=str(ARTIFACTS / f"{step:02d}-{username}-{action}-after.png"), full_page=True)
                page.click("button:has-text('Keluar')")
                page.wait_for_url(f"{live_server}/backoffice/login")
                context.close()

            context = browser.new_context(viewport={"width": 1366, "height": 900})
            page = context.new_page()
            page.goto(f"{live_server}/backoffice/login")
            page.fill("input[name=username]", "pengawas")
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.click("text=Dasbor pengawas")
            page.wait_for_url(f"{live_server}/backoffice/dashboard")
            assert "Berkas terlambat" in page.content()
            _readme_shot(page, "dashboard.png", full_page=True)
            page.goto(f"{live_server}/backoffice/applications/{app_id}")
            assert "Surat Rekomendasi/Izin (TTE)" in page.content()
            page.screenshot(path=str(ARTIFACTS / "99-completed.png"), full_page=True)
            context.close()
        finally:
            browser.close()

    with rt.transaction() as s:
        assert s.get(Application, app_id).stage == "completed"


def test_an_admin_creates_a_staff_account_in_chromium(app, rt, seeded, live_server):
    """The admin's Akun staf screen in a real browser: the form, a refusal that keeps what was
    typed, then the new account in the list (and the README's picture of it)."""
    from storage.staff import staff_by_username

    sync_playwright = _playwright()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID").new_page()
            page.goto(f"{live_server}/backoffice/login")
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server}/backoffice/")
            page.click("nav a:has-text('Akun staf')")
            page.wait_for_url(f"{live_server}/backoffice/staff")
            page.goto(f"{live_server}/backoffice/staff/new")
            page.fill("input[name=username]", "yuni.bo")
            page.fill("input[name=full_name]", "Yuni Back Office")
            page.check("input[name=roles][value=back_office]")
            page.fill("input[name=whatsapp]", "0812-3333-4444")
            page.fill("input[name=password]", "rahasia-yuni-1")
            page.fill("input[name=password_confirm]", "rahasia-yuni-2")  # a typo: refused, the rest kept
            page.click("form:has(input[name=password_confirm]) button[type=submit]")
            assert page.locator("input[name=full_name]").input_value() == "Yuni Back Office"
            page.fill("input[name=password]", "rahasia-yuni-1")
            page.fill("input[name=password_confirm]", "rahasia-yuni-1")
            page.click("form:has(input[name=password_confirm]) button[type=submit]")
            page.goto(f"{live_server}/backoffice/staff")
            assert page.locator("td:has-text('yuni.bo')").count() == 1
            _readme_shot(page, "staff-accounts.png")
        finally:
            browser.close()
    with rt.transaction() as s:
        user = staff_by_username(s, "yuni.bo")
        assert user.roles == {"back_office"} and user.whatsapp == "+6281233334444" and user.check_password("rahasia-yuni-1")
