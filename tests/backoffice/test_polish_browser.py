"""Small screen fixes in headless Chromium at 1280 px and 390 px: the desk's active filters with
their ✕ (Indonesian and English), the English file page's viewer heading (with and without
JavaScript), and the office's contact on the public verification page (a genuine letter and an
unknown code). Screenshots go to test-artifacts/browser/polish-*.png."""

from __future__ import annotations

import pytest

from catalogue.office import office
from tests.backoffice.test_browser import (  # noqa: F401
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    _playwright,
    live_server,
)
from tests.backoffice.test_phone import _check, _sign_in, files  # noqa: F401

pytestmark = pytest.mark.browser


def _look(page, name: str, width: int) -> None:
    _check(page, name, width, prefix="polish")


@pytest.mark.parametrize("width", [1280, 390])
def test_filters_viewer_and_contact_in_chromium(app, files, live_server, width):  # noqa: F811
    sync_playwright = _playwright()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    code, waiting_id = files
    screen = {"viewport": {"width": width, "height": 800}, "locale": "id-ID"}
    if width < 600:
        screen.update(device_scale_factor=2, is_mobile=True, has_touch=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_context(**screen).new_page()
            for where, name in ((f"/verify/{code}", "verify"), ("/verify/not-a-real-code-0000000000", "verify-unknown")):
                page.goto(live_server + where)
                contact = page.locator("#office-contact")
                assert contact.is_visible() and office().phone in contact.inner_text()
                assert office().address in contact.inner_text() and office().email in contact.inner_text()
                _look(page, name, width)

            page = browser.new_context(**screen).new_page()
            _sign_in(page, live_server, "pengawas")
            page.goto(f"{live_server}/backoffice/?stage=completeness_check&service=APS")
            chips = page.locator("#active-filters")
            shown = " ".join(chips.inner_text().split())
            assert "Tahap: Pemeriksaan kelengkapan ✕" in shown and "Layanan: APS ✕" in shown, shown
            _look(page, "desk-filters-id", width)
            page.click("#active-filters button[value=stage]")
            page.wait_for_load_state()
            shown = " ".join(chips.inner_text().split())
            assert "Tahap" not in shown and "Layanan: APS ✕" in shown, shown
            assert page.locator("select[name=stage]").input_value() == ""
            page.click("#active-filters button[value=all]")
            page.wait_for_load_state()
            assert chips.count() == 0
            page.goto(f"{live_server}/backoffice/lang/en")
            page.goto(f"{live_server}/backoffice/?overdue=true&service=APS&submitted_from=2020-01-01")
            assert " ".join(chips.inner_text().split()).startswith("Active filters: Service: APS ✕ Submitted from: 01-01-2020 ✕")
            _look(page, "desk-filters-en", width)

            for javascript in (True, False):
                context = browser.new_context(**screen, java_script_enabled=javascript)
                page = context.new_page()
                _sign_in(page, live_server, "backoffice")
                page.goto(f"{live_server}/backoffice/lang/en")
                page.goto(f"{live_server}/backoffice/applications/{waiting_id}")
                title = page.locator("#viewer-title").inner_text()
                assert title and title == title.encode("ascii", "ignore").decode(), title
                assert "Kartu" not in title and "Surat" not in title and "KTP-el" not in title, title
                _look(page, f"file-en-{'js' if javascript else 'nojs'}", width)
                context.close()
        finally:
            browser.close()
