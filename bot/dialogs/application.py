"""AJUKAN/APPLY: choose the service, answer its questions (one generic step walks the service's
questions from its data, workflow/definitions/services/<code>.toml, and keeps the answers in
`application.details`), one PDF per requirement, a summary, and `YA` to submit. A returned file goes through the same document step, asking
only for what was returned, and `YA` resubmits it.

The draft is an `Application` row in stage `draft` (it survives restarts; the bot sweep
reminds on day 6 and cancels on day 7). Files are `Document` rows in status `pending` until
the document-check job (jobs/documents.py) accepts or refuses them and sends the verdict with
the next prompt in one message (`progress()` below, shared by the dialog and the job). Photos
for one requirement make one document (`collecting` in the conversation data) until SELESAI, a
PDF, or a refusal; a file that arrives while the bot asks something else waits in `unfiled`
while step "which" asks which requirement it is for. `PINDAH a KE b` moves a misfiled document.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from bot import answers
from bot.conversation import Dialog, Invalid, Reply, Step, Turn, normalise, pick
from bot.dialogs.registration import YES
from catalogue import render
from catalogue import text as catalogue_text
from catalogue.choices import Choice
from storage import Application, Document, Requirement, Service
from storage.digits import is_number
from storage.filekinds import looks_like_photo
from workflow import engine, return_reasons
from workflow.errors import BadFields, NotAllowed
from workflow.service_spec import Question, shown, spec_for

DIALOG_NAME = "application"
CHECK_JOB = "jobs.documents.check_document"
SKIP = {"lewati", "skip"}
DONE = {"selesai", "done", "lanjut", "next", "sudah"}
LIVE = ("pending", "accepted")
SUBMIT_TAP = "YA"  # what the summary's "Ajukan" button posts
# "PINDAH 2 KE 5", "pindahkan 2 5", "move 2 to 5": a document filed under the wrong requirement.
MOVE = re.compile(r"^(?:pindah|pindahkan|move)\s+(\d{1,2})\s+(?:ke\s+|to\s+)?(\d{1,2})$")
# A file name WhatsApp puts in the body of a document message (a photo's body is its caption).
FILE_NAME = re.compile(r"^[^\n/\\]{1,200}\.(pdf|jpe?g|png|webp|heic|heif|docx?|odt|rtf)$", re.IGNORECASE)


# ---- shared with the document job ------------------------------------------------------------
def requirements(app: Application) -> list[Requirement]:
    return [r for r in app.service.requirements if r.active]


def wanted(app: Application, data: dict) -> list[Requirement]:
    """The requirements this round asks for: all (apply) or the returned ones (resend)."""
    reqs = requirements(app)
    if data.get("mode") == "resend":
        return [r for r in reqs if r.id in data.get("resend", [])]
    return reqs


def _has_live(app: Application, req: Requirement, data: dict) -> bool:
    since = data.get("since")
    for doc in app.current_documents():
        if doc.requirement_id == req.id and doc.status in LIVE:
            if since is None or (doc.created_at and doc.created_at.isoformat() >= since):
                return True
    return False


def missing(app: Application, data: dict) -> list[Requirement]:
    skipped = set(data.get("skipped", []))
    return [r for r in wanted(app, data) if r.id not in skipped and not _has_live(app, r, data)]


def pending(app: Application) -> list[Document]:
    return [d for d in app.current_documents() if d.status == "pending"]


def _label(req: Requirement, language: str) -> str:
    return req.label_for(language)


def _position(app: Application, req: Requirement) -> int:
    return requirements(app).index(req) + 1


def ask_for(app: Application, req: Requirement, language: str) -> Reply:
    optional = "" if req.required else catalogue_text("bot.apply.doc.optional", language)
    return Reply("bot.apply.doc.ask", {
        "n": _position(app, req), "total": len(requirements(app)),
        "requirement": _label(req, language), "optional": optional,
    })


def describe(doc: Document, language: str) -> str:
    """What the applicant sent, in their words: "2 foto → PDF 2 halaman", "surat.pdf, 3 halaman",
    "PDF 1 halaman"; before (or without) a verdict: "2 foto", "surat.pdf", "berkas"."""
    photos = doc.photos or len(doc.parts or [])
    if doc.status not in ("accepted", "superseded") or not doc.pages:
        if doc.source == "photos":
            return render("doc.what.sent_photos", language, photos=photos)
        return render("doc.what.sent_named" if doc.filename else "doc.what.sent_file", language, filename=doc.filename)
    values = {"photos": photos, "pages": doc.pages, "filename": doc.filename}
    if doc.source == "photos":
        return render("doc.what.photos", language, **values)
    if doc.source == "converted" and doc.filename:
        return render("doc.what.converted", language, **values)
    return render("doc.what.named" if doc.filename else "doc.what.pdf", language, **values)


def service_name(service: Service, language: str) -> str:
    """The service's name in the applicant's language (its English name when it has one)."""
    return service.name_en if language == "en" and service.name_en else service.name


def filed(app: Application, req: Requirement) -> Document | None:
    """The accepted document of this requirement, if any."""
    docs = [d for d in app.current_documents() if d.requirement_id == req.id and d.status == "accepted"]
    return docs[-1] if docs else None


def summary(app: Application, data: dict, language: str) -> Reply:
    lines = []
    for req in requirements(app):
        doc = filed(app, req)
        key = "bot.apply.summary.line_ok" if doc else "bot.apply.summary.line_missing"
        lines.append(render(key, language, n=_position(app, req), requirement=_label(req, language),
                            what=describe(doc, language) if doc else "", pages=doc.pages if doc else 0))
    resend = data.get("mode") == "resend"
    key = "bot.apply.summary.resend" if resend else "bot.apply.summary"
    details = [f"{answers.in_language(q.label, language)}: {shown(q, app.details.get(q.name), language) or '-'}"
               for q in spec_for(app.service).questions]
    return Reply(key, {
        "service": service_name(app.service, language),
        "details": "\n".join(details), "documents": "\n".join(lines), "tracking_code": app.tracking_code or "",
    }, _summary_choices(resend, language))


def _summary_choices(resend: bool, language: str) -> tuple[Choice, ...]:
    """Buttons beside the summary, never numbered lines: there a number replaces that document, and
    the text says to type YA. A tap on "Batal" posts BATAL, the keyword that leaves the dialog."""
    if resend:
        return (Choice(SUBMIT_TAP, catalogue_text("bot.apply.summary.resubmit", language), numbered=False),)
    return (Choice(SUBMIT_TAP, catalogue_text("bot.apply.summary.submit", language), numbered=False),
            Choice("BATAL", catalogue_text("bot.apply.summary.cancel", language), numbered=False))


def collecting(app: Application, data: dict) -> Document | None:
    """The photo document still open for more pages (until SELESAI, a PDF, or a refusal)."""
    doc_id = data.get("collecting")
    doc = next((d for d in app.current_documents() if d.id == doc_id), None) if doc_id else None
    return doc if doc is not None and doc.status in LIVE and doc.source == "photos" else None


def _more_pages(app: Application, doc: Document, data: dict, language: str) -> Reply:
    after = [r for r in missing(app, data) if r.id != doc.requirement_id]
    if after:
        then = render("bot.apply.doc.more_pages.next", language, n=_position(app, after[0]),
                      total=len(requirements(app)), requirement=_label(after[0], language))
    else:
        then = render("bot.apply.doc.more_pages.last", language)
    # "Selesai" as a reply button too (a tap finishes the requirement); never a numbered line: "1" replaces document 1
    done = Choice("selesai", catalogue_text("bot.apply.doc.more_pages.button", language), numbered=False)
    return Reply("bot.apply.doc.more_pages", {"requirement": _label(doc.requirement, language), "then": then}, (done,))


def said(data: dict, replies: list[Reply]) -> bool:
    """Note `replies` as the last prompt given; True when exactly that prompt was the last one already
    (the document job then does not repeat what the dialog just asked, e.g. after SELESAI)."""
    signature = repr([(r.key, sorted((k, str(v)) for k, v in r.variables.items())) for r in replies])
    again = data.get("prompted") == signature
    data["prompted"] = signature
    return again


def progress(app: Application, data: dict, language: str) -> tuple[list[Reply], str]:
    """What to say next in the document step, and the step to be in ("documents" or "confirm")."""
    open_doc = collecting(app, data)
    if open_doc is not None:
        return [_more_pages(app, open_doc, data, language)], "documents"
    data.pop("collecting", None)
    target = data.get("target")
    if target:
        req = next((r for r in requirements(app) if r.id == target), None)
        if req is not None:
            return [ask_for(app, req, language)], "documents"
    todo = missing(app, data)
    if todo:
        return [ask_for(app, todo[0], language)], "documents"
    if pending(app):
        return [Reply("bot.apply.doc.checking")], "documents"
    return [summary(app, data, language)], "confirm"


# ---- the dialog ------------------------------------------------------------------------------
def _app(turn: Turn) -> Application | None:
    app_id = turn.data.get("application_id")
    return turn.session.get(Application, app_id) if app_id else None


def _services(turn: Turn) -> list[Service]:
    return list(turn.session.scalars(select(Service).where(Service.active.is_(True)).order_by(Service.id)))


def _own(turn: Turn, stage: str) -> Application | None:
    return turn.session.scalar(
        select(Application).where(Application.applicant_id == turn.applicant.id, Application.stage == stage)
        .order_by(Application.id.desc())
    )


def open_application(turn: Turn) -> Application | None:
    """The applicant's returned file, else their draft: where documents sent now belong."""
    return _own(turn, "returned") or _own(turn, "draft")


