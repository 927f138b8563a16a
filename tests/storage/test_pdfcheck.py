"""storage.pdfcheck.check_pdf: the bad-input catalogue, one test per case, on files made here."""

from __future__ import annotations

import os

import pytest

from catalogue import exists, placeholders
from storage import pdfcheck
from storage.pdfcheck import PdfVerdict, check_pdf
from tests import pdf_samples as samples


@pytest.fixture
def write(tmp_path):
    def _write(data: bytes, name: str = "document.pdf"):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write


def refused(reason: str) -> PdfVerdict:
    return PdfVerdict(ok=False, pages=None, reason=reason)


# ---- accepted ------------------------------------------------------------------------------
def test_a_text_pdf_is_accepted_with_its_pages_counted(write):
    assert check_pdf(write(samples.text_pdf(pages=3))) == PdfVerdict(ok=True, pages=3, reason=None)


def test_a_phone_scan_is_accepted(write):
    assert check_pdf(write(samples.scan_pdf(pages=2))) == PdfVerdict(ok=True, pages=2, reason=None)


def test_fifty_pages_are_accepted(write):
    assert check_pdf(write(samples.blank_pdf(50))) == PdfVerdict(ok=True, pages=50, reason=None)


def test_an_owner_password_only_pdf_is_accepted(write):
    """Opens without a password (only editing/printing is restricted): staff can read it."""
    verdict = check_pdf(write(samples.encrypted_pdf(user_password="")))
    assert verdict == PdfVerdict(ok=True, pages=1, reason=None)


@pytest.mark.parametrize(("make", "warning"), [
    (samples.javascript_pdf, "javascript"),
    (samples.launch_action_pdf, "launch_action"),
    (samples.attachment_pdf, "embedded_files"),
])
def test_active_content_is_accepted_with_a_warning_for_staff(write, make, warning):
    verdict = check_pdf(write(make()))
    assert verdict.ok and verdict.pages == 1
    assert verdict.warnings == (warning,)


# ---- refused: not a PDF ---------------------------------------------------------------------
@pytest.mark.parametrize("make", [samples.jpeg_bytes, samples.png_bytes, samples.html_bytes, samples.docx_bytes],
                         ids=["jpeg", "png", "html", "zip-docx"])
def test_other_kinds_of_file_named_pdf_are_refused_as_not_pdf(write, make):
    assert check_pdf(write(make(), "scan.pdf")) == refused("doc.refused.not_pdf")


def test_the_pdf_header_must_be_within_the_first_kilobyte(write):
    assert check_pdf(write(b" " * 1024 + samples.text_pdf(1))) == refused("doc.refused.not_pdf")


def test_an_empty_file_is_refused(write):
    assert check_pdf(write(b"")) == refused("doc.refused.empty")


def test_a_pdf_with_no_pages_is_refused_as_empty(write):
    assert check_pdf(write(samples.blank_pdf(0))) == refused("doc.refused.empty")


