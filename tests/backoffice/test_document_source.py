"""Staff see what a document was made from: photos (how many) or a Word file, with its pages;
the API says the same in `source`; the Tanda Terima lists it like any other document."""

from __future__ import annotations

from storage import Application
from tests.backoffice.helpers import submitted_application


def _made_from(rt, app_id: int, source: str, pages: int) -> None:
    with rt.transaction() as s:
        doc = s.get(Application, app_id).documents[1]
        doc.source, doc.pages = source, pages
        doc.parts = [{"url": f"https://api.twilio.example/m/{i}", "page": "0" * 64} for i in range(pages)] if source == "photos" else []


def test_the_back_office_and_the_api_show_a_document_made_from_photos(rt, signed_in, tokens):
    app_id = submitted_application(rt)
    _made_from(rt, app_id, "photos", 3)
    page = signed_in("backoffice").get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert "dari 3 foto" in page and "3 hlm" in page
    body = signed_in("backoffice").get(f"/api/v1/applications/{app_id}", headers=tokens("backoffice")).json
    sources = [d["source"] for d in body["documents"]]
    assert sources[1] == "photos" and set(sources[:1] + sources[2:]) == {"pdf"}
    assert body["documents"][1]["pages"] == 3


def test_a_converted_word_file_says_so(rt, signed_in):
    app_id = submitted_application(rt)
    _made_from(rt, app_id, "converted", 2)
    page = signed_in("backoffice").get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert "diubah dari Word" in page
