"""HAPUS DATA: confirmation first; then drafts, refused documents and the conversation go (from the
database and the file store), what the office must keep stays with its reason, and an open file
leaves a pending erasure that staff see and the sweep finishes once the file closes."""

from __future__ import annotations

from sqlalchemy import select

from jobs.retention import sweep
from storage import Applicant, Application, Document, InboundMessage, OutboxMessage
from tests import factories
from tests.bot.conftest import register_and_activate, start_application
from tests.pdf_samples import blank_pdf
from workflow import engine


def _applicant(rt) -> Applicant:
    with rt.sessions() as s:
        return s.scalar(select(Applicant))


def _draft_with_files(chat, run_jobs, rt):
    register_and_activate(chat)
    start_application(chat)
    chat.send("", pdfs=[blank_pdf(1), blank_pdf(2)])
    run_jobs()
    with rt.sessions() as s:
        app = s.scalar(select(Application))
        return app.id, [d.sha256 for d in app.documents]


def test_hapus_data_asks_first_and_no_keeps_everything(chat, rt, run_jobs):
    app_id, digests = _draft_with_files(chat, run_jobs, rt)
    reply = chat.send("HAPUS DATA")
    assert "Hapus data pribadi" in reply and "Balas *HAPUS*" in reply
    assert "Balas *HAPUS* untuk menghapus" in chat.send("mungkin nanti")
    assert "tidak ada data yang dihapus" in chat.send("TIDAK")
    with rt.sessions() as s:
        assert s.get(Application, app_id) is not None
    assert all(rt.files.exists(d) for d in digests)
    assert _applicant(rt).consent_at is not None


def test_hapus_data_asks_with_two_buttons_a_tap_on_no_keeps_everything(chat, rt):
    register_and_activate(chat)
    assert "1. Hapus data saya\n2. Tidak, batalkan" in chat.send("HAPUS DATA")
    assert "tidak ada data yang dihapus" in chat.send("Tidak, batalkan", tap=("TIDAK", "Tidak, batalkan"))
    with rt.sessions() as s:
        assert s.scalar(select(Applicant)).consent_at is not None


def test_hapus_data_deletes_a_draft_its_files_and_the_conversation(chat, rt, run_jobs):
    app_id, digests = _draft_with_files(chat, run_jobs, rt)
    chat.send("HAPUS DATA")
    reply = chat.send("HAPUS")
    assert "sudah kami laksanakan" in reply and "1 draf permohonan, 2 dokumen" in reply
    assert "Yang tetap kami simpan" not in reply
    run_jobs()  # the files leave the store after the commit
    with rt.sessions() as s:
        assert s.get(Application, app_id) is None
        assert s.scalar(select(Document)) is None
        # Only the confirming message's row stays (its MessageSid guards against a retry), emptied.
        inbound = list(s.scalars(select(InboundMessage)))
        assert len(inbound) == 1 and inbound[0].body == "" and inbound[0].payload == {}
        sent = list(s.scalars(select(OutboxMessage).where(OutboxMessage.status.in_(("sent", "delivered")))))
        assert all(m.body is None for m in sent)
    assert not any(rt.files.exists(d) for d in digests)
    applicant = _applicant(rt)
    with rt.sessions() as s:
        from storage.access_log import AccessLogEntry

        [entry] = s.scalars(select(AccessLogEntry).where(AccessLogEntry.action == "erase"))
        assert entry.applicant_id == applicant.id and entry.staff_id is None
        assert "documents=2" in entry.detail and "Siti" not in entry.detail and "1407" not in entry.detail
    assert applicant.consent_at is None and applicant.activated_at is None
    assert applicant.name is None and applicant.nik is None and applicant.address is None


