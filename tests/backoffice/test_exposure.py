"""Minimum exposure (UU 27/2022): each role sees the applicant's number and address in full only
where its stage needs them (backoffice/access.FULL_VIEW), masked elsewhere, on the page and the API;
the NIK in full only to the back office at the completeness check. The matrix is README's
("Minimum exposure: who sees what"), for every role."""

from __future__ import annotations

import pytest

from storage import Application
from tests import factories
from tests.backoffice.helpers import USERS, submitted_application

PHONE, MASKED_PHONE = "+6281234567890", "+6281*****7890"
ADDRESS, MASKED_ADDRESS = "Jl. Merdeka 1", "Jl. M****** …"
NIK, MASKED_NIK = "1407014107050001", "1407********0001"
# README's matrix: role → (number in full?, address in full?). Kept beside FULL_VIEW on purpose: a
# change to one without the other (and the README) fails here.
MATRIX = {
    "back_office": (True, True),
    "technical_team": (False, True),
    "sub_coordinator": (False, True),
    "coordinator": (False, True),
    "head_of_office": (False, True),
    "supervisor": (True, False),
    "admin": (False, False),
}


def _advanced(rt, until: str) -> int:
    app_id = submitted_application(rt)
    with rt.transaction() as s:
        factories.advance(s, s.get(Application, app_id), until=until)
    return app_id


@pytest.fixture
def at_technical_review(rt, seeded):
    return _advanced(rt, "technical_review")


@pytest.fixture
def completed(rt, seeded):
    """A file every role has worked on, so each may open it."""
    return _advanced(rt, "completed")


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_each_role_sees_contact_fields_per_the_matrix(role, client, tokens, signed_in, completed):
    full_phone, full_address = MATRIX[role]
    res = client.get(f"/api/v1/applications/{completed}", headers=tokens(USERS[role]))
    assert res.status_code == 200, res.json
    applicant = res.json["applicant"]
    assert applicant["whatsapp"] == (PHONE if full_phone else MASKED_PHONE)
    assert applicant["address"] == (ADDRESS if full_address else MASKED_ADDRESS)
    assert applicant["nik"] == MASKED_NIK
    page = signed_in(USERS[role]).get(f"/backoffice/applications/{completed}").get_data(as_text=True)
    assert (PHONE in page) is full_phone and (MASKED_PHONE in page) is not full_phone
    assert (ADDRESS in page) is full_address and NIK not in page


def test_the_full_nik_only_to_the_back_office_at_the_completeness_check(client, tokens, rt, seeded):
    app_id = submitted_application(rt)
    full = client.get(f"/api/v1/applications/{app_id}", headers=tokens(USERS["back_office"])).json
    assert full["applicant"]["nik"] == NIK
    for role in ("supervisor", "admin"):
        seen = client.get(f"/api/v1/applications/{app_id}", headers=tokens(USERS[role])).json
        assert seen["applicant"]["nik"] == MASKED_NIK, role


def test_the_api_shows_a_pending_erasure(client, tokens, rt, at_technical_review):
    from storage import utcnow

    with rt.transaction() as s:
        s.get(Application, at_technical_review).applicant.erasure_requested_at = utcnow()
    res = client.get(f"/api/v1/applications/{at_technical_review}", headers=tokens(USERS["back_office"]))
    assert res.json["applicant"]["erasure_requested_at"]