def start(turn: Turn) -> None:
    applicant = turn.applicant
    if not applicant.consent_at:
        turn.say("bot.apply.need_registration")
        turn.begin("registration")
        return
    if not applicant.is_active:
        turn.say("bot.apply.need_activation")
        turn.begin("activation")
        return
    returned = _own(turn, "returned")
    if returned is not None:
        _start_resend(turn, returned)
        return
    draft = _own(turn, "draft")
    if draft is not None:
        turn.data["application_id"] = draft.id
        turn.say("bot.apply.resume", service=service_name(draft.service, turn.language))
        _continue(turn, draft)
        return
    services = _services(turn)
    if not services:
        turn.say("bot.apply.no_service")
        turn.finish()
        return
    if len(services) == 1:
        _create(turn, services[0])
        return
    turn.go("service")


def unanswered(app: Application) -> Question | None:
    """The service's next question without an answer in the file's details."""
    return next((q for q in spec_for(app.service).questions if q.name not in (app.details or {})), None)


def _continue(turn: Turn, app: Application) -> None:
    if unanswered(app) is not None:
        turn.go("question")
    else:
        _intro_documents(turn, app)


def _create(turn: Turn, service: Service) -> None:
    app = engine.start(turn.session, applicant=turn.applicant, service=service, now=turn.now)
    turn.data["application_id"] = app.id
    turn.say("bot.apply.started", service=service_name(service, turn.language))
    _continue(turn, app)


