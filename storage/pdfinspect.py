"""Look inside one untrusted PDF, with pypdf, and say what it is. Runs in the sandbox worker.

This module is what `storage.pdfcheck` runs in a separate, resource-limited process: it is run
as a script (`python -I storage/pdfinspect.py`), so it imports only pypdf and the standard
library (not the `storage` package and its models). Run with the argument `convert` it is the
converter process (storage/conversion.py): requests with an `"op"` of `photo_page`, `assemble`
or `office` go to storage/photopdf.py (Pillow, pillow-heif, img2pdf, LibreOffice), under the
same limits. It reads requests as JSON lines on stdin,
`{"path": …, "max_pages": …, "max_seconds": …, "max_memory_mb": …}`, and answers each with one JSON
line `{"reason": key-or-null, "pages": n-or-null, "warnings": […], "peak_rss_kb": n}`.

What it checks, cheaply and with bounded work:
- pypdf parses the cross-reference table and trailer (a truncated or damaged file fails here);
- encryption: a file that opens with the empty password (owner password only) is fine, one that
  needs a user password is refused;
- the page tree, walked by hand with a visited set and a bound: the declared `/Count` and the
  number of pages actually found, both at most `max_pages` (a file declaring 150,000 pages is
  refused without walking them);
- every page's content streams (and its form XObjects, one level) are decoded with pypdf's
  decompression limits set low, so a decompression bomb stops at the limit; images are not
  decoded, but one whose declared size is absurd is refused;
- JavaScript, launch actions and embedded files are noted as warnings for staff.
"""

from __future__ import annotations

import gc
import io
import json
import re
import resource
import struct
import sys
import zlib

from pypdf import PasswordType, PdfReader, overwrite_configuration
from pypdf.errors import DependencyError, LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

NOT_PDF = "doc.refused.not_pdf"
ENCRYPTED = "doc.refused.encrypted"
CORRUPT = "doc.refused.corrupt"
EMPTY = "doc.refused.empty"
TOO_MANY_PAGES = "doc.refused.too_many_pages"
UNSAFE = "doc.refused.unsafe"

# Per decoded stream. A page's text and drawings are rarely over a few MB; images are not decoded.
MAX_DECODED_STREAM = 32 * 1024 * 1024
# Declared (uncompressed) size of one image; a 600 dpi A4 colour scan is about 100 MB.
MAX_IMAGE_BYTES = 256 * 1024 * 1024
MAX_TREE_NODES = 10_000
# All streams of one file together, decoded.
MAX_DECODED_TOTAL = 256 * 1024 * 1024
# The most one input byte can become through each filter (deflate's maximum is 1032:1; an LZW
# code of 9+ bits yields at most 4096 bytes; run-length 2 → 128; ASCII85's "z" 1 → 4). A stream
# whose encoded length times these cannot exceed MAX_DECODED_STREAM cannot be a bomb, and is not
# decoded (that keeps the check near pypdf's own speed); any other filter (Brotli, JBIG2, …) means decode.
EXPANSION = {
    "/FlateDecode": 1100, "/Fl": 1100,
    "/LZWDecode": 4096, "/LZW": 4096,
    "/RunLengthDecode": 64, "/RL": 64,
    "/ASCII85Decode": 4, "/A85": 4,
    "/ASCIIHexDecode": 1, "/AHx": 1,
}
# Objects a file may declare (trailer /Size). pypdf needs about 1.2 s per 100,000 entries just to
# read a cross-reference table; a 50-page permit document has hundreds, a tagged one a few thousand.
MAX_OBJECTS = 50_000
TAIL = 64 * 1024
_SIZE = re.compile(rb"/Size\s+(\d{1,12})")
_COUNT = re.compile(rb"/Count\s+(\d{1,12})")
MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024