def test_hapus_data_keeps_an_issued_letter_and_its_register_entry_with_the_reason(chat, rt, run_jobs, seeded):
    register_and_activate(chat)
    with rt.transaction() as s:
        who = s.scalar(select(Applicant))
        app = factories.draft_with_documents(s, who)
        factories.advance(s, app, until="completed")
        refused = Document(requirement=app.documents[0].requirement, filename="x.pdf", status="refused",
                           sha256=rt.files.put_bytes(b"refused scan"))
        app.documents.append(refused)
        code, number = app.tracking_code, app.issued_number
    chat.send("HAPUS DATA")
    reply = chat.send("HAPUS")
    assert "Yang tetap kami simpan" in reply and code in reply and "Kearsipan" in reply
    run_jobs()
    with rt.sessions() as s:
        app = s.scalar(select(Application))
        assert app.issued_number == number and app.applicant.name == "Siti Aminah"  # the register keeps them
        assert {d.kind for d in app.documents} >= {"issued", "receipt"}
        assert all(d.status != "refused" for d in app.documents)
    assert _applicant(rt).erasure_requested_at is None  # nothing left to wait for


def test_an_open_file_leaves_a_pending_erasure_staff_see_and_the_sweep_finishes(chat, rt, run_jobs, seeded, client):
    register_and_activate(chat)
    with rt.transaction() as s:
        app = factories.draft_with_documents(s, s.scalar(select(Applicant)))
        engine.fire(app, "submit", app.applicant)
        app_id, code = app.id, app.tracking_code
    chat.send("HAPUS DATA")
    reply = chat.send("HAPUS")
    assert code in reply and "masih diproses" in reply
    assert _applicant(rt).erasure_requested_at is not None

    from tests.backoffice.helpers import login

    login(client, "backoffice")
    page = client.get(f"/backoffice/applications/{app_id}").get_data(as_text=True)
    assert "erasure-pending" in page and "meminta penghapusan data" in page

    sweep()  # still open: nothing more happens
    assert _applicant(rt).erasure_requested_at is not None
    with rt.transaction() as s:
        app = factories.advance(s, s.get(Application, app_id), until="technical_review")
        engine.fire(app, "reject", factories.staff(s, "teknis"), reason="Tidak memenuhi syarat")
        assert app.closed_at is not None
    assert sweep()["erasures"] == 1
    assert _applicant(rt).erasure_requested_at is None


def test_hapus_data_for_a_number_that_never_registered(chat, rt):
    chat.send("HAPUS DATA")
    assert "0 draf permohonan, 0 dokumen" in chat.send("HAPUS")


def _complaint_and_question(rt) -> tuple[str, str]:
    from storage import Complaint, Question

    with rt.transaction() as s:
        who = s.scalar(select(Applicant))
        s.add(Complaint(code="ADU-2026-000001", applicant_id=who.id, body="Petugas lambat membalas",
                        status="answered", answer="Mohon maaf, sudah kami tindak lanjuti"))
        s.add(Question(code="TNY-2026-000001", applicant_id=who.id, body="Apakah KK harus dilegalisir?"))
    return "ADU-2026-000001", "TNY-2026-000001"


def test_hapus_data_names_a_kept_complaint_with_its_reason_and_deletes_questions(chat, rt, run_jobs):
    from storage import Complaint, Question

    register_and_activate(chat)
    complaint, _question = _complaint_and_question(rt)
    chat.send("HAPUS DATA")
    reply = chat.send("HAPUS")
    assert "Yang tetap kami simpan" in reply and complaint in reply and "Pelayanan Publik" in reply
    with rt.sessions() as s:
        assert s.scalar(select(Complaint)) is not None and s.scalar(select(Question)) is None


def test_data_saya_counts_complaints_and_questions_and_the_pdf_lists_them(chat, rt, run_jobs, client, fake_twilio):
    import io

    from pypdf import PdfReader

    register_and_activate(chat)
    complaint, question = _complaint_and_question(rt)
    assert "Pengaduan: 1; pertanyaan kepada petugas: 1" in chat.send("DATA SAYA")
    chat.send("PDF")
    run_jobs()
    url = [m for m in fake_twilio.messages if m.get("MediaUrl")][-1]["MediaUrl"]
    pdf = client.get(url.removeprefix("http://testserver.local")).data
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert complaint in text and "Petugas lambat membalas" in text and "sudah kami tindak lanjuti" in text
    assert question in text and "dilegalisir" in text
