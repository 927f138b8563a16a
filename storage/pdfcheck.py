"""Is this file a PDF we accept? `check_pdf(path)` answers with a `PdfVerdict`.

The first kilobyte is looked at here (no process is needed to refuse a JPEG). The file is
untrusted (it came from WhatsApp), so it is parsed in a separate process with resource limits
(address space, CPU seconds) and a wall-clock timeout, so a hostile file cannot hurt the caller.
The process stays warm between checks (starting Python and importing pypdf costs far more than
checking a typical file); it is replaced after a refusal as unsafe, after it dies or hangs,
after `RECYCLE_AFTER` checks, and in a forked child (an RQ work-horse gets its own). The
parsing itself is in `storage/pdfinspect.py`. `InspectorUnavailable` means the process could
not be started or reached: our fault, not the file's; let the job fail and retry.

Reasons are message-catalogue keys (catalogue/documents.py): doc.refused.not_pdf, .encrypted,
.corrupt, .empty, .too_many_pages, .unsafe.
"""

from __future__ import annotations

import json
import logging
import os
import pathlib
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from storage.pdfinspect import EMPTY, MAGIC_WINDOW, NOT_PDF, UNSAFE, has_magic

log = logging.getLogger(__name__)

# A fresh process now and then bounds whatever a parser might leak; its start (~80–400 ms) is
# paid by one check in RECYCLE_AFTER (memory stays flat between: see BENCHMARKS.md).
RECYCLE_AFTER = 1000
START_SECONDS = 30.0  # starting Python and importing pypdf, on a busy machine
_INSPECTOR = pathlib.Path(__file__).with_name("pdfinspect.py")
# glibc's allocator in the inspector: keep freed memory for the next file instead of handing it
# back to the kernel after every check (a 3 MB scan's buffers were mmap'ed, page-faulted and
# zeroed afresh each time: 3× the cost of the checks). The address-space limit still holds, and
# more than 64 MB free at the top of the heap is still returned.
_ALLOCATOR_ENV = {"MALLOC_MMAP_THRESHOLD_": str(64 * 1024 * 1024), "MALLOC_TRIM_THRESHOLD_": str(64 * 1024 * 1024)}


CHECK, CONVERT = "check", "convert"


class InspectorUnavailable(RuntimeError):
    """The inspector process could not be started: our fault, not the file's (let the job retry)."""


@dataclass(frozen=True)
class PdfVerdict:
    ok: bool
    pages: int | None
    reason: str | None  # a catalogue key when refused, e.g. "doc.refused.not_pdf"
    warnings: tuple[str, ...] = ()  # e.g. ("javascript", "launch_action", "embedded_files")


def _refused(reason: str) -> PdfVerdict:
    return PdfVerdict(ok=False, pages=None, reason=reason)


class _NotSent(Exception):
    pass


class _Worker:
    """One warm inspector process, talking JSON lines over pipes."""

    def __init__(self, mode: str = CHECK) -> None:
        self.owner = os.getpid()
        self.checks = 0
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(_INSPECTOR), *([mode] if mode != CHECK else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            env={**os.environ, **_ALLOCATOR_ENV},
        )
        self.last_peak_rss_kb = 0
        self.ready = self._read_line(START_SECONDS) is not None

    def usable(self) -> bool:
        return self.ready and self.owner == os.getpid() and self.proc.poll() is None and self.checks < RECYCLE_AFTER

    def ask(self, request: dict, timeout: float) -> dict | None:
        """The worker's answer, or None when it died or ran out of time (it is then killed).
        Raises _NotSent when the worker was gone before the request reached it."""
        self.checks += 1
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.proc.stdin.flush()
        except OSError:  # BrokenPipeError: it died idle, not because of this file
            self.stop()
            raise _NotSent from None
        answer = self._read_line(timeout)
        self.last_peak_rss_kb = answer.get("peak_rss_kb", 0) if answer else self.last_peak_rss_kb
        return answer

    def _read_line(self, timeout: float) -> dict | None:
        """One JSON line from the worker; None (and the worker stopped) when it dies or is too slow."""
        deadline = time.monotonic() + timeout
        line = b""
        fd = self.proc.stdout.fileno()
        while not line.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                self.last_peak_rss_kb = _peak_rss_kb(self.proc.pid)
                self.stop()
                return None
            chunk = os.read(fd, 65536)
            if not chunk:  # the worker died (RLIMIT_CPU's SIGXCPU, out of memory, a crash)
                self.stop()
                return None
            line += chunk
        return json.loads(line)

    def stop(self) -> None:
        if self.owner != os.getpid():
            return  # a forked child never touches its parent's worker
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass


def _peak_rss_kb(pid: int) -> int:
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


_lock = threading.Lock()
# One warm process per mode: CHECK (pypdf only, the lean PDF check) and CONVERT (Pillow,
# pillow-heif, img2pdf: storage/conversion.py), so a PDF check never carries the image libraries.
_workers: dict[str, _Worker] = {}
_last = {"peak_rss_kb": 0}


def _forget_parents_worker() -> None:
    """In a forked child (an RQ work-horse): drop the parent's pipes and lock; start afresh when needed."""
    global _lock
    _lock = threading.Lock()
    for worker in _workers.values():
        for pipe in (worker.proc.stdin, worker.proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass
    _workers.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_parents_worker)


def _ready_worker(mode: str, fresh: bool = False) -> _Worker:
    worker = _workers.get(mode)
    if fresh or worker is None or not worker.usable():
        if worker is not None:
            worker.stop()
        worker = _workers[mode] = _Worker(mode)
        if not worker.ready:
            worker.stop()
            del _workers[mode]
            raise InspectorUnavailable(f"the {mode} inspector process did not start")
    return worker


def ask_inspector(request: dict, timeout: float, mode: str = CHECK) -> dict | None:
    """Send one request to the warm process of `mode`; its answer, or None when it died or ran
    out of time (it is then replaced, as after an answer of UNSAFE)."""
    with _lock:
        try:
            worker = _ready_worker(mode)
            answer = worker.ask(request, timeout)
        except _NotSent:
            try:
                worker = _ready_worker(mode, fresh=True)
                answer = worker.ask(request, timeout)
            except _NotSent:
                raise InspectorUnavailable("the inspector process died before it got the file") from None
        _last["peak_rss_kb"] = worker.last_peak_rss_kb
        if answer is None or answer.get("reason") == UNSAFE:
            if answer is None:
                log.warning("%s: inspector gave no answer within %.1fs or died (exit %s); refused as unsafe",
                            mode, timeout, worker.proc.poll())
            worker.stop()
            _workers.pop(mode, None)
        return answer


def last_peak_rss_kb() -> int:
    """Peak resident memory (kB) of the inspector process as of the last check (for the benchmark)."""
    return _last["peak_rss_kb"]


def shutdown() -> None:
    """Stop the warm inspector processes (tests, benchmark, worker shutdown)."""
    with _lock:
        for worker in _workers.values():
            worker.stop()
        _workers.clear()


def check_pdf(
    path: pathlib.Path,
    *,
    max_pages: int = 50,
    max_seconds: float = 10.0,
    max_memory_mb: int = 300,
) -> PdfVerdict:
    """The verdict on the file at `path`: magic bytes here, the rest in the limited process."""
    path = pathlib.Path(path)
    with path.open("rb") as fh:
        head = fh.read(MAGIC_WINDOW)
    if not head:
        return _refused(EMPTY)
    if not has_magic(head):
        return _refused(NOT_PDF)
    request = {"path": str(path.resolve()), "max_pages": max_pages, "max_seconds": max_seconds,
               "max_memory_mb": max_memory_mb}
    answer = ask_inspector(request, timeout=max_seconds)
    if answer is None:
        return _refused(UNSAFE)
    if answer["reason"]:
        return _refused(answer["reason"])
    return PdfVerdict(ok=True, pages=answer["pages"], reason=None, warnings=tuple(answer["warnings"]))
