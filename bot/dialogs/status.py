"""STATUS: each of the applicant's applications in plain words: tracking code, stage, who holds
it, since when, due by, the history so far; for a returned file, exactly what to resend; and the
latest documents of the files (the Tanda Terima, the signed letter) come again."""

from __future__ import annotations

from sqlalchemy import select

from bot.conversation import Dialog, Turn
from bot.dialogs.application import returned_requirements
from bot.dialogs.documents import resend_latest
from catalogue import role_name, text
from storage import Application
from workflow.definition import workflow_for


def _history(app: Application, language: str) -> list[str]:
    from catalogue import render

    return [render("bot.status.history_line", language, at=e.at.isoformat(), stage=e.to_stage,
                   workflow=app.service.workflow) for e in app.history]


def start(turn: Turn) -> None:
    apps = list(turn.session.scalars(
        select(Application).where(Application.applicant_id == turn.applicant.id).order_by(Application.id)
    ))
    if not apps:
        turn.say("bot.status.none")
        turn.finish()
        return
    lang = turn.language
    for app in apps:
        owner = workflow_for(app.service).stage(app.stage).owner
        turn.say(
            "bot.status.item.closed" if app.closed_at else "bot.status.item",
            tracking_code=app.tracking_code or text("bot.status.draft_code", lang),
            service=app.service.name_en if lang == "en" and app.service.name_en else app.service.name,
            stage=app.stage,
            workflow=app.service.workflow,
            holder=role_name(owner, lang, app.service.workflow) if owner else "-",
            since=app.stage_entered_at.isoformat(),
            due=app.stage_due_at.isoformat() if app.stage_due_at and not app.closed_at else "",
            history=_history(app, lang),
        )
        if app.stage == "returned":
            reasons, _named = returned_requirements(app, lang)
            turn.say("bot.status.returned", reasons=reasons)
        elif app.stage == "draft":
            turn.say("bot.status.draft_hint")
    # The latest Tanda Terima and signed letter come along (the templates say "reply STATUS").
    resend_latest(turn, quiet_when_none=True)
    turn.finish()


DIALOG = Dialog(name="status", start=start, keywords=("status", "cek status"), menu_label="bot.menu.status")
