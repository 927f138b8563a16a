"""One name per desk per service: what the applicant reads about the desk that receives their
file — the "submitted" notice (the stage's words), the "accepted" notice and the Tanda Terima —
calls it the same (workflow/desks.py)."""

from __future__ import annotations

import pytest

import catalogue
from workflow.definition import load, service_definitions
from workflow.desks import DESK_NAMES, desk_name
from workflow.service_spec import spec_for

SERVICES = [(s["code"], s["workflow"]) for s in service_definitions()]


def _desks(text: str) -> set[str]:
    return {d for d in DESK_NAMES if d in text}


@pytest.mark.parametrize(("code", "key"), SERVICES)
@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_the_applicant_meets_one_desk_name(code, key, language):
    flow = load(key)
    first = next(a for a in flow.actions if a.name == "submit").target  # where a submitted file waits
    said = {
        "submitted": catalogue.render("notice.submitted", language, stage=first, workflow=key),
        "accepted": catalogue.render("notice.accepted", language, stage="verification", workflow=key),
    }
    if language == "id":  # the receipt is in Indonesian
        said["receipt status"] = spec_for(code).receipt.status
        said["receipt signatory"] = f"Petugas penerima ({desk_name(flow.roles, 'id')})"
    named = {what: _desks(text) for what, text in said.items()}
    assert set().union(*named.values()) <= {desk_name(flow.roles, language)}, named
    assert _desks(said["accepted"]) == {desk_name(flow.roles, language)}


def test_reklame_names_its_desk_once_in_its_data():
    flow = load("reklame")
    assert flow.roles["back_office"]["id"] == desk_name(flow.roles, "id") == catalogue.role_name("back_office", "id", "reklame")
    for stage in flow.stages.values():
        for words in (stage.words, stage.label):
            assert "Front Office" not in " ".join(words.values()), stage.name


def test_a_renamed_desk_is_what_the_notice_says():
    """`{workflow:desk}` is the workflow's own name for the desk (its data), not a fixed one."""
    flow = load("reklame")
    renamed = {"back_office": {"id": "Loket Front Office", "en": "front desk"}}
    assert desk_name(renamed, "id") == "Loket Front Office" and desk_name(renamed, "en") == "front desk"
    assert desk_name({}, "en") == catalogue.text("role.back_office", "en")
    assert desk_name(flow.roles, "en") in catalogue.render("notice.accepted", "en", workflow="reklame")