# What parsing a hostile or broken file can raise: pypdf's own errors (LimitReachedError is a
# PyPdfError but not a PdfReadError), and the plain errors its parser lets through on
# malformed input ("broken PDF files might cause other Exceptions", pypdf/errors.py).
PARSE_ERRORS = (
    PyPdfError,
    ValueError,  # includes UnicodeDecodeError
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    AssertionError,
    ArithmeticError,  # OverflowError, ZeroDivisionError on absurd numbers
    zlib.error,
    struct.error,
    EOFError,
)


class Refused(Exception):  # noqa: N818 - a verdict, not a failure
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


INSPECTOR_LIMITS = dict(
    disable_legacy_handling=True,
    zlib_maximum_output_length=MAX_DECODED_STREAM,
    lzw_maximum_output_length=MAX_DECODED_STREAM,
    run_length_maximum_output_length=MAX_DECODED_STREAM,
    brotli_maximum_output_length=MAX_DECODED_STREAM,
    array_based_stream_maximum_output_length=MAX_DECODED_STREAM,
    jbig2_maximum_output_length=MAX_DECODED_STREAM,
    stream_decoding_work_maximum_length=4 * MAX_DECODED_STREAM,
    jbig2dec_binary=None,  # never run an external decoder on untrusted input
)


def configure_pypdf() -> None:
    """Lower pypdf's decompression limits (defaults are 75 MB per stream) to ours, for this process."""
    overwrite_configuration(**INSPECTOR_LIMITS)


def has_magic(head: bytes) -> bool:
    return MAGIC in head[:MAGIC_WINDOW]


def _resolve(obj):
    seen = 0
    while isinstance(obj, IndirectObject):
        obj = obj.get_object()
        seen += 1
        if seen > 32:
            raise Refused(CORRUPT)
    return obj


def _key(obj) -> tuple[int, int] | None:
    ref = obj.indirect_reference if hasattr(obj, "indirect_reference") else None
    return (ref.idnum, ref.generation) if ref is not None else None


def _declared_count(pages_root) -> int:
    count = _resolve(pages_root.get("/Count", 0))
    try:
        return int(count)
    except (TypeError, ValueError):
        raise Refused(CORRUPT) from None


def _walk_pages(pages_root, max_pages: int) -> list[DictionaryObject]:
    """The leaf pages, in order, walking /Kids by hand: cycles and depth are bounded."""
    found: list[DictionaryObject] = []
    stack = [pages_root]
    visited: set = set()
    nodes = 0
    while stack:
        node = _resolve(stack.pop())
        if not isinstance(node, DictionaryObject):
            raise Refused(CORRUPT)
        key = _key(node) or id(node)
        if key in visited:
            raise Refused(CORRUPT)  # a page tree that loops
        visited.add(key)
        nodes += 1
        if nodes > MAX_TREE_NODES:
            raise Refused(UNSAFE)
        kids = node.get("/Kids")
        if node.get("/Type") == "/Pages" or (kids is not None and node.get("/Type") != "/Page"):
            kids = _resolve(kids)
            if not isinstance(kids, ArrayObject):
                raise Refused(CORRUPT)
            stack.extend(reversed(list(kids)))
        else:
            found.append(node)
            if len(found) > max_pages:
                raise Refused(TOO_MANY_PAGES)
    return found


def _streams(value) -> list[StreamObject]:
    value = _resolve(value)
    if isinstance(value, StreamObject):
        return [value]
    if isinstance(value, ArrayObject):
        return [s for s in (_resolve(v) for v in value) if isinstance(s, StreamObject)]
    return []


def _check_image(image: StreamObject) -> None:
    try:
        width = int(_resolve(image.get("/Width", 0)))
        height = int(_resolve(image.get("/Height", 0)))
        bits = int(_resolve(image.get("/BitsPerComponent", 8)))
    except (TypeError, ValueError):
        raise Refused(CORRUPT) from None
    if width < 0 or height < 0 or width * height * max(bits, 1) * 4 // 8 > MAX_IMAGE_BYTES:
        raise Refused(UNSAFE)