def _service_choices(turn: Turn) -> list[Choice]:
    """One row per active service: the title is the name cut to a list row's 24 characters, the
    description the rest (≤ 72); a tap posts the service code."""
    choices = []
    for service in _services(turn)[:10]:
        name = service_name(service, turn.language)
        choices.append(Choice.row(service.code, name))
    return choices


def _prompt_service(turn: Turn) -> None:
    turn.say("bot.apply.service", choices=_service_choices(turn))


def _parse_service(turn: Turn):
    if turn.media:
        return FILES
    services = {s.code: s for s in _services(turn)}
    names = {s.code: {normalise(n) for n in (s.name, s.name_en) if n} for s in services.values()}
    chosen = pick(turn, _service_choices(turn), names)
    if chosen is None:
        return Invalid("bot.apply.service.invalid", count=len(services))
    return services[chosen.id]


def _prompt_question(turn: Turn) -> None:
    answers.ask(turn, unanswered(_app(turn)))


# A file sent while the bot asks for the service or a question is not an answer, and not yet a
# document: it is kept (`unfiled`) and, once the questions are answered, the bot asks which
# requirement it is for (step "which") instead of guessing it into the first one.
FILES = object()


def _keep_files(turn: Turn, ask_again) -> None:
    turn.data["unfiled"] = [*turn.data.get("unfiled", []), *turn.media]
    turn.say("bot.apply.file_kept")
    ask_again(turn)


def _accept_service(turn: Turn, value) -> None:
    if value is FILES:
        _keep_files(turn, _prompt_service)
    else:
        _create(turn, value)


