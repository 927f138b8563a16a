"""`flask services check`: each kind of mistake in the data files is one clear line; sync refuses them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workflow.definition import DEFINITIONS
from workflow.validation import check_services


@pytest.fixture
def definitions(tmp_path) -> Path:
    target = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS, target)
    return target


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_the_shipped_files_are_sound():
    assert check_services() == []


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("services.toml", 'workflow = "rekomendasi"', 'workflow = "rekomendasi"\nworkfow = "typo"',
     "services.toml: service APS: unknown key 'workfow'"),
    ("services.toml", 'workflow = "rekomendasi"', 'workflow = "no_such_flow"',
     "services.toml: service APS: workflow 'no_such_flow' has no file no_such_flow.toml beside services.toml"),
    ("services.toml", 'code = "APS"', 'code = "aps-1"', "services.toml: service aps-1: code must be 1–8 capital"),
    ("services.toml", 'label_en = "Parent/guardian\'s e-KTP (ID card)"', 'label_en = ""',
     "services.toml: service APS: requirement ktp_wali: label_en is missing"),
    ("services.toml", 'code = "kartu_keluarga"', 'code = "ktp_wali"',
     "services.toml: service APS: requirement ktp_wali: code used twice in this service"),
    # the reasons a clerk ticks on a return (workflow.return_reasons)
    ("services.toml", 'reasons = ["unreadable", "incomplete", "wrong_person", "wrong_document"]',
     'reasons = ["unreadable", "incomplete", "wrong_person", "wrong_documnet"]',
     "services.toml: service APS: requirement ktp_wali: reasons: 'wrong_documnet' is not one of the service's return_reasons"),
    ("services.toml", 'label_en = "blurred or unreadable"', 'label_en = ""',
     "services.toml: service APS: return reason 1 unreadable: label_en is missing"),
    ("services.toml", 'code = "unreadable"', 'code = "unreadable"\n  text = "typo"',
     "services.toml: service APS: return reason 1: unknown key 'text'"),
    ("services.toml", 'code = "expired"', 'code = "unreadable"',
     "services.toml: service APS: return reason 2: code 'unreadable' used twice"),
    ("services.toml", 'code = "wrong_size"', 'code = "Wrong-Size"',
     "services.toml: service APS: requirement pas_foto: reasons: code must be lower-case"),
    ("rekomendasi.toml", "sop_step = 5", "sop_step = 5\nslaa = 3",
     "rekomendasi.toml: stage verification: unknown key 'slaa'"),
    ("rekomendasi.toml", 'owner = "sub_coordinator"', 'owner = "sub_koordinator"',
     "rekomendasi.toml: stage verification: unknown owner role 'sub_koordinator'"),
    ("rekomendasi.toml", 'initial = "draft"', 'initial = "drafts"',
     "rekomendasi.toml: the initial stage 'drafts' is not a stage"),
    ("rekomendasi.toml", "sop_step = 5", 'sop_step = 5\nnotify = "no"',
     "rekomendasi.toml: stage verification: notify must be true or false, not 'no'"),
    ("rekomendasi.toml", "reminder_days = 3\nsop_step = 2", "reminder_days = 3\nsop_step = 2\nnotify = true",
     "rekomendasi.toml: stage returned: notify = true needs a stage owned by a staff role (owner is applicant)"),
])
def test_each_mistake_is_one_clear_line(definitions, file, old, new, expected):
    _edit(definitions / file, old, new)
    problems = check_services(definitions)
    assert any(p.startswith(expected) for p in problems), problems
    assert all("\n" not in p for p in problems)


def test_a_stage_may_switch_its_desk_notices_off(definitions):
    _edit(definitions / "rekomendasi.toml", "sop_step = 5", "sop_step = 5\nnotify = false")
    assert check_services(definitions) == []


def test_an_unreachable_stage_and_a_dead_end_are_named(definitions):
    with (definitions / "rekomendasi.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[stages.limbo]\nowner = "back_office"\n')
    problems = check_services(definitions)
    assert "rekomendasi.toml: stage limbo is unreachable from draft" in problems
    assert "rekomendasi.toml: a file in stage limbo can never end" in problems


def test_a_notice_without_text_is_named(definitions):
    path = definitions / "rekomendasi.toml"
    text = path.read_text(encoding="utf-8")
    import re

    key = re.search(r'notice = "([^"]+)"', text).group(1)
    _edit(path, f'notice = "{key}"', 'notice = "notice.no_such_text"')
    assert any("the catalogue has no 'id' text for 'notice.no_such_text'" in p for p in check_services(definitions))


def test_not_toml_is_one_line(definitions):
    (definitions / "broken.toml").write_text("key = [", encoding="utf-8")
    problems = check_services(definitions)
    assert len(problems) == 1 and problems[0].startswith("broken.toml: not readable TOML")


def test_flask_services_check_and_sync_refuse_a_broken_file(app, definitions, monkeypatch):
    import workflow.definition as definition
    import workflow.validation as validation

    _edit(definitions / "services.toml", 'workflow = "rekomendasi"', 'workflow = "rekomendasi"\nworkfow = "typo"')
    monkeypatch.setattr(validation, "DEFINITIONS", definitions)
    monkeypatch.setattr(definition, "DEFINITIONS", definitions)
    runner = app.test_cli_runner()
    checked = runner.invoke(args=["services", "check"])
    assert checked.exit_code == 1
    assert "unknown key 'workfow'" in checked.output
    synced = runner.invoke(args=["services", "sync"])
    assert synced.exit_code == 1
    assert "nothing was synced" in synced.output


def test_flask_services_check_passes_on_the_shipped_files(app):
    result = app.test_cli_runner().invoke(args=["services", "check"])
    assert result.exit_code == 0, result.output
