"""The one catalogue: every text in both languages with the same variables, and every text the
back office asks for (literally in a template or view, or by a stage/action/field name of the
workflow files) is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import catalogue
from catalogue import Phrase
from catalogue.backoffice import PREFIX
from workflow.definition import all_workflows
from workflow.skm import ELEMENTS, category

ROOT = Path(__file__).resolve().parents[1]
SCREEN_SOURCES = [*sorted((ROOT / "backoffice" / "templates").rglob("*.html")), *sorted((ROOT / "backoffice").glob("*.py")),
                  *sorted((ROOT / "workflow").rglob("*.py"))]
# t("desk.title"), i18n.t("login.signed_out"), t('app.reason_for') — literal keys only.
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_][a-z0-9_.]*[a-z0-9_])["']\s*[,)]""")
# The staff-account rules name their refusals by key ("staff.error.nip"); so do the phrases.
NAMED_KEY = re.compile(r"""["']((?:staff\.error|field_error)\.[a-z0-9_.]*[a-z0-9_])["']""")


@pytest.mark.parametrize("key", sorted(catalogue.MESSAGES))
def test_every_text_is_in_both_languages_with_the_same_variables(key):
    entry = catalogue.MESSAGES[key]
    assert set(entry) == set(catalogue.LANGUAGES), key
    assert all(isinstance(entry[lang], str) and entry[lang].strip() for lang in catalogue.LANGUAGES), key
    assert catalogue.placeholders(key, "id") == catalogue.placeholders(key, "en"), key


def test_every_literal_screen_key_has_a_text():
    missing = []
    for path in SCREEN_SOURCES:
        source = path.read_text(encoding="utf-8")
        for key in LITERAL_KEY.findall(source) + NAMED_KEY.findall(source):
            if not (catalogue.exists(PREFIX + key) or catalogue.exists(key)):
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, missing


def test_the_literal_key_scan_finds_keys():
    """Guards the test above against a pattern that silently matches nothing."""
    found = {key for path in SCREEN_SOURCES for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))}
    assert {"desk.title", "login.signed_out", "app.reason_for", "complaints.sent"} <= found
    named = {key for path in SCREEN_SOURCES for key in NAMED_KEY.findall(path.read_text(encoding="utf-8"))}
    assert {"staff.error.nip", "field_error.wrong_pickup_code", "field_error.wrong_passphrase"} <= named


@pytest.mark.parametrize("flow", all_workflows(), ids=lambda flow: flow.key)
def test_every_stage_action_and_field_of_the_workflow_has_a_staff_label(flow):
    """…from the catalogue or, for a stage or action the workflow's data words itself, from the data."""
    wanted = {f"stage.{name}" for name, stage in flow.stages.items() if not stage.label}
    wanted |= {f"action.{action.name}" for action in flow.actions if not action.label}
    wanted |= {f"field.{field.name}" for action in flow.actions for field in action.fields}
    assert not {key for key in wanted if not catalogue.exists(PREFIX + key)}
    assert all(catalogue.exists(f"stage.{name}") or stage.words for name, stage in flow.stages.items())


def test_staff_stage_labels_and_applicant_stage_phrases_are_both_kept_apart():
    assert catalogue.text("bo.stage.verification", "id") == "Verifikasi"
    assert catalogue.text("stage.verification", "id").startswith("diverifikasi")


def test_a_phrase_reads_as_english_and_renders_in_indonesian():
    phrase = Phrase("field_error.answer_too_long", max=2000)
    assert phrase == "at most 2000 characters" and str(phrase) == "at most 2000 characters"
    assert phrase.in_language("id") == "paling banyak 2000 karakter"
    import pickle
    again = pickle.loads(pickle.dumps(phrase))
    assert again.key == phrase.key and again.in_language("id") == phrase.in_language("id")


def test_skm_words_come_from_the_catalogue():
    biaya = next(e for e in ELEMENTS if e.code == "BIAYA")
    assert biaya.labels_in("en") == ("Very expensive", "Rather expensive", "Cheap", "Free")
    assert biaya.name_in("id") == catalogue.text("skm.BIAYA.name", "id") == "Biaya/Tarif"
    assert category(90) == ("A", "Sangat baik") and category(60, "en") == ("D", "Bad")


def test_working_days_read_right_for_one_and_for_several():
    """`{days:working_days}`: "1 working day" (it said "within 1 working days"), "2 working days"."""
    from catalogue import render

    assert "within 1 working day.\n" in render("question.ask", "en", days=1, min=10, max=1000)
    assert "within 2 working days.\n" in render("question.ask", "en", days=2, min=10, max=1000)
    assert "paling lambat 1 hari kerja.\n" in render("question.ask", "id", days=1, min=10, max=1000)


def test_a_label_inside_a_sentence_loses_its_capital_but_an_acronym_keeps_it():
    """The general refusals name the data's label mid-sentence: "Mohon tulis ukuran (luas bidang)
    sebagai angka", not "Mohon tulis Ukuran (luas bidang)"; "STR berlaku sampai" stays as it is."""
    from catalogue import render

    assert render("bot.apply.answer.number.invalid", "id", label="Ukuran (luas bidang)").startswith(
        "Mohon tulis ukuran (luas bidang) sebagai angka")
    assert render("bot.apply.answer.date.invalid", "id", label="STR berlaku sampai").startswith(
        "Mohon tulis STR berlaku sampai sebagai")
    assert render("bot.apply.answer.number.range", "en", label="Duration", min=1, max=365).startswith(
        "The duration must be between 1 and 365")
    assert render("bot.apply.answer.number.range", "id", label="Lama pemasangan", min=1, max=365).startswith(
        "Lama pemasangan harus antara 1 dan 365")


# ---- decimals: one rule (catalogue.format_number) --------------------------------------------
@pytest.mark.parametrize(("value", "language", "decimals", "kwargs", "expected"), [
    (2.5, "id", 2, {}, "2,5"), (2.5, "en", 2, {}, "2.5"), (4.0, "id", 2, {}, "4"), (4.0, "en", 2, {}, "4"),
    (83.3333, "id", 2, {"keep_zeros": True}, "83,33"), (83.3333, "en", 2, {"keep_zeros": True}, "83.33"),
    (75, "id", 2, {"keep_zeros": True}, "75,00"), (0.1, "en", 2, {}, "0.1"), (12, "en", 0, {}, "12"),
    ("abc", "en", 2, {}, "abc"),
])
def test_decimals_follow_the_readers_language(value, language, decimals, kwargs, expected):
    assert catalogue.format_number(value, language, decimals, **kwargs) == expected


@pytest.mark.parametrize(("language", "expected"), [("id", "2,5 m²"), ("en", "2.5 m²")])
def test_an_answer_with_decimals_is_shown_in_the_readers_way(language, expected):
    """Reklame's size on the chat's summary and the staff's case details (English printed '2,5')."""
    from workflow.service_spec import shown, spec_for

    assert shown(spec_for("REKLAME").question("reklame_size"), 2.5, language) == expected
