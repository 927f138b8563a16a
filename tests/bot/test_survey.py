"""The SKM survey through the signed webhook: invitation after collect, nine answers by element
code, optional profile and suggestion, resumable, BATAL skips, one response per application,
one reminder."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from jobs.survey_invitations import run as survey_sweep
from storage import Application, SurveyResponse, utcnow
from tests import factories
from tests.bot.conftest import says
from workflow.skm import CODES, ELEMENTS


def collected(rt, whatsapp="+6281234567890") -> int:
    """An application of the chat's number that has been collected (stage completed)."""
    with rt.transaction() as s:
        who = factories.applicant(s, whatsapp=whatsapp)
        app = factories.draft_with_documents(s, who)
        factories.advance(s, app, until="completed")
        return app.id


def _response(rt, app_id) -> SurveyResponse:
    with rt.sessions() as s:
        return s.scalar(select(SurveyResponse).where(SurveyResponse.application_id == app_id))


def test_whole_survey_through_the_webhook(chat, rt):
    app_id = collected(rt)
    chat.send("halo")  # the number has a conversation (idle)
    assert survey_sweep() == {"invited": 1, "reminded": 0}
    invitation = [r for r in chat.outbox() if r.key == "survey.invite"]
    assert len(invitation) == 1 and invitation[0].variables["tracking_code"].startswith("APS-")

    first = chat.send("YA")
    assert "*1/9 · Persyaratan*" in first and "1. Tidak sesuai\n2. Kurang sesuai\n3. Sesuai\n4. Sangat sesuai" in first
    assert says("survey.invalid_choice") in chat.send("5")  # bad input: asked again, nothing lost
    answers = [4, 3, 3, 4, 2, 3, 4, 1, 3]
    replies = [chat.send(str(v)) for v in answers]
    assert "4. Gratis" in replies[2]  # Biaya's own labels
    assert "4. Dikelola dengan baik" in replies[6]  # Pengaduan's own labels
    assert says("survey.profile.intro") in replies[-1] and "Jenis kelamin" in replies[-1]
    chat.send("2")  # perempuan
    chat.send("0")  # age skipped
    assert says("survey.profile.invalid") in chat.send("9")
    chat.send("3")  # education: SMA
    assert says("survey.suggestion") in chat.send("4")  # occupation: pelajar
    assert says("survey.thanks") in chat.send("Ruang tunggu perlu kipas angin.")

    response = _response(rt, app_id)
    assert response.status == "completed" and response.completed_at is not None
    assert response.answers == dict(zip(CODES, answers, strict=True))
    assert response.answers["BIAYA"] == 4 and response.answers["PENGADUAN"] == 1
    assert response.profile == {"gender": "p", "age": "", "education": "sma", "occupation": "pelajar"}
    assert response.suggestion == "Ruang tunggu perlu kipas angin."
    # One response per application: the sweep invites nobody again, SURVEI finds nothing open.
    assert survey_sweep() == {"invited": 0, "reminded": 0}
    assert says("survey.none") in chat.send("SURVEI")


def test_survey_resumes_where_it_stopped(chat, rt):
    app_id = collected(rt)
    chat.send("halo")
    survey_sweep()
    chat.send("1")
    chat.send("4")
    chat.send("3")
    chat.send("STATUS")  # leave midway through another keyword
    resumed = chat.send("SURVEI")
    assert says("survey.resumed", tracking_code=_tracking(rt, app_id)) in resumed
    assert f"*3/9 · {ELEMENTS[2].name}*" in resumed
    with rt.sessions() as s:
        assert s.scalar(select(SurveyResponse.answers)) == {"PERSYARATAN": 4, "PROSEDUR": 3}


def _tracking(rt, app_id) -> str:
    with rt.sessions() as s:
        return s.get(Application, app_id).tracking_code


def test_batal_skips_the_survey(chat, rt):
    app_id = collected(rt)
    chat.send("halo")
    survey_sweep()
    chat.send("YA")
    chat.send("2")
    assert says("survey.skipped") in chat.send("BATAL")
    assert _response(rt, app_id).status == "skipped"
    assert says("survey.none") in chat.send("SURVEI")
    assert survey_sweep(now=utcnow() + timedelta(days=2)) == {"invited": 0, "reminded": 0}


def test_batal_at_the_invitation_skips_too(chat, rt):
    app_id = collected(rt)
    chat.send("halo")
    survey_sweep()
    chat.send("BATAL")
    assert _response(rt, app_id).status == "skipped"


def test_reminder_once_after_a_day(chat, rt):
    app_id = collected(rt)
    chat.send("halo")
    survey_sweep()
    chat.send("YA")
    chat.send("3")  # one answer, then silence
    chat.outbox()
    assert survey_sweep(now=utcnow() + timedelta(hours=23)) == {"invited": 0, "reminded": 0}
    assert survey_sweep(now=utcnow() + timedelta(days=1, minutes=1)) == {"invited": 0, "reminded": 1}
    assert survey_sweep(now=utcnow() + timedelta(days=3)) == {"invited": 0, "reminded": 0}
    assert chat.outbox_keys() == ["survey.reminder"]
    # After the reminder a plain YA continues at question 2.
    assert "*2/9 · " in chat.send("YA")
    with rt.sessions() as s:
        assert s.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    assert _response(rt, app_id).answers == {"PERSYARATAN": 3}


def test_old_collections_are_not_surveyed_and_survey_without_one_is_explained(chat, rt):
    collected(rt)
    assert survey_sweep(now=utcnow() + timedelta(days=8)) == {"invited": 0, "reminded": 0}
    assert says("survey.none") in chat.send("SURVEI")


def test_tidak_at_the_invitation_declines_and_nonsense_is_asked_again(chat, rt):
    app_id = collected(rt)
    chat.send("halo")
    survey_sweep()
    assert says("survey.invite.prompt") in chat.send("mungkin")
    assert _response(rt, app_id).status == "open"
    assert says("survey.skipped") in chat.send("TIDAK")
    assert _response(rt, app_id).status == "skipped"
