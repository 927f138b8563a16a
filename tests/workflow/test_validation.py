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
    ("rekomendasi.toml", 'effect = "return_reasons"\n', "",
     "rekomendasi.toml: action return (completeness_check → returned): a return with reasons takes the fields"),
    ("rekomendasi.toml", "sop_step = 5", "sop_step = 5\nslaa = 3",
     "rekomendasi.toml: stage verification: unknown key 'slaa'"),
    ("rekomendasi.toml", 'owner = "sub_coordinator"', 'owner = "sub_koordinator"',
     "rekomendasi.toml: stage verification: unknown owner role 'sub_koordinator'"),
    ("rekomendasi.toml", 'initial = "draft"', 'initial = "drafts"',
     "rekomendasi.toml: the initial stage 'drafts' is not a stage"),
    ("rekomendasi.toml", "escalation_factor = 2", "escalation_factor = 1",
     "rekomendasi.toml: escalation_factor must be a whole number, 2 or more"),
    ("rekomendasi.toml", "draft_reminder_days = 6", "draft_reminder_days = 8",
     "rekomendasi.toml: draft_reminder_days and draft_cancel_days must be whole days, the reminder first"),
    ("rekomendasi.toml", "draft_cancel_days = 7", "",
     "rekomendasi.toml: missing or wrong value: 'draft_cancel_days'"),
    ("services.toml", 'digest_at = "07:30"', 'digest_at = "pagi"',
     'services.toml: routine: digest_at must be a time like "07:30"'),
    ("services.toml", "complaint_answer_days = 5", "complaint_answer_days = 0",
     "services.toml: routine: complaint_answer_days must be a whole number of working days, 1 or more"),
    ("rekomendasi.toml", "sop_step = 5", 'sop_step = 5\nnotify = "no"',
     "rekomendasi.toml: stage verification: notify must be true or false, not 'no'"),
    ("rekomendasi.toml", "reminder_days = 3\nsop_step = 2", "reminder_days = 3\nsop_step = 2\nnotify = true",
     "rekomendasi.toml: stage returned: notify = true needs a stage owned by a staff role (owner is applicant)"),
    # a service's own files: its questions and its letter (workflow.service_spec)
    ("services/aps.toml", 'type = "date"', 'type = "tanggal"',
     "services/aps.toml: question child_birth_date: type 'tanggal' is not one of text, date, number, choice"),
    ("services/aps.toml", 'ask_en = "What is the *full name of the child* to be helped?"', 'ask_en = ""',
     "services/aps.toml: question child_name: ask_en is missing"),
    ("services/aps.toml", "min_years = 4", "min_year = 4", "services/aps.toml: question child_birth_date: unknown key 'min_year'"),
    ("services/aps.toml", "min_years = 4", "min_years = 40", "services/aps.toml: question child_birth_date: min is larger than max"),
    ("services/aps.toml", 'fields = ["child_name"]', 'fields = ["nama_anak"]',
     "services/aps.toml: receipt: 'nama_anak' is not one of the questions"),
    ("services/aps.toml", 'future_en = "A date', 'futur_en = "A date',
     "services/aps.toml: question child_birth_date: refusals: unknown key 'futur_en'"),
    ("services/aps.letter.toml", 'value = "{child_name}"', 'value = "{nama_anak}"',
     "services/aps.letter.toml: {nama_anak} is neither a question of aps.toml"),
    ("services/aps.letter.toml", 'title = "REKOMENDASI"', 'title = ""', "services/aps.letter.toml: title is missing"),
    ("rekomendasi.toml", "sop_step = 5", 'sop_step = 5\nwords = "diverifikasi"\nwordz_en = "x"',
     "rekomendasi.toml: stage verification: unknown key 'wordz_en'"),
    # one name per desk per service (workflow/desks.py)
    ("reklame.toml", 'words = "diperiksa kelengkapannya oleh Back Office"',
     'words = "diperiksa kelengkapannya oleh Front Office"',
     "reklame.toml: stage completeness_check: words (id) says 'Front Office', but the desk is called 'Back Office'"),
    ("reklame.toml", 'name = "Back Office"\nname_en = "Back Office"', 'name = "Front Office"\nname_en = "Front Office"',
     "reklame.toml: stage verification: words (id) says 'Back Office', but the desk is called 'Front Office'"),
    ("services/reklame.toml", "diteruskan ke Back Office untuk verifikasi", "diteruskan ke Front Office untuk verifikasi",
     "services/reklame.toml: receipt: status (id) says 'Front Office', but the desk is called 'Back Office'"),
])
def test_each_mistake_is_one_clear_line(definitions, file, old, new, expected):
    _edit(definitions / file, old, new)
    problems = check_services(definitions)
    assert any(p.startswith(expected) for p in problems), problems
    assert all("\n" not in p for p in problems)


def test_a_service_without_its_files_is_named(definitions):
    (definitions / "services" / "aps.letter.toml").unlink()
    assert "services/aps.letter.toml: missing (every service has its questions file and its letter template)" in \
        check_services(definitions)


def test_a_choice_needs_choices(definitions):
    with (definitions / "services" / "aps.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[questions]]\nname = "jenis"\ntype = "choice"\nask = "a"\nask_en = "a"\nlabel = "l"\nlabel_en = "l"\n')
    assert "services/aps.toml: question jenis: a choice needs at least two choices" in check_services(definitions)


def test_a_stage_may_switch_its_desk_notices_off(definitions):
    _edit(definitions / "rekomendasi.toml", "sop_step = 5", "sop_step = 5\nnotify = false")
    assert check_services(definitions) == []


def test_an_unreachable_stage_and_a_dead_end_are_named(definitions):
    with (definitions / "rekomendasi.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[stages.limbo]\nowner = "back_office"\n')
    problems = check_services(definitions)
    assert "rekomendasi.toml: stage limbo is unreachable from draft" in problems
    assert "rekomendasi.toml: a file in stage limbo can never end" in problems
    assert "rekomendasi.toml: stage limbo: no words for the applicant (words, words_en)" in problems
    assert "rekomendasi.toml: stage limbo: no label for the staff (label, label_en)" in problems


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