class _Budget:
    """Decodes the streams that could be bombs, within a total for the whole file."""

    def __init__(self) -> None:
        self.left = MAX_DECODED_TOTAL

    def decode(self, stream: StreamObject) -> None:
        filters = _resolve(stream.get("/Filter"))
        names = [_resolve(f) for f in filters] if isinstance(filters, ArrayObject) else [filters] if filters else []
        bound = len(stream._data)
        for name in names:
            bound *= EXPANSION.get(name, MAX_DECODED_TOTAL)
        if bound <= MAX_DECODED_STREAM:
            return  # cannot inflate past the cap: no need to find out by how much
        self.left -= len(stream.get_data())
        stream.decoded_self = None  # keep no decoded copy around
        if self.left < 0:
            raise Refused(UNSAFE)


def _decode_page(page: DictionaryObject, budget: _Budget) -> None:
    """Decode the page's content streams and its form XObjects where needed; check its images' sizes."""
    for stream in _streams(page.get("/Contents")):
        budget.decode(stream)
    resources = _resolve(page.get("/Resources"))
    xobjects = _resolve(resources.get("/XObject")) if isinstance(resources, DictionaryObject) else None
    if not isinstance(xobjects, DictionaryObject):
        return
    for ref in xobjects.values():
        xobject = _resolve(ref)
        if not isinstance(xobject, StreamObject):
            continue
        if xobject.get("/Subtype") == "/Image":
            _check_image(xobject)
        else:
            budget.decode(xobject)


def _action_kinds(action) -> set[str]:
    action = _resolve(action)
    if not isinstance(action, DictionaryObject):
        return set()
    kind = action.get("/S")
    return {"/JavaScript": {"javascript"}, "/Launch": {"launch_action"}}.get(kind, set())


def _warnings(reader: PdfReader, pages: list[DictionaryObject]) -> tuple[str, ...]:
    found: set[str] = set()
    root = _resolve(reader.trailer.get("/Root"))
    names = _resolve(root.get("/Names"))
    if isinstance(names, DictionaryObject):
        if "/JavaScript" in names:
            found.add("javascript")
        if "/EmbeddedFiles" in names:
            found.add("embedded_files")
    found |= _action_kinds(root.get("/OpenAction"))
    for holder in [root, *pages]:
        additional = _resolve(holder.get("/AA"))
        if isinstance(additional, DictionaryObject):
            for action in additional.values():
                found |= _action_kinds(action)
    for page in pages:
        annots = _resolve(page.get("/Annots"))
        if not isinstance(annots, ArrayObject):
            continue
        for annot in annots:
            annot = _resolve(annot)
            if not isinstance(annot, DictionaryObject):
                continue
            if annot.get("/Subtype") == "/FileAttachment":
                found.add("embedded_files")
            found |= _action_kinds(annot.get("/A"))
    if isinstance(_resolve(root.get("/AcroForm")), DictionaryObject) and "/XFA" in _resolve(root["/AcroForm"]):
        found.add("xfa_form")
    return tuple(sorted(found))


def _precheck_size(data: bytes, max_pages: int) -> None:
    """Refuse before parsing a file that declares more objects than any acceptable one has."""
    declared = [int(n) for n in _SIZE.findall(data[-TAIL:])]
    if declared and max(declared) > MAX_OBJECTS:
        counts = [int(n) for n in _COUNT.findall(data)]
        raise Refused(TOO_MANY_PAGES if counts and max(counts) > max_pages else UNSAFE)


