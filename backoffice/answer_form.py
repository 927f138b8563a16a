"""The answer form of the back office's inboxes (complaints, questions to the office): one way
to take the answer, show a refused one on the page (422) and say what happened."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, request, url_for
from flask_login import current_user

from backoffice import access, i18n
from runtime import request_scope
from runtime.request_scope import db
from workflow.errors import BadFields, NotAllowed


def take_answer(row, answer: Callable, page: Callable, *, endpoint: str, already: str, sent: str):
    """`answer(session, row, staff, text)` with the form's text; a refused text is `page(422,
    {row.id: reason})`, an answer that came second is told `already`, a sent one `sent` (texts
    the caller reads from the catalogue); then back to `endpoint`."""
    try:
        answer(db(), row, access.staff_of(current_user), request.form.get("answer", ""))
    except BadFields as exc:
        db().rollback()
        return page(422, {row.id: i18n.t(exc.errors["answer"])})
    except NotAllowed:
        db().rollback()
        flash(already)
        return redirect(url_for(endpoint))
    request_scope.commit()
    flash(sent)
    return redirect(url_for(endpoint))
