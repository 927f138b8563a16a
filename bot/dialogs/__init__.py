"""The dialogs, one module each. Adding a dialog = one module exposing `DIALOG` + one line below.

Order matters only for the numbered menu: dialogs with a `menu_label` are listed in this order.
"""

from __future__ import annotations

from bot.dialogs import (
    activation,
    application,
    cancel,
    complaint,
    documents,
    erasure,
    info,
    language,
    menu,
    my_data,
    privacy,
    profile,
    question,
    registration,
    status,
    survey,
)

REGISTERED = (
    menu.DIALOG,
    registration.DIALOG,
    application.DIALOG,
    status.DIALOG,
    language.DIALOG,
    activation.DIALOG,
    cancel.DIALOG,
    survey.DIALOG,
    complaint.DIALOG,
    documents.DIALOG,
    profile.DIALOG,
    privacy.DIALOG,
    my_data.DIALOG,
    erasure.DIALOG,
    info.DIALOG,
    question.DIALOG,
)

DIALOGS = {dialog.name: dialog for dialog in REGISTERED}