def _parse_question(turn: Turn):
    if turn.media:
        return FILES
    question = unanswered(_app(turn))
    if not question.required and turn.word in SKIP:
        return ""
    return answers.read(turn, question)


def _accept_question(turn: Turn, value) -> None:
    if value is FILES:
        _keep_files(turn, _prompt_question)
        return
    app = _app(turn)
    app.details = {**app.details, unanswered(app).name: value}
    _continue(turn, app)


def _intro_documents(turn: Turn, app: Application) -> None:
    lines = []
    for i, req in enumerate(requirements(app), 1):
        mark = "" if req.required else " " + catalogue_text("bot.apply.optional_mark", turn.language)
        lines.append(f"{i}. {_label(req, turn.language)}{mark}")
    turn.say("bot.apply.requirements", documents="\n".join(lines))
    turn.go("which" if turn.data.get("unfiled") else "documents")  # a file kept from the questions


def _prompt_documents(turn: Turn) -> None:
    app = _app(turn)
    replies, step = progress(app, turn.data, turn.language)
    said(turn.data, replies)
    turn.replies.extend(replies)
    turn.settle(step)


def _parse_move(turn: Turn, app: Application):
    match = MOVE.match(turn.word)
    if match is None:
        return None
    reqs = requirements(app)
    a, b = int(match.group(1)), int(match.group(2))
    if not (1 <= a <= len(reqs) and 1 <= b <= len(reqs)) or a == b:
        return Invalid("bot.apply.doc.no_such_number", count=len(reqs))
    if not [d for d in app.current_documents() if d.requirement_id == reqs[a - 1].id and d.status in LIVE]:
        return Invalid("bot.apply.doc.nothing_to_move", a=a)
    return ("move", (reqs[a - 1], reqs[b - 1]))


def _parse_documents(turn: Turn):
    app = _app(turn)
    if turn.media:
        return ("files", turn.media)
    word = turn.word
    moved = _parse_move(turn, app)
    if moved is not None:
        return moved
    if word in SKIP:
        current = _current(app, turn.data)
        if current is None:
            return Invalid("bot.apply.doc.nothing_to_skip")
        if current.required:
            return Invalid("bot.apply.doc.cannot_skip", requirement=_label(current, turn.language))
        return ("skip", current)
    if word in DONE or word in YES:
        return ("done", None)
    if is_number(word):
        reqs = wanted(app, turn.data)
        n = int(word)
        match = [r for r in reqs if _position(app, r) == n]
        if match:
            return ("replace", match[0])
        return Invalid("bot.apply.doc.no_such_number", count=len(requirements(app)))
    return Invalid("bot.apply.doc.expected")


def _current(app: Application, data: dict) -> Requirement | None:
    if data.get("target"):
        return next((r for r in requirements(app) if r.id == data["target"]), None)
    todo = missing(app, data)
    return todo[0] if todo else None


def _accept_documents(turn: Turn, value) -> None:
    kind, arg = value
    app = _app(turn)
    if kind != "files":
        turn.data.pop("collecting", None)  # any answer but more photos closes the photo document
    if kind == "skip":
        turn.data["skipped"] = [*turn.data.get("skipped", []), arg.id]
        turn.data.pop("target", None)
        turn.say("bot.apply.doc.skipped", requirement=_label(arg, turn.language))
    elif kind == "replace":
        turn.data["target"] = arg.id
        turn.data["skipped"] = [s for s in turn.data.get("skipped", []) if s != arg.id]
    elif kind == "move":
        _move(turn, app, *arg)
    elif kind == "done":
        todo = [r for r in missing(app, turn.data) if r.required]
        if todo and not pending(app):
            turn.say("bot.apply.doc.still_missing", documents=[_label(r, turn.language) for r in todo])
    elif _receive_files(turn, app, arg):
        return  # the document job answers: one message per document, with what comes next
    _prompt_documents(turn)


