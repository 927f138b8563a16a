"""The common reasons a clerk ticks when returning a document, as data per service.

`services.toml` holds them: a service's `return_reasons` (a list of `{code, label, label_en}`) is
what every requirement offers; a requirement that lists its own `reasons` offers exactly those
(a string names one of the service's reasons, a `{code, label, label_en}` table is its own).
Nothing here is service-specific text; `flask services check` refuses a broken list
(`workflow.validation`).

A return carries the ticks as `reason_codes`, each `"<requirement code>:<reason code>"`
(`"sktm:expired"`), beside the free lines of `reasons`. `lines()` turns both into what a reader
sees, in the reader's language: one line per requirement ("SKTM …: sudah kedaluwarsa, tidak
terbaca") then the free lines as typed. The applicant's return notice, the history on the file
page and the chat's "what to send again" all read them through here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from catalogue import Phrase
from storage import Document, HistoryEvent
from workflow.definition import service_definitions, workflow_for
from workflow.errors import BadFields

EFFECT = "return_reasons"  # the workflow effect of an action that returns a file with reasons
SEPARATOR = ":"


@dataclass(frozen=True)
class ReturnReason:
    code: str
    label: str
    label_en: str

    def text(self, language: str) -> str:
        return self.label_en if language == "en" and self.label_en else self.label


def _reason(raw: dict) -> ReturnReason:
    return ReturnReason(str(raw["code"]), str(raw["label"]), str(raw.get("label_en", "")))


def offered(spec: dict) -> dict[str, list[ReturnReason]]:
    """requirement code → the reasons its return offers, for one service's definition."""
    common = [_reason(r) for r in spec.get("return_reasons") or []]
    by_code = {r.code: r for r in common}
    result = {}
    for req in spec.get("requirements") or []:
        own = req.get("reasons")
        if own is None:
            result[req["code"]] = list(common)
        else:
            result[req["code"]] = [by_code[item] if isinstance(item, str) else _reason(item) for item in own]
    return result


def for_service(service) -> dict[str, list[ReturnReason]]:
    """The reasons each requirement of `service` (a storage Service) offers now."""
    spec = next((s for s in service_definitions() if s.get("code") == service.code), None)
    return offered(spec) if spec else {}


def ticked(service, codes: list[str], strict: bool = True) -> list[tuple[object, list[ReturnReason]]]:
    """The ticks as (requirement, [reasons]) in the checklist's order. An unknown code is a
    BadFields on `reason_codes` when `strict` (a stale form or a typo in an API call, never a
    500); reading an old return after the list was edited (`strict=False`) skips it."""
    offers = for_service(service)
    wanted: dict[str, list[str]] = {}
    for value in codes:
        req_code, _, reason_code = str(value).strip().partition(SEPARATOR)
        known = {r.code for r in offers.get(req_code, [])}
        if reason_code not in known:
            if not strict:
                continue
            raise BadFields({"reason_codes": Phrase("field_error.unknown_reason", code=str(value)[:80])})
        if reason_code not in wanted.setdefault(req_code, []):
            wanted[req_code].append(reason_code)
    result = []
    for req in service.requirements:
        if req.code in wanted:
            reasons = {r.code: r for r in offers[req.code]}
            result.append((req, [reasons[c] for c in wanted[req.code]]))
    return result


def lines(service, codes: list[str], free: list[str], language: str, strict: bool = True) -> list[str]:
    """What the return says, in `language`: one line per ticked requirement, then the free lines."""
    out = []
    for req, reasons in ticked(service, codes, strict):
        label = req.label_en if language == "en" and req.label_en else req.label
        out.append(f"{label}: {', '.join(r.text(language) for r in reasons)}")
    return out + [line for line in free if line]


def named(service, data: dict) -> list:
    """The requirements a return (its history data) names: by a tick, or by label/code in a line."""
    codes = {str(c).partition(SEPARATOR)[0] for c in data.get("reason_codes") or []}
    free = [str(line).lower() for line in data.get("reasons") or []]
    result = []
    for req in service.requirements:
        spelled = [s.lower() for s in (req.code, req.label, req.label_en) if s]
        if req.code in codes or any(s in line for line in free for s in spelled):
            result.append(req)
    return result


def event_lines(service, data: dict, language: str) -> list[str]:
    """A past return's reasons (its history data), in `language`."""
    return lines(service, list(data.get("reason_codes") or []), [str(x) for x in data.get("reasons") or []],
                 language, strict=False)


def latest_open_return(application):
    """The history event of the file's latest return to the applicant, while it still stands:
    None once the stage it was returned from has moved the file on (accepted, refused)."""
    return _standing(application.service, application.history)


def _standing(service, events):
    flow = workflow_for(service)
    return_stages = _return_stages(flow)
    for event in reversed(list(events)):
        action = flow.action(event.from_stage, event.action) if event.from_stage else None
        if action is not None and action.effect == EFFECT:
            return event
        if event.from_stage in return_stages:
            return None
    return None


def _return_stages(flow) -> set[str]:
    return {a.source for a in flow.actions if a.effect == EFFECT}


def returned_counts(session, applications) -> dict[int, int]:
    """application id → how many of its documents are badged "dikembalikan", for a list of
    files (the desk) in two queries: the events leaving a stage files are returned from, then
    the current documents of the files whose return still stands."""
    by_id = {a.id: a for a in applications}
    stages = set().union(*(_return_stages(workflow_for(a.service)) for a in by_id.values())) if by_id else set()
    if not stages:
        return {}
    events: dict[int, list] = {}
    for event in session.scalars(select(HistoryEvent).where(HistoryEvent.application_id.in_(by_id),
                                                            HistoryEvent.from_stage.in_(stages)).order_by(HistoryEvent.id)):
        events.setdefault(event.application_id, []).append(event)
    standing = {app_id: e for app_id, evs in events.items() if (e := _standing(by_id[app_id].service, evs))}
    if not standing:
        return {}
    names = {app_id: {r.id for r in named(by_id[app_id].service, e.data or {})} for app_id, e in standing.items()}
    counts: dict[int, int] = {}
    for doc in session.scalars(select(Document).where(Document.application_id.in_(standing), Document.kind == "requirement",
                                                      Document.status != "superseded")):
        if doc.requirement_id in names[doc.application_id] and doc.created_at <= standing[doc.application_id].at:
            counts[doc.application_id] = counts.get(doc.application_id, 0) + 1
    return counts


def returned_document_ids(application) -> set[int]:
    """The applicant's documents the standing return named and that were not replaced since
    (badged "dikembalikan" on the file page, the desk and the API's document `status`)."""
    event = latest_open_return(application)
    if event is None:
        return set()
    names = {req.id for req in named(application.service, event.data or {})}
    return {d.id for d in application.current_documents()
            if d.requirement_id in names and d.created_at is not None and d.created_at <= event.at}
