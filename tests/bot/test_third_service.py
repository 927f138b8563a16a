"""A service an office adds by writing data only, run end to end: a throwaway service (its own
workflow with a stage and a role name no code knows, its own questions of every type, its own
letter) written into a temporary copy of workflow/definitions, checked and synced with the
office's commands, then a file through it: the chat asks its questions, the staff work it on
the web, the receipt and the letter print its data (rendered to PNG and looked at), STATUS and
the dashboard name its new stage in its own words."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from storage import Application
from tests.backoffice.helpers import csrf_from, login, pdf_bytes, preview_from
from tests.bot.conftest import date_examples, register_and_activate, says
from tests.paperwork.conftest import pdf_text
from workflow.definition import DEFINITIONS
from workflow.service_spec import spec_for

SERVICE = '''
[[services]]
code = "UJI"
name = "Izin Uji Coba Usaha"
name_en = "Trial business permit"
workflow = "uji"
number_format = "UJI/{seq}/{year}"
  [[services.requirements]]
  code = "ktp"
  label = "KTP-el pemohon"
  label_en = "Applicant's e-KTP"
  required = true
  [[services.requirements]]
  code = "denah"
  label = "Denah lokasi usaha"
  label_en = "Site plan"
  required = true
'''

QUESTIONS = '''
[[questions]]
name = "business_name"
type = "text"
min_length = 3
max_length = 80
label = "Nama usaha"
label_en = "Business name"
ask = "Apa *nama usaha* Bapak/Ibu?"
ask_en = "What is the *business name*?"

[[questions]]
name = "area"
type = "number"
decimals = 1
min = 1
max = 100
unit = "m²"
label = "Luas tempat usaha"
label_en = "Floor area"
ask = "Berapa *luas tempat usaha* (m²)?"
ask_en = "What is the *floor area* (m²)?"

[[questions]]
name = "opening"
type = "date"
no_past = true
label = "Tanggal mulai usaha"
label_en = "Opening date"
ask = "Kapan *usaha mulai*? Tulis seperti *01-02-2027*."
ask_en = "When does the *business open*? Write it like *01-02-2027*."

[[questions]]
name = "kind"
type = "choice"
label = "Jenis usaha"
label_en = "Kind of business"
ask = "Apa *jenis usaha*-nya?"
ask_en = "What *kind of business* is it?"
  [[questions.choices]]
  code = "warung"
  label = "Warung makan"
  label_en = "Food stall"
  [[questions.choices]]
  code = "bengkel"
  label = "Bengkel"
  label_en = "Repair shop"

[receipt]
fields = ["business_name", "kind"]
status = "LENGKAP — diteruskan ke Tim Survei Lapangan"
note = "Tanda terima ini BUKAN izin uji coba usaha."
'''

LETTER = '''
title = "IZIN UJI COBA USAHA"
document = "Izin Uji Coba Usaha"
document_en = "Trial business permit"
filename = "izin-uji"
legal_basis = ["Permohonan nomor registrasi {tracking_code}"]
opening = "Kepala {office_name} Kabupaten Rokan Hilir memberikan izin uji coba kepada:"
body = ["untuk menjalankan {kind} \\"{business_name}\\" seluas {area} mulai {opening}."]
[[fields]]
label = "Nama pemohon"
value = "{applicant_name}"
[[fields]]
label = "Nama usaha"
value = "{business_name}"
[[fields]]
label = "Luas"
value = "{area}"
[[fields]]
label = "Mulai"
value = "{opening}"
'''


def _workflow() -> str:
    """SIP's route with one more stage, `field_survey`, held by the technical team under a name
    of this workflow's own ("Tim Survei Lapangan"): words, label and button text only in data."""
    text = (DEFINITIONS / "sip.toml").read_text(encoding="utf-8").replace('key = "sip"', 'key = "uji"')
    text = text.replace('[roles.sub_coordinator]', '''[roles.technical_team]
name = "Tim Survei Lapangan"
name_en = "Field survey team"

[roles.sub_coordinator]''', 1)
    text = text.replace('[stages.verification]', '''[stages.field_survey]
owner = "technical_team"
sla = { working_days = 2 }
words = "disurvei oleh Tim Survei Lapangan"
words_en = "being surveyed by the field survey team"
label = "Survei lapangan"
label_en = "Field survey"

[stages.verification]''', 1)
    text = text.replace('target = "verification"  # the SOP: straight to the Ahli Muda, no Rekomendasi Teknis',
                        'target = "field_survey"')
    return text + '''
[[actions]]
name = "survey_done"
kind = "forward"
source = "field_survey"
target = "verification"
roles = ["technical_team"]
label = "Survei selesai, teruskan"
label_en = "Survey done, forward"
'''