def inspect(path: str, max_pages: int) -> tuple[int, tuple[str, ...]]:
    """(pages, warnings) of an acceptable PDF; raises Refused(reason) otherwise."""
    with open(path, "rb") as fh:
        data = fh.read()
    if not data:
        raise Refused(EMPTY)
    if not has_magic(data[:MAGIC_WINDOW]):
        raise Refused(NOT_PDF)
    _precheck_size(data, max_pages)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError:  # an encryption the installed crypto cannot open
                raise Refused(ENCRYPTED) from None
            if opened == PasswordType.NOT_DECRYPTED:
                raise Refused(ENCRYPTED)
        root = _resolve(reader.trailer.get("/Root"))
        if not isinstance(root, DictionaryObject):
            raise Refused(CORRUPT)
        pages_root = _resolve(root.get("/Pages"))
        if not isinstance(pages_root, DictionaryObject):
            raise Refused(CORRUPT)
        if _declared_count(pages_root) > max_pages:
            raise Refused(TOO_MANY_PAGES)
        pages = _walk_pages(pages_root, max_pages)
        if not pages:
            raise Refused(EMPTY)
        budget = _Budget()
        for page in pages:
            _decode_page(page, budget)
        return len(pages), _warnings(reader, pages)
    except (LimitReachedError, MemoryError, RecursionError, NotImplementedError, DependencyError):
        # over a limit, or something pypdf cannot decode (an unsupported filter): not checkable safely
        raise Refused(UNSAFE) from None
    except PARSE_ERRORS:
        raise Refused(CORRUPT) from None


# ---- the worker process --------------------------------------------------------------------
def _reset_peak_rss() -> None:
    """Start this check's peak-memory figure afresh (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _peak_rss_kb() -> int:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _limit(max_seconds: float, max_memory_mb: int) -> None:
    """This job's limits: address space, and CPU seconds from now (RLIMIT_CPU counts the process's life)."""
    resource.setrlimit(resource.RLIMIT_AS, (max_memory_mb * 1024 * 1024, resource.RLIM_INFINITY))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu_now = used.ru_utime + used.ru_stime
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu_now + max_seconds) + 1, resource.RLIM_INFINITY))


def _unlimit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


_photopdf = None


def photopdf():
    """storage/photopdf.py, loaded by path (this process runs as a script, without the package)."""
    global _photopdf
    if _photopdf is None:
        import importlib.util
        import os

        spec = importlib.util.spec_from_file_location("photopdf", os.path.join(os.path.dirname(__file__), "photopdf.py"))
        _photopdf = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_photopdf)
    return _photopdf


def _convert(request: dict) -> dict:
    """The conversions (storage/photopdf.py): "photo_page", "assemble", "office"."""
    module = photopdf()
    op = request["op"]
    try:
        if op == "photo_page":
            return {"reason": None, **module.photo_page(request["path"], request["out"])}
        if op == "assemble":
            return {"reason": None, "pages": module.assemble(request["pages"], request["out"])}
        if op == "office":
            module.office_to_pdf(request["path"], request["out"])
            return {"reason": None}
    except module.Refused as refused:
        return {"reason": refused.reason}
    except MemoryError:
        return {"reason": UNSAFE}
    return {"reason": CORRUPT}


def handle(request: dict) -> dict:
    _reset_peak_rss()
    _limit(float(request["max_seconds"]), int(request["max_memory_mb"]))
    try:
        if request.get("op", "check") != "check":
            answer = _convert(request)
        else:
            pages, warnings = inspect(request["path"], int(request["max_pages"]))
            answer = {"reason": None, "pages": pages, "warnings": list(warnings)}
    except Refused as refused:
        answer = {"reason": refused.reason, "pages": None, "warnings": []}
    finally:
        _unlimit()
    answer["peak_rss_kb"] = _peak_rss_kb()
    return answer


def main() -> None:  # pragma: no cover - exercised through storage.pdfcheck in a subprocess
    import logging
    import warnings

    logging.disable(logging.CRITICAL)  # pypdf logs what it finds in the file: keep it out of logs
    warnings.simplefilter("ignore")
    sys.setrecursionlimit(2000)
    configure_pypdf()
    if "convert" in sys.argv[1:]:
        photopdf().load()  # the converter: Pillow, pillow-heif and img2pdf loaded once, before any limit
    gc.freeze()  # what is loaded now stays: later collections scan only a check's own objects
    sys.stdout.write('{"ready": true}\n')
    sys.stdout.flush()
    for line in sys.stdin:
        answer = handle(json.loads(line))
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        if answer["reason"] == UNSAFE:
            return  # after a bomb, start afresh: the parent starts a new worker
        gc.collect()  # pypdf's objects form cycles: free this file's buffers now, after answering


if __name__ == "__main__":
    main()
