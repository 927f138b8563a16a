"""Every Twilio Content resource the service needs, and `flask whatsapp sync`.

- the notice templates of `jobs/whatsapp_templates.toml`, one `twilio/text` per language (id, en),
  submitted to WhatsApp for approval (category UTILITY);
- for a notice that carries a document (`document = true`: the Tanda Terima, the signed
  letter) a media template too, `<name>_dokumen`: `twilio/media` whose media URL ends in a
  variable (the signed link's token and the file name, so the URL ends in `.pdf`, as WhatsApp
  wants for a document header);
- the generic interactive resources for choices (storage/contents.py): reply buttons
  (`twilio/quick-reply`, 1–3 buttons) and list pickers (`twilio/list-picker`, 1–10 rows, with or
  without descriptions), their texts all variables. They are sent inside the 24-hour window only, so they are never
  submitted (WhatsApp does not approve list pickers at all).

`sync()` creates what is missing, creates anew what changed (a Content resource cannot be
edited; the old one is deleted), submits templates that were never submitted, reads back every
template's approval status and keeps SID and status in `whatsapp_contents`. Running it again
changes nothing that did not change. WHATSAPP_CONTENT_SIDS, when set, still wins at send time.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from sqlalchemy import select

from jobs.content_api import ContentApi, ContentApiError
from jobs.media import media_link_prefix
from jobs.templates import MEDIA_SUFFIX, templates
from storage import WhatsAppContent, utcnow
from storage.contents import NEUTRAL, interactive_names, interactive_types

SAMPLE_PDF = "contoh/tanda-terima.pdf"


@dataclass(frozen=True)
class Definition:
    name: str
    language: str
    body: dict  # what POST /v1/Content takes
    submit: bool  # a template for WhatsApp's approval

    @property
    def content_type(self) -> str:
        return next(iter(self.body["types"]))

    @property
    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _samples(template, language: str) -> dict[str, str]:
    """A sample per variable (WhatsApp's reviewers read them): the variable's name, readable."""
    return {str(i): spec.partition(":")[0].replace("_", " ") for i, spec in enumerate(template.variables, start=1)}


def definitions(config) -> list[Definition]:
    found = []
    for template in templates().values():
        for language, text in template.texts.items():
            samples = _samples(template, language)
            body = {"friendly_name": f"{template.name}_{language}", "language": language, "variables": samples,
                    "types": {"twilio/text": {"body": text}}}
            found.append(Definition(template.name, language, body, submit=True))
            if template.document:
                n = str(len(template.variables) + 1)
                body = template.media_texts.get(language, text)
                media = {"friendly_name": f"{template.name}{MEDIA_SUFFIX}_{language}", "language": language,
                         "variables": {**samples, n: SAMPLE_PDF},
                         "types": {"twilio/media": {"body": body, "media": [media_link_prefix(config) + "{{" + n + "}}"]}}}
                found.append(Definition(template.name + MEDIA_SUFFIX, language, media, submit=True))
    for name in interactive_names():
        types = interactive_types(name)
        numbers = sorted({int(n) for n in re.findall(r"\{\{(\d+)\}\}", json.dumps(types))})
        samples = {str(n): ("Pertanyaan" if n == 1 else f"pilihan {n}") for n in numbers}
        found.append(Definition(name, NEUTRAL, {"friendly_name": name, "language": NEUTRAL, "variables": samples,
                                                "types": types}, submit=False))
    return found


def sandbox_sid(d: Definition) -> str:
    """In sandbox mode the simulator plays the Content API: a stable local SID per definition."""
    return "HX" + hashlib.sha256(f"sandbox|{d.name}|{d.language}|{d.digest}".encode()).hexdigest()[:32]


def sync_sandbox(config, session) -> list[str]:
    """No Twilio account: record every resource as the simulator's own, templates approved (the
    simulator shows what WhatsApp would show, a preview of a synced production)."""
    rows = {(r.name, r.language): r for r in session.scalars(select(WhatsAppContent))}
    report = []
    for d in definitions(config):
        row = rows.get((d.name, d.language)) or WhatsAppContent(name=d.name, language=d.language)
        session.add(row)
        row.sid, row.digest, row.content_type = sandbox_sid(d), d.digest, d.content_type
        row.approval, row.rejection_reason, row.synced_at = ("approved" if d.submit else "not_needed"), None, utcnow()
        report.append(f"{d.name} [{d.language}] {d.content_type} {row.sid}: sandbox, {row.approval}")
    session.flush()
    return report


def sync(config, session, api: ContentApi | None = None) -> list[str]:
    """Bring Twilio's Content resources in line with `definitions()`; one line per resource."""
    if config.sandbox:
        return sync_sandbox(config, session)
    api = api or ContentApi(config)
    rows = {(r.name, r.language): r for r in session.scalars(select(WhatsAppContent))}
    report = []
    for d in definitions(config):
        row = rows.get((d.name, d.language))
        action = "unchanged"
        try:
            if row is None or not row.sid or row.digest != d.digest:
                if row is not None and row.sid:
                    api.delete(row.sid)
                created = api.create(d.body)
                if row is None:
                    row = WhatsAppContent(name=d.name, language=d.language)
                    session.add(row)
                row.sid, row.digest, row.content_type = created["sid"], d.digest, d.content_type
                row.approval, row.rejection_reason = ("unsubmitted" if d.submit else "not_needed"), None
                action = "created" if action == "unchanged" and not rows.get((d.name, d.language)) else "updated"
            if d.submit and row.approval == "unsubmitted":
                api.submit(row.sid, _approval_name(d), "UTILITY")
                row.approval = "received"
            if d.submit:
                verdict = api.approval(row.sid)
                row.approval = verdict.get("status") or row.approval
                row.rejection_reason = verdict.get("rejection_reason") or None
        except ContentApiError as exc:
            report.append(f"{d.name} [{d.language}]: error {exc}")
            continue
        finally:
            if row is not None:
                row.synced_at = utcnow()
        reason = f" ({row.rejection_reason})" if row.rejection_reason else ""
        report.append(f"{d.name} [{d.language}] {d.content_type} {row.sid}: {action}, {row.approval}{reason}")
    session.flush()
    return report


def _approval_name(d: Definition) -> str:
    """WhatsApp's template name: lower case, digits and underscores; one per language."""
    return f"{d.name}_{d.language}"