@pytest.fixture
def third_service(tmp_path, monkeypatch, app):
    """A copy of the definitions with service UJI added, checked and synced as an office would."""
    import workflow.definition as definition
    import workflow.validation as validation

    target = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS, target)
    with (target / "services.toml").open("a", encoding="utf-8") as fh:
        fh.write(SERVICE)
    (target / "uji.toml").write_text(_workflow(), encoding="utf-8")
    (target / "services" / "uji.toml").write_text(QUESTIONS, encoding="utf-8")
    (target / "services" / "uji.letter.toml").write_text(LETTER, encoding="utf-8")
    monkeypatch.setattr(definition, "DEFINITIONS", target)
    monkeypatch.setattr(validation, "DEFINITIONS", target)
    runner = app.test_cli_runner()
    checked = runner.invoke(args=["services", "check"])
    assert checked.exit_code == 0, checked.output
    synced = runner.invoke(args=["services", "sync"])
    assert synced.exit_code == 0, synced.output
    return target


def _act(client, app_id, action, **data):
    page = client.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert f"/actions/{action}" in page, action
    data["csrf_token"] = csrf_from(page)
    if action == "sign":
        data["preview_sha256"] = preview_from(page)
    res = client.post(f"/backoffice/applications/{app_id}/actions/{action}", data=data,
                      content_type="multipart/form-data")
    assert res.status_code == 302, (action, res.get_data(as_text=True)[:1500])
    return page


def test_a_service_written_as_data_runs_end_to_end(third_service, chat, rt, run_jobs, app, config, tmp_path):
    # ---- the chat: the service is offered, its questions asked and checked ----------------------
    register_and_activate(chat)
    listing = chat.send("AJUKAN")
    assert "Izin Uji Coba Usaha" in listing and "Rekomendasi Bantuan" in listing
    assert "Apa *nama usaha* Bapak/Ibu?" in chat.send("UJI")
    assert "Berapa *luas tempat usaha* (m²)?" in chat.send("Warung Berkah")
    assert says("bot.apply.answer.number.invalid", label="Luas tempat usaha") in chat.send("luas sekali")
    assert says("bot.apply.answer.number.range", label="Luas tempat usaha", min="1", max="100") in chat.send("250")
    assert "Kapan *usaha mulai*?" in chat.send("12,5 m²")
    example = date_examples(spec_for("UJI").question("opening"))
    assert says("bot.apply.answer.date.invalid", label="Tanggal mulai usaha", **example) in chat.send("besok lusa")
    assert says("bot.apply.answer.date.past", label="Tanggal mulai usaha", **example) in chat.send("01-01-2020")
    opening = date.today() + timedelta(days=60)
    kind = chat.send(opening.strftime("%d-%m-%Y"))
    assert "Apa *jenis usaha*-nya?" in kind and "1. Warung makan" in kind and "2. Bengkel" in kind
    assert says("bot.apply.answer.choice.invalid", label="Jenis usaha", count=2) in chat.send("9")
    documents = chat.send("1")
    assert "1. KTP-el pemohon" in documents and "2. Denah lokasi usaha" in documents
    with rt.sessions() as s:
        draft = s.scalar(select(Application).order_by(Application.id.desc()))
        assert draft.details == {"business_name": "Warung Berkah", "area": 12.5, "opening": opening.isoformat(),
                                 "kind": "warung"}
        assert draft.tracking_code is None or draft.tracking_code.startswith("UJI-")
    chat.send("", pdfs=[pdf_bytes("KTP"), pdf_bytes("Denah")])
    run_jobs()
    summary = chat.send("SELESAI")
    assert "Nama usaha: Warung Berkah" in summary and "Luas tempat usaha: 12,5 m²" in summary
    assert "Jenis usaha: Warung makan" in summary
    chat.send("YA")
    with rt.sessions() as s:
        app_id = s.scalar(select(Application.id).order_by(Application.id.desc()))
        application = s.get(Application, app_id)
        assert application.stage == "completeness_check"
        code = application.tracking_code
    assert re.fullmatch(r"UJI-\d{4}-\d{6}", code)

    # ---- the staff, on the web: the new stage and role in the data's words ---------------------
    clients = {}

    def staff(username):
        if username not in clients:
            clients[username] = app.test_client()
            assert login(clients[username], username).status_code == 302
        return clients[username]

    _act(staff("backoffice"), app_id, "accept")
    status = chat.send("STATUS")  # the applicant reads the new stage and its holder in the data's words
    assert code in status and "disurvei oleh Tim Survei Lapangan" in status and "stage." not in status
    page = _act(staff("teknis"), app_id, "survey_done")
    assert "Survei lapangan" in page and "Survei selesai, teruskan" in page and "stage.field_survey" not in page
    for username, action, fields in (
        ("subkoor", "verify", {}), ("koor", "approve", {}), ("backoffice", "assign_number", {}),
        ("kadis", "sign", {"passphrase": config.tte_dev_passphrase}), ("backoffice", "print", {}),
    ):
        _act(staff(username), app_id, action, **fields)
    with rt.sessions() as s:
        application = s.get(Application, app_id)
        history = [(e.from_stage, e.to_stage) for e in application.history]
        assert ("completeness_check", "field_survey") in history and ("field_survey", "verification") in history
        assert application.issued_number == f"UJI/1/{application.issued_at.year}"
        docs = {d.kind: d for d in application.documents if d.kind in ("receipt", "issued") and d.status == "accepted"}
        receipt, letter = (rt.files.get_bytes(docs[k].sha256) for k in ("receipt", "issued"))
        assert docs["issued"].filename == f"izin-uji-{code.lower()}.pdf"
        pickup = application.pickup_code
    _act(staff("backoffice"), app_id, "collect", pickup_code=pickup)

    # ---- what the receipt and the letter print ---------------------------------------------------
    flat = " ".join(pdf_text(receipt).split())
    assert "Nama usaha : Warung Berkah" in flat or ("Nama usaha" in flat and "Warung Berkah" in flat)
    assert "LENGKAP — diteruskan ke Tim Survei Lapangan" in flat and "Warung makan" in flat
    assert "Nama anak" not in flat
    flat = " ".join(pdf_text(letter).split())
    assert "IZIN UJI COBA USAHA" in flat and "REKOMENDASI" not in flat
    assert 'untuk menjalankan Warung makan "Warung Berkah" seluas 12,5 m²' in flat
    assert "Nama anak" not in flat
    _look(receipt, letter, tmp_path)

    # ---- the history page and the dashboard and register rows -------------------------------
    page = staff("backoffice").get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert "Survei lapangan" in page and "Tim Survei Lapangan" in page
    supervisor = staff("pengawas")
    board = supervisor.get("/backoffice/dashboard?service=UJI")
    assert board.status_code == 200
    text = board.get_data(as_text=True)
    assert "Izin Uji Coba Usaha" in text and "Survei lapangan" in text and "stage.field_survey" not in text
    register = supervisor.get("/backoffice/reports/register?service=UJI")
    assert register.status_code == 200 and code in register.get_data(as_text=True)


