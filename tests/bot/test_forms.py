"""Blank forms per service as data (definitions/services/<code>.forms.toml): INFO lists them and the bot
sends each as a PDF document through the outbox, rendered when Twilio fetches the signed link."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from storage import OutboxMessage, Requirement, Service
from workflow import definition
from workflow.paperwork import forms


def _rows(rt) -> list[OutboxMessage]:
    with rt.sessions() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.key == "bot.info.form_document")
                              .order_by(OutboxMessage.id)))


def _text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def _info(chat, code="APS") -> str:
    """INFO, then the service when several are offered (a list to pick from)."""
    reply = chat.send("INFO")
    return reply if ("Persyaratan" in reply or "Requirements" in reply) else chat.send(code)


def test_info_lists_the_forms_and_sends_each_as_a_pdf(chat, rt, run_jobs, client, fake_twilio):
    reply = _info(chat)
    assert "Formulir yang perlu diisi" in reply
    assert "• Formulir Surat Permohonan" in reply and "• Formulir Surat Pernyataan" in reply
    rows = _rows(rt)
    assert [r.variables["form"] for r in rows] == ["surat_permohonan", "surat_pernyataan"]
    assert all(r.attachment == "form" and r.priority == "reply" and r.document_id is None for r in rows)
    run_jobs()
    sent = [m for m in fake_twilio.messages if m.get("MediaUrl")]
    assert len(sent) == 2 and all("Cetak, isi dan tanda tangani" in m["Body"] for m in sent)
    assert 'persyaratan "Surat permohonan kepada Bupati Rokan Hilir' in sent[0]["Body"]
    texts = []
    for message in sent:
        url = message["MediaUrl"]
        assert url.startswith("http://testserver.local/media/f/") and url.endswith(".pdf")
        response = client.get(url.removeprefix("http://testserver.local"))
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert "formulir-surat-" in response.headers["Content-Disposition"]
        texts.append(_text(response.data))
    permohonan, pernyataan = texts
    assert "Kepada Yth." in permohonan and "Bupati Rokan Hilir" in permohonan and "Nama lengkap anak" in permohonan
    assert "Kartu Keluarga (KK)" in permohonan  # the attachments: the service's requirements, as data
    assert "Surat permohonan kepada Bupati" not in permohonan  # not itself
    assert "SURAT PERNYATAAN" in pernyataan and "Meterai" in pernyataan and "Rp10.000" in pernyataan
    assert all(len(PdfReader(io.BytesIO(client.get(m["MediaUrl"].removeprefix("http://testserver.local")).data)).pages) == 1
               for m in sent)  # each fits one A4 page


def test_in_english_the_forms_keep_their_words_but_the_bot_speaks_english(chat, rt):
    chat.send("LANGUAGE")
    chat.send("2")
    reply = _info(chat)
    assert "Forms to fill in" in reply and "• Application letter form" in reply and "• Statement form" in reply


def test_form_links_refuse_bad_tampered_and_unknown_tokens(client, config, rt, seeded):
    from jobs.media import form_url

    good = form_url(config, "APS", "surat_pernyataan", "x.pdf").removeprefix(config.base_url)
    assert client.get(good).status_code == 200
    assert client.get(good.replace("/x.pdf", "") [:-2] + "xx/x.pdf").status_code == 404
    assert client.get("/media/f/not-a-token/x.pdf").status_code == 404
    for service, form in (("APS", "nope"), ("ZZZ", "surat_pernyataan"), ("../APS", "surat_pernyataan")):
        assert client.get(form_url(config, service, form, "x.pdf").removeprefix(config.base_url)).status_code == 404


def test_a_service_without_a_forms_file_lists_none(chat, rt):
    with rt.transaction() as s:
        svc = Service(code="TST", name="Izin Uji Coba", name_en="Trial permit", workflow="rekomendasi", number_format="T/{seq}/{year}")
        svc.requirements.append(Requirement(code="ktp", position=1, label="KTP-el pemohon", label_en="e-KTP", required=True))
        s.add(svc)
    chat.send("INFO")
    reply = chat.send("TST")
    assert "*Izin Uji Coba*" in reply and "Formulir" not in reply
    assert forms.forms_for("TST") == [] and _rows(rt) == []


def test_the_forms_data_names_the_services_requirements_and_known_blocks(tmp_path, monkeypatch):
    spec = next(s for s in definition.service_definitions() if s["code"] == "APS")
    codes = {r["code"] for r in spec["requirements"]}
    assert forms.problems("APS", codes) == []
    assert {f.requirement for f in forms.forms_for("APS")} <= codes
    shutil.copytree(definition.DEFINITIONS, tmp_path, dirs_exist_ok=True)
    (tmp_path / "services" / "aps.forms.toml").write_text(
        '[[forms]]\ncode = "x"\nrequirement = "nope"\ntitle = "X"\n  [[forms.blocks]]\n  kind = "poem"\n', encoding="utf-8")
    from workflow.validation import check_services

    found = [p for p in check_services(tmp_path) if "forms" in p or "APS/x" in p]
    assert found == ["services.toml: service APS: APS/x: requirement 'nope' is not one of the service's",
                     "services.toml: service APS: APS/x: unknown block kind 'poem'"]
    (tmp_path / "services" / "aps.forms.toml").write_text("[[forms]\n", encoding="utf-8")
    assert any("services/aps.forms.toml: not readable" in p for p in check_services(tmp_path))
    monkeypatch.setattr(definition, "DEFINITIONS", tmp_path)
    assert forms.problems("APS", codes)  # the app's own loader reads the same file


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is not installed")
def test_the_forms_render_to_an_image(tmp_path):
    spec = next(s for s in definition.service_definitions() if s["code"] == "APS")
    requirements = [(r["code"], r["label"]) for r in spec["requirements"] if r.get("required")]
    for form in forms.forms_for("APS"):
        pdf = tmp_path / form.filename
        pdf.write_bytes(forms.render(form, requirements))
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / form.code)], check=True)
        assert (tmp_path / f"{form.code}-1.png").stat().st_size > 5000
        assert not (tmp_path / f"{form.code}-2.png").exists()  # one page