def _move(turn: Turn, app: Application, source: Requirement, target: Requirement) -> None:
    """Documents filed under `source` go to `target`; what `target` had goes to `source` (nothing is lost)."""
    live = [d for d in app.current_documents() if d.status in LIVE]
    moving = [d for d in live if d.requirement_id == source.id]
    there = [d for d in live if d.requirement_id == target.id]
    for doc in moving:
        doc.requirement = target
    for doc in there:
        doc.requirement = source
    turn.session.flush()
    names = dict(a=_position(app, source), from_requirement=_label(source, turn.language),
                 b=_position(app, target), to_requirement=_label(target, turn.language))
    turn.say("bot.apply.doc.moved", what=describe(moving[-1], turn.language), **names)
    if there:
        turn.say("bot.apply.doc.swapped", **names)
    turn.data.pop("target", None)


def _receive_files(turn: Turn, app: Application, media: list[dict], chosen: Requirement | None = None) -> bool:
    """File each attachment: photos join the requirement's open photo document (one PDF, a page
    each), any other file is one document for the next requirement. A file for which no
    requirement is being asked is not guessed: the applicant is asked which one (step "which").
    True when every file was filed (the document job will answer)."""
    unfiled = []
    turn.data.pop("prompted", None)  # the files answer the last prompt: the next one is new
    for item in media:
        photo = looks_like_photo(item.get("content_type", ""))
        open_doc = collecting(app, turn.data) if photo else None
        if open_doc is not None and (chosen is None or open_doc.requirement_id == chosen.id):
            _add_photo(turn, open_doc, item)
            continue
        turn.data.pop("collecting", None)
        req = chosen or _current(app, turn.data)
        if req is None:
            unfiled.append(item)
            continue
        turn.data.pop("target", None)
        doc = _new_document(turn, app, req, item, photo=photo, named=len(media) == 1)
        if photo:
            turn.data["collecting"] = doc.id
    if unfiled:
        turn.data["unfiled"] = unfiled
        turn.go("which")
        return False
    return True


def _new_document(turn: Turn, app: Application, req: Requirement, item: dict, *, photo: bool, named: bool) -> Document:
    name = turn.text if named and FILE_NAME.match(turn.text) else ""
    doc = Document(
        application=app, requirement=req, kind="requirement", status="pending",
        filename=name, content_type=item.get("content_type") or "", source="photos" if photo else "pdf",
        parts=[_part(turn, item)] if photo else [],
        source_url=item["url"], source_message_sid=turn.inbound.message_sid, created_at=turn.now,
    )
    turn.session.add(doc)
    turn.session.flush()
    turn.enqueue("documents", CHECK_JOB, doc.id, job_id=f"check-document-{doc.id}-1")
    return doc


def _part(turn: Turn, item: dict) -> dict:
    return {"url": item["url"], "content_type": item.get("content_type") or "", "sid": turn.inbound.message_sid}


def _add_photo(turn: Turn, doc: Document, item: dict) -> None:
    """One more page for the open photo document: it is made again, with this page at the end."""
    doc.parts = [*(doc.parts or []), _part(turn, item)]
    doc.status, doc.reason = "pending", None
    turn.session.flush()
    turn.enqueue("documents", CHECK_JOB, doc.id, job_id=f"check-document-{doc.id}-{len(doc.parts)}")


# ---- a file nobody asked for: which requirement is it? -----------------------------------------
def _which_choices(turn: Turn, app: Application) -> list[Choice]:
    """One list row per requirement (✅ when one is filed, 🔁 when the standing return asks for
    it again); a tap posts `req-<n>`."""
    choices = []
    returned = return_reasons.returned_document_ids(app)
    for req in requirements(app)[:10]:
        doc = filed(app, req)
        mark = ("🔁 " if doc.id in returned else "✅ ") if doc else ""
        label = mark + _label(req, turn.language)
        choices.append(Choice.row(f"req-{_position(app, req)}", label))
    return choices


def _prompt_which(turn: Turn) -> None:
    turn.say("bot.apply.doc.which", choices=_which_choices(turn, _app(turn)))


def _parse_which(turn: Turn):
    app = _app(turn)
    reqs = requirements(app)
    if turn.media:  # more files while we ask: they wait with the others
        return ("more", turn.media)
    chosen = pick(turn, _which_choices(turn, app))
    if chosen is not None:
        return ("req", reqs[int(chosen.id.removeprefix("req-")) - 1])
    return Invalid("bot.apply.doc.which.invalid", count=len(reqs))


