"""DOKUMEN: send again the latest documents of the applicant's files (the Tanda Terima and the
signed letter), each as its own WhatsApp document. The person just wrote, so the window is open
and they go as free-form media whatever the templates."""

from __future__ import annotations

from bot.conversation import Dialog, Turn
from storage.delivery import latest_documents, send_documents
from workflow.service_spec import spec_for


def letter_name(doc) -> dict:
    """The service's own name of its signed document (its letter file's `document`, id and en)."""
    return dict(spec_for(doc.application.service).letter.document)


def resend_latest(turn: Turn, *, quiet_when_none: bool = False) -> int:
    documents = latest_documents(turn.session, turn.applicant.id)
    if not documents:
        if not quiet_when_none:
            turn.say("bot.documents.none")
        return 0
    if not quiet_when_none:
        turn.say("bot.documents.sending", count=len(documents))
    return send_documents(turn.session, turn.applicant, documents, turn.language, letter_name)


def start(turn: Turn) -> None:
    resend_latest(turn)
    turn.finish()


DIALOG = Dialog(name="documents", start=start, keywords=("dokumen", "documents", "document", "kirim dokumen"))
