"""Chat through the signed webhook: a `Chat` posts Twilio-format messages and reads the TwiML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

import catalogue
from storage import OutboxMessage
from tests.twilio_fake import inbound_params, signed_post

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def config(base_config, migrated, fake_twilio):
    """Twilio credentials pointing at the local stand-in: webhooks are signed with its token."""
    return base_config.with_(
        twilio_account_sid=fake_twilio.account_sid,
        twilio_auth_token=fake_twilio.auth_token,
        twilio_api_base_url=fake_twilio.api_url,
    )


class Chat:
    def __init__(self, client, config, rt, fake, number="+6281234567890"):
        self.client, self.config, self.rt, self.fake, self.number = client, config, rt, fake, number
        self._seen_outbox = 0

    def post(self, body="", *, media=(), **kwargs):
        params = inbound_params(self.number, body, media=media, **kwargs)
        return signed_post(self.client, "/whatsapp/webhook", params,
                           auth_token=self.config.webhook_auth_token, base_url=self.config.base_url)

    def send(self, body="", *, pdfs=(), **kwargs) -> str:
        media = [(self.fake.add_media(data, "application/pdf"), "application/pdf") for data in pdfs]
        response = self.post(body, media=media, **kwargs)
        assert response.status_code == 200, response.data
        return twiml_text(response.data)

    def outbox(self) -> list[OutboxMessage]:
        """Outbox rows for this number written since the last call."""
        with self.rt.sessions() as s:
            rows = list(s.scalars(select(OutboxMessage).where(OutboxMessage.recipient == self.number)
                                  .order_by(OutboxMessage.id)))
        new, self._seen_outbox = rows[self._seen_outbox:], len(rows)
        return new

    def outbox_keys(self) -> list[str]:
        return [row.key for row in self.outbox()]


def twiml_text(data: bytes) -> str:
    root = ET.fromstring(data)
    return "\n\n".join((m.text or "") for m in root.iter("Message"))


def says(key: str, language: str = "id", **variables) -> str:
    return catalogue.render(key, language, **variables)


def asks(code: str, question: str, what: str = "ask", language: str = "id", **limits) -> str:
    """What the chat says for a service's question (its data's wording): `what` is "ask" or a
    refusal the question words itself (invalid, future, past, range)."""
    from bot.answers import fill, in_language
    from workflow.service_spec import spec_for

    q = spec_for(code).question(question)
    if q.type == "date":  # a date's {example}: one it accepts today (office time)
        limits = {**date_examples(q, language), **limits}
    if what == "ask":
        return catalogue.render("bot.apply.question", language, question=fill(in_language(q.ask, language), **limits))
    return catalogue.render("bot.apply.answer.refused", language, refusal=fill(in_language(q.refusals[what], language), **limits))


def date_examples(question, language: str = "id") -> dict:
    """{example} and {example_words} as the chat fills them in today (bot/answers.py)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bot.answers import examples
    from config import OFFICE_TZ

    return examples(question, datetime.now(ZoneInfo(OFFICE_TZ)).date(), language)


@pytest.fixture
def chat(client, config, rt, fake_twilio, seeded):
    return Chat(client, config, rt, fake_twilio)


NIK = "1407014107050001"  # Rokan Hilir (14.07.01), woman born 1 July 2005, serial 0001


def register(chat, *, name="Siti Aminah", nik=NIK) -> None:
    for text in ("DAFTAR", name, nik, "Jl. Merdeka No. 1, RT 01/RW 02", "2"):
        chat.send(text)
    assert says("bot.act.sent", minutes=15) in chat.send("YA")


def activation_code(chat) -> str:
    rows = [r for r in chat.outbox() if r.key == "bot.act.code"]
    assert rows, "no activation code was queued"
    return rows[-1].variables["code"]


def register_and_activate(chat, **kwargs) -> None:
    register(chat, **kwargs)
    assert says("bot.act.done") in chat.send(activation_code(chat))


def apply_for(chat, code: str = "APS") -> str:
    """AJUKAN, and the service `code` picked when the office offers several: the first question."""
    reply = chat.send("AJUKAN")
    return chat.send(code) if offered(chat) > 1 else reply


def offered(chat) -> int:
    """How many services the office offers (the chat lists them when more than one)."""
    from storage import Service

    with chat.rt.sessions() as s:
        return len(s.scalars(select(Service).where(Service.active.is_(True))).all())


def info(chat, word: str = "INFO", code: str = "APS") -> str:
    """INFO (or SYARAT…), and service `code` picked when the office offers several: its details."""
    reply = chat.send(word)
    return chat.send(code) if offered(chat) > 1 else reply


def start_application(chat) -> str:
    apply_for(chat)
    chat.send("Budi Santoso")
    chat.send("14-02-2011")
    return chat.send("SMA Negeri 1 Bangko")