def _accept_which(turn: Turn, value) -> None:
    kind, arg = value
    if kind == "more":
        turn.data["unfiled"] = [*turn.data.get("unfiled", []), *arg]
        return
    app = _app(turn)
    media = turn.data.pop("unfiled", [])
    turn.data["skipped"] = [s for s in turn.data.get("skipped", []) if s != arg.id]
    turn.go("documents", prompt=False)
    if not _receive_files(turn, app, media, chosen=arg):
        _prompt_documents(turn)


def receive_unprompted(turn: Turn) -> None:
    """Files sent from the menu (e.g. answering the "file returned" notice) for the applicant's
    open application: filed where the bot is asking for exactly one requirement, else the
    applicant is asked which requirement they are for."""
    app = _app(turn)
    only = wanted(app, turn.data) if turn.data.get("mode") == "resend" else []
    if turn.conversation.step == "documents" and len(only) == 1:
        _receive_files(turn, app, turn.media)
        return
    turn.data["unfiled"] = list(turn.media)
    turn.go("which")


def _prompt_confirm(turn: Turn) -> None:
    reply = summary(_app(turn), turn.data, turn.language)
    said(turn.data, [reply])
    turn.replies.append(reply)


def _parse_confirm(turn: Turn):
    if turn.media:
        return ("files", turn.media)
    if turn.tap == SUBMIT_TAP or turn.word in YES:
        return ("yes", None)
    if is_number(turn.word) or MOVE.match(turn.word):
        return _parse_documents(turn)
    return Invalid("bot.apply.confirm.invalid")


def _accept_confirm(turn: Turn, value) -> None:
    kind, _arg = value
    if kind == "files":  # the summary asked for YES, not for a file: which requirement is it for?
        turn.data["unfiled"] = list(turn.media)
        turn.go("which")
        return
    if kind != "yes":
        _accept_documents(turn, value)
        return
    app = _app(turn)
    action = "resubmit" if turn.data.get("mode") == "resend" else "submit"
    try:
        engine.fire(app, action, turn.applicant, now=turn.now)
    except (BadFields, NotAllowed):
        turn.say("bot.apply.not_complete")
        turn.go("documents")
        return
    # The answer is the workflow's notice (notice.submitted / notice.resubmitted), an outbox row
    # written by fire() with the tracking code and the expected completion; saying it here too
    # would send it twice.
    turn.finish()


# ---- returned files ----------------------------------------------------------------------
def returned_requirements(app: Application, language: str = "id") -> tuple[list[str], list[int]]:
    """The reasons of the latest return in `language`, and the requirements they name (ticked,
    or by label or code in a typed line: workflow.return_reasons)."""
    event = next((e for e in reversed(app.history) if e.action == "return"), None)
    if event is None:
        return [], []
    data = event.data or {}
    active = {r.id for r in requirements(app)}
    named = [r.id for r in return_reasons.named(app.service, data) if r.id in active]
    return return_reasons.event_lines(app.service, data, language), named


def _start_resend(turn: Turn, app: Application) -> None:
    reasons, named = returned_requirements(app, turn.language)
    turn.data.update({"application_id": app.id, "mode": "resend",
                      "resend": named or [r.id for r in requirements(app)],
                      "since": app.stage_entered_at.isoformat()})
    turn.say("bot.apply.returned", tracking_code=app.tracking_code or "", reasons=reasons)
    if named:
        turn.go("documents")
    else:  # the reasons name no requirement: the applicant picks what to replace
        lines = [f"{i}. {_label(r, turn.language)}" for i, r in enumerate(requirements(app), 1)]
        turn.say("bot.apply.returned.choose", documents="\n".join(lines))
        turn.data["skipped"] = [r.id for r in requirements(app)]  # nothing is required until chosen
        turn.go("documents", prompt=False)


DIALOG = Dialog(
    name=DIALOG_NAME,
    start=start,
    steps={
        "service": Step(_prompt_service, _parse_service, _accept_service),
        "question": Step(_prompt_question, _parse_question, _accept_question),
        "documents": Step(_prompt_documents, _parse_documents, _accept_documents),
        "confirm": Step(_prompt_confirm, _parse_confirm, _accept_confirm),
        "which": Step(_prompt_which, _parse_which, _accept_which),
    },
    keywords=("ajukan", "apply", "perbaiki", "lengkapi"),
    menu_label="bot.menu.apply",
)