# ---- refused: broken -------------------------------------------------------------------------
def test_a_truncated_pdf_is_refused_as_corrupt(write):
    data = samples.text_pdf(pages=2)
    assert check_pdf(write(data[: len(data) // 2])) == refused("doc.refused.corrupt")


def test_garbage_after_a_valid_header_is_refused_as_corrupt(write):
    assert check_pdf(write(b"%PDF-1.7\n" + bytes(range(256)) * 40)) == refused("doc.refused.corrupt")


def test_a_page_tree_that_loops_is_refused_as_corrupt(write):
    assert check_pdf(write(samples.looping_tree_pdf())) == refused("doc.refused.corrupt")


# ---- refused: encrypted ----------------------------------------------------------------------
@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_a_pdf_that_needs_a_password_is_refused(write, algorithm):
    data = samples.encrypted_pdf(user_password="rahasia", algorithm=algorithm)
    assert check_pdf(write(data)) == refused("doc.refused.encrypted")


# ---- refused: too big or hostile ------------------------------------------------------------
def test_fifty_one_pages_are_too_many(write):
    assert check_pdf(write(samples.blank_pdf(51))) == refused("doc.refused.too_many_pages")


def test_the_page_limit_is_a_parameter(write):
    assert check_pdf(write(samples.blank_pdf(3)), max_pages=2) == refused("doc.refused.too_many_pages")


def test_a_file_declaring_150000_pages_is_refused(write):
    assert check_pdf(write(samples.many_pages_pdf(150_000))) == refused("doc.refused.too_many_pages")


def test_a_file_with_more_objects_than_any_permit_document_is_refused_before_parsing(write):
    assert check_pdf(write(samples.many_objects_pdf(60_000))) == refused("doc.refused.unsafe")


def test_pages_are_counted_not_taken_from_the_declared_count(write):
    assert check_pdf(write(samples.lying_count_pdf(real_pages=60, declared=1))) == refused("doc.refused.too_many_pages")


def test_a_decompression_bomb_is_refused_as_unsafe(write):
    """4 GB once inflated: pypdf's decompression cap (lowered by the inspector) stops it."""
    assert check_pdf(write(samples.bomb_pdf(megabytes=4096))) == refused("doc.refused.unsafe")


def test_a_decompression_bomb_in_a_form_xobject_is_refused_as_unsafe(write):
    assert check_pdf(write(samples.bomb_pdf(megabytes=1024, in_form=True))) == refused("doc.refused.unsafe")


def test_the_memory_limit_holds_where_the_decompression_cap_does_not(write):
    """20 MB of inflated content is under the cap and fine by default (it is decoded: on disk it
    is long enough to have been a bomb); with less address space than it needs, the process
    limit stops it, and the next file gets a fresh inspector. (A warm inspector keeps the heap of
    earlier files for the next one, so the limited check starts on a fresh one: the limit bounds
    what a process holds, and memory it already holds is not counted twice.)"""
    heavy = write(samples.bomb_pdf(megabytes=20, incompressible_kb=40), "heavy.pdf")
    assert check_pdf(heavy).ok
    pdfcheck.shutdown()
    assert check_pdf(heavy, max_memory_mb=70) == refused("doc.refused.unsafe")
    assert check_pdf(write(samples.text_pdf(1))).ok


def test_an_image_declaring_absurd_dimensions_is_refused_as_unsafe(write):
    assert check_pdf(write(samples.huge_image_pdf())) == refused("doc.refused.unsafe")


def test_a_check_that_runs_out_of_time_is_refused_and_the_inspector_replaced(write):
    """A fine file (20 MB of content to inflate) given a millisecond: killed, refused; then checked again."""
    slow = write(samples.bomb_pdf(megabytes=20, incompressible_kb=40), "slow.pdf")
    check_pdf(write(samples.text_pdf(1)))  # a warm inspector, so the millisecond is all parsing
    assert check_pdf(slow, max_seconds=0.001) == refused("doc.refused.unsafe")
    assert check_pdf(slow) == PdfVerdict(ok=True, pages=1, reason=None)


def test_a_stream_in_an_unknown_encoding_is_refused_as_unsafe(write):
    """pypdf raises NotImplementedError for it (not a PyPdfError): we cannot vouch for the file."""
    assert check_pdf(write(samples.unknown_filter_pdf())) == refused("doc.refused.unsafe")


# ---- the sandbox itself -----------------------------------------------------------------------
def test_an_inspector_that_died_between_checks_is_replaced(write):
    path = write(samples.text_pdf(1))
    assert check_pdf(path).ok
    pdfcheck._workers["check"].proc.kill()
    pdfcheck._workers["check"].proc.wait()
    assert check_pdf(path) == PdfVerdict(ok=True, pages=1, reason=None)


def test_an_inspector_found_dead_while_sending_is_replaced_not_blamed_on_the_file(write, monkeypatch):
    """It died just after the liveness check: the request never reached it, so ask a fresh one."""
    path = write(samples.text_pdf(1))
    assert check_pdf(path).ok
    dead = pdfcheck._workers["check"]
    dead.proc.kill()
    dead.proc.wait()
    monkeypatch.setattr(dead, "usable", lambda: True)
    assert check_pdf(path) == PdfVerdict(ok=True, pages=1, reason=None)
    assert pdfcheck._workers["check"] is not dead


def test_parsing_happens_in_another_process(write):
    check_pdf(write(samples.text_pdf(1)))
    assert pdfcheck._workers["check"] is not None and pdfcheck._workers["check"].proc.pid != os.getpid()


def test_a_forked_child_uses_its_own_inspector(write):
    """An RQ work-horse is a fork: it must not talk over its parent's pipes."""
    path = write(samples.text_pdf(2))
    assert check_pdf(path).ok
    parent_worker = pdfcheck._workers["check"].proc.pid
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.close(read_end)
            verdict = check_pdf(path)
            os.write(write_end, f"{verdict.pages} {pdfcheck._workers['check'].proc.pid}".encode())
            pdfcheck.shutdown()
        finally:
            os._exit(0)
    os.close(write_end)
    pages, child_worker = os.read(read_end, 100).decode().split()
    os.waitpid(child, 0)
    assert pages == "2" and int(child_worker) != parent_worker
    assert check_pdf(path).pages == 2 and pdfcheck._workers["check"].proc.pid == parent_worker


# ---- the texts -------------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["doc.refused.not_pdf", "doc.refused.encrypted", "doc.refused.corrupt",
                                 "doc.refused.empty", "doc.refused.too_many_pages", "doc.refused.too_large",
                                 "doc.refused.unsafe", "doc.refused.download_failed", "doc.accepted",
                                 "doc.refused.image_broken", "doc.refused.image_too_large",
                                 "doc.refused.image_too_small", "doc.refused.not_image",
                                 "doc.refused.office_unavailable", "doc.refused.office_failed"])
def test_every_reason_has_a_text_in_both_languages_with_the_same_variables(key):
    assert exists(key)
    assert placeholders(key, "id") == placeholders(key, "en")


def test_the_verdicts_name_the_requirement_and_what_was_sent_and_end_with_what_comes_next():
    """One message per document: "✅ *KTP-el*: 2 foto → PDF 2 halaman — diterima." + the next prompt."""
    assert placeholders("doc.accepted") == {"requirement", "what", "skipped", "next"}
    assert {"requirement", "what", "next"} <= placeholders("doc.refused.corrupt")