def _look(receipt: bytes, letter: bytes, tmp_path: Path) -> None:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    for name, data in (("receipt", receipt), ("letter", letter)):
        pdf = tmp_path / f"{name}.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / name)], check=True)
        [png] = sorted(tmp_path.glob(f"{name}-*.png"))
        with Image.open(png) as image:
            assert image.getbbox() is not None
        shutil.copy(png, f"/tmp/services-uji-{name}.png")  # kept for a person to look at


def test_the_sip_chat_asks_the_practice_not_the_child(chat, rt):
    """The shipped SIP: a profession from a list, the STR (valid for life: LEWATI), the practice."""
    from tests.bot.conftest import apply_for

    register_and_activate(chat)
    profession = apply_for(chat, "SIP")
    assert "*profesi*" in profession and "1. Dokter" in profession and "anak" not in profession
    assert "*nomor STR*" in chat.send("Bidan")  # a choice answered by its words
    assert "STR berlaku" in chat.send("1234567890123456")
    past = chat.send("01-01-2020")
    assert "STR yang sudah habis masa berlakunya" in past
    assert "*nama tempat praktik*" in chat.send("LEWATI")
    chat.send("Klinik Pratama Sehat")
    chat.send("Jl. Perniagaan No. 7, Bagan Barat, Bangko")
    documents = chat.send("Senin–Jumat 16.00–20.00")
    assert "Surat Tanda Registrasi (STR)" in documents
    with rt.sessions() as s:
        draft = s.scalar(select(Application).order_by(Application.id.desc()))
        assert draft.service.code == "SIP" and draft.details["profession"] == "bidan"
        assert draft.details["str_valid_until"] == ""  # skipped: the letter prints "Seumur hidup"
        assert "child_name" not in draft.details
