"""The pages people open on a phone, in headless Chromium at 390 px (and 360 px): the public
verification page (where a QR scan lands), the desk, a file, the dashboard and the complaints.
Nothing may be wider than the screen, and no text may be squeezed into a one-character column
(the letter number printed vertically). Screenshots go to test-artifacts/browser/phone-*.png
(the README's to docs/screenshots/)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage import Applicant, Application, utcnow
from tests import factories
from tests.backoffice.helpers import DEMO_PASSWORD, submitted_application
from tests.backoffice.test_browser import (  # noqa: F401
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    README_SHOTS,
    _playwright,
    _readme_shot,
    live_server,
)
from workflow import questions
from workflow.complaints import open_complaint

pytestmark = pytest.mark.browser

# Elements whose own text is laid out in a column narrower than ~2 characters but several
# lines tall: text "broken vertically". Also the widest element, for the report.
LAYOUT_PROBLEMS = """() => {
  const vertical = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
    if (own.length < 4) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const size = parseFloat(style.fontSize) || 15;
    if (box.width < size * 2 && box.height > size * 4) vertical.push(own.slice(0, 30));
  }
  return {width: document.documentElement.scrollWidth, vertical};
}"""


def _check(page, name: str, width: int, prefix: str = "phone") -> None:
    """The page fits `width` with no text broken into a vertical strip; its screenshot is kept."""
    page.wait_for_load_state()
    found = page.evaluate(LAYOUT_PROBLEMS)
    page.screenshot(path=str(ARTIFACTS / f"{prefix}-{width}-{name}.png"), full_page=True)
    assert found["width"] <= width, f"{name} at {width} px is {found['width']} px wide"
    assert not found["vertical"], f"{name} at {width} px has text broken vertically: {found['vertical']}"


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/backoffice/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/backoffice/")


@pytest.fixture
def files(rt, seeded):
    """A signed letter (for the verification page) and a file waiting at the completeness check."""
    signed_id = submitted_application(rt, name="Siti Aminah Binti Muhammad Yusuf", whatsapp="+6281234567890")
    waiting_id = submitted_application(rt, name="Ahmad Fauzi", whatsapp="+6281300000001", nik="1407010101900001")
    with rt.transaction() as s:
        app = s.get(Application, signed_id)
        factories.advance(s, app, until="printing")
        code = app.verification_code
        who = s.scalar(select(Applicant).where(Applicant.whatsapp == "+6281300000001"))
        open_complaint(s, who, "Berkas saya belum ada kabar sejak minggu lalu, mohon dibantu.", s.get(Application, waiting_id))
        stranger = Applicant(whatsapp="+6281399999999")  # not registered: asked from INFO
        s.add(stranger)
        s.flush()
        questions.ask(s, stranger, "Apakah syarat SKTM boleh diganti dengan kartu KIP? " * 8,
                      now=utcnow() - timedelta(days=3))
    return code, waiting_id


@pytest.mark.parametrize("width", [390, 360])
def test_phone_pages_fit_the_screen(app, files, live_server, width):  # noqa: F811
    sync_playwright = _playwright()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    code, waiting_id = files
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            phone = {"viewport": {"width": width, "height": 800}, "device_scale_factor": 2, "is_mobile": True,
                     "has_touch": True, "locale": "id-ID"}
            page = browser.new_context(**phone).new_page()
            page.goto(f"{live_server}/verify/{code}")
            assert "Dokumen ASLI" in page.content()
            _check(page, "verify", width)
            if width == 390:
                _readme_shot(page, "phone-verify.png", full_page=True)

            page = browser.new_context(**phone).new_page()
            _sign_in(page, live_server, "backoffice")
            _check(page, "desk", width)
            if width == 390:
                _readme_shot(page, "phone-desk.png", full_page=True)
            page.click("details.filters summary")  # the search with its filters open, then its results
            page.select_option("select[name=stage]", "completeness_check")
            page.select_option("select[name=sort]", "-due")
            page.fill("input[name=submitted_from]", "2020-01-01")
            _check(page, "desk-filters", width)
            page.fill("input[name=q]", "ahmad")
            page.click("form.finder .search button[type=submit]")
            page.wait_for_load_state()
            assert "Ahmad Fauzi" in page.content()
            _check(page, "desk-search", width)
            if width == 390:
                _readme_shot(page, "phone-desk-search.png", full_page=True)
            page.goto(f"{live_server}/backoffice/applications/{waiting_id}")
            _check(page, "file", width)

            page = browser.new_context(**phone).new_page()
            _sign_in(page, live_server, "pengawas")
            page.goto(f"{live_server}/backoffice/dashboard")
            _check(page, "dashboard", width)
            page.goto(f"{live_server}/backoffice/complaints")
            assert "belum ada kabar" in page.content()
            _check(page, "complaints", width)
            page.goto(f"{live_server}/backoffice/questions")
            assert "kartu KIP" in page.content()
            _check(page, "questions", width)
            if width == 390:
                _readme_shot(page, "phone-questions.png", full_page=True)
        finally:
            browser.close()


def test_the_desk_is_unchanged_on_a_desktop(app, files, live_server):  # noqa: F811
    """At 1280 px the top bar stays one line and the file page keeps its two columns."""
    sync_playwright = _playwright()
    _, waiting_id = files
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID").new_page()
            _sign_in(page, live_server, "backoffice")
            assert page.locator("header.top").bounding_box()["height"] < 70
            page.goto(f"{live_server}/backoffice/applications/{waiting_id}")
            side, main = page.locator(".columns .side").bounding_box(), page.locator(".columns .main").bounding_box()
            assert main["x"] > side["x"] + side["width"] - 1 and abs(main["y"] - side["y"]) < 2
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280
        finally:
            browser.close()
