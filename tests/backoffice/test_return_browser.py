"""The return screen in headless Chromium at 390 px, with and without JavaScript: the clerk types
a note, ticks reasons, looks at another document, and nothing typed is lost; the screen fits
the phone; a colleague's action first gives a 409 that keeps it; after the return the documents
are badged "dikembalikan". Screenshots go to
test-artifacts/browser/return-*.png (the README's to docs/screenshots/phone-return.png)."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from tests.backoffice.helpers import csrf_from, login, submitted_application
from tests.backoffice.test_browser import (  # noqa: F401
    ARGS,
    ARTIFACTS,
    CHROMIUM,
    README_SHOTS,
    _playwright,
    live_server,
)
from tests.backoffice.test_phone import LAYOUT_PROBLEMS, _sign_in

pytestmark = pytest.mark.browser
WIDTH = 390
NOTE = "Pemohon sudah saya telepon; SKTM akan diurus ulang ke kantor penghulu."


def _fits(page, name: str) -> None:
    found = page.evaluate(LAYOUT_PROBLEMS)
    page.screenshot(path=str(ARTIFACTS / f"return-{WIDTH}-{name}.png"), full_page=True)
    assert found["width"] <= WIDTH, f"{name} at {WIDTH} px is {found['width']} px wide"
    assert not found["vertical"], f"{name} has text broken vertically: {found['vertical']}"


def _fill_the_return(page) -> None:
    page.locator("details.action.kind-return > summary").click()
    form = page.locator("details.action.kind-return form")
    form.locator("textarea[name=note]").fill(NOTE)
    group = form.locator("details.reason-group", has_text="SKTM")
    group.locator("summary").click()
    group.locator("input[value='sktm:expired']").check()
    form.locator("details.reason-group", has_text="Kartu Keluarga").locator("summary").click()
    form.locator("input[name=remark_kartu_keluarga]").fill("halaman belakang tidak ada")


def _still_there(page) -> None:
    form = page.locator("details.action.kind-return form")
    assert form.locator("textarea[name=note]").input_value() == NOTE
    assert form.locator("input[value='sktm:expired']").is_checked()
    assert form.locator("input[name=remark_kartu_keluarga]").input_value() == "halaman belakang tidak ada"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_return_screen_on_a_phone_keeps_what_was_typed(app, rt, seeded, live_server, javascript):  # noqa: F811
    sync_playwright = _playwright()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    app_id = submitted_application(rt, name="Ahmad Fauzi", whatsapp="+6281300000001", nik="1407010101900001")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            phone = {"viewport": {"width": WIDTH, "height": 800}, "device_scale_factor": 2, "is_mobile": True,
                     "has_touch": True, "locale": "id-ID", "java_script_enabled": javascript}
            page = browser.new_context(**phone).new_page()
            _sign_in(page, live_server, "backoffice")
            url = f"{live_server}/backoffice/applications/{app_id}"
            page.goto(url)
            _fill_the_return(page)
            kk = page.locator("ol.checklist li", has_text="Kartu Keluarga").locator("a[target=doc-viewer]")
            kk.click()
            frame = page.frame(name="doc-viewer")
            page.wait_for_function("() => true")  # let the frame navigate
            frame.wait_for_load_state()
            assert re.search(rf"/applications/{app_id}/documents/\d+$", frame.url), frame.url
            assert page.url == url  # the page itself did not move
            _still_there(page)
            if javascript:
                assert "Kartu Keluarga" in page.locator("#viewer-title").inner_text()
            page.locator("details.action.kind-return form").evaluate("f => f.scrollIntoView()")
            _fits(page, "form-js" if javascript else "form-nojs")
            if javascript:  # the README's picture: the return form alone
                page.locator("details.action.kind-return").screenshot(path=str(ARTIFACTS / "phone-return.png"))
                if os.environ.get("UPDATE_SCREENSHOTS") == "1" or not (README_SHOTS / "phone-return.png").exists():
                    shutil.copyfile(ARTIFACTS / "phone-return.png", README_SHOTS / "phone-return.png")

            if javascript:  # a colleague accepts the file first: the 409 keeps what was typed
                colleague = app.test_client()
                login(colleague, "backoffice")
                token = csrf_from(colleague.get(f"/backoffice/applications/{app_id}").get_data(as_text=True))
                assert colleague.post(f"/backoffice/applications/{app_id}/actions/accept",
                                      data={"csrf_token": token}).status_code == 302
            page.locator("details.action.kind-return form button[type=submit]").click()
            if javascript:
                page.wait_for_load_state()
                assert NOTE in page.locator("textarea.kept-note").input_value()
                assert "sudah kedaluwarsa" in page.locator("ul.kept-reasons").inner_text()
                _fits(page, "conflict")
                page.locator(f"a[href='/backoffice/applications/{app_id}']").click()
                page.wait_for_url(url)
                assert page.locator("ol.checklist .pill.returned").count() == 0
                return
            page.wait_for_url(url)
            badges = page.locator("ol.checklist .pill.returned")
            assert badges.count() == 2 and badges.first.inner_text() == "dikembalikan"
            _fits(page, "returned")
            page.goto(f"{live_server}/backoffice/?q=Ahmad")  # the desk's search shows the badge too
            assert page.locator("table.list .pill.returned").inner_text() == "2 dokumen dikembalikan"
            _fits(page, "desk-search")
        finally:
            browser.close()
