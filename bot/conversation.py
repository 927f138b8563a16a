"""The dialog engine: one inbound message in, replies (catalogue keys + variables) and effects out.

Like RapidPro's goflow it does no network I/O: it reads and writes rows through the caller's
session (which the edge commits once) and returns the work to do *after* the commit (jobs to
enqueue) in `Turn.after_commit`. Outbound messages other than the immediate answer are outbox
rows, queued by the runtime after commit.

A dialog (`bot/dialogs/<name>.py`) is a `Dialog`: a start function, a table of named `Step`s
(each a prompt, a parser returning a value or `Invalid(reason)`, and what to do with the value)
and the keywords that start it from any state. `bot/dialogs/__init__.py` registers them.
State is the conversation row: dialog name, step name, a small JSON dict, the failure count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from catalogue.choices import Choice
from config import OFFICE_TZ
from storage import Applicant, Conversation, InboundMessage
from storage.digits import ascii_digits, is_number

IDLE_DIALOG, IDLE_STEP = "menu", "start"
IDLE_LIMIT = timedelta(hours=24)
MAX_FAILURES = 3
# Keys of Conversation.data that outlive a dialog (everything else is the dialog's own).
PERSISTENT_KEYS = ("activation",)


@dataclass(frozen=True)
class Reply:
    key: str
    variables: dict = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()  # said as data; the sender draws buttons, a list or numbered lines


class Invalid:
    """A parser's "no valid answer": `reason` is the catalogue key that explains it."""

    def __init__(self, reason: str, **variables):
        self.reason = reason
        self.variables = variables

    def __repr__(self) -> str:
        return f"Invalid({self.reason!r})"


@dataclass(frozen=True)
class Job:
    """Work to enqueue after the commit: RQ `func` (dotted path) with `args` on `queue`."""

    queue: str
    func: str
    args: tuple
    job_id: str | None = None


@dataclass(frozen=True)
class Step:
    prompt: Callable[[Turn], None]
    parse: Callable[[Turn], Any]  # a value, or Invalid
    accept: Callable[[Turn, Any], None]


@dataclass(frozen=True)
class Dialog:
    name: str
    start: Callable[[Turn], None]
    steps: dict[str, Step] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()
    menu_label: str | None = None  # catalogue key: listed in the numbered menu when set
    # Called when a keyword leaves this dialog for dialog `target` (e.g. BATAL skips the survey).
    on_leave: Callable[[Turn, str], None] | None = None
    # Asked before every message is dispatched, with the keyword's target dialog (or None): True
    # when it took the turn over (e.g. a new privacy notice to agree to first).
    gate: Callable[[Turn, str | None], bool] | None = None


def normalise(text: str) -> str:
    """`  Assalamu'alaikum!! ` → `assalamualaikum`: lower case, no accents/punctuation, single spaces."""
    text = unicodedata.normalize("NFKD", ascii_digits(text or "")).encode("ascii", "ignore").decode()
    text = re.sub(r"['’`]", "", text.lower())
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


class Turn:
    """Everything one inbound message may read and change; collects replies and effects."""

    def __init__(self, session: Session, conversation: Conversation, applicant: Applicant,
                 inbound: InboundMessage, now: datetime, dialogs: dict[str, Dialog]):
        self.session = session
        self.conversation = conversation
        self.applicant = applicant
        self.inbound = inbound
        self.now = now
        self.dialogs = dialogs
        self.replies: list[Reply] = []
        self.after_commit: list[Job] = []
        self.data: dict = dict(conversation.data or {})

    # ---- what came in -------------------------------------------------------------------
    @property
    def text(self) -> str:
        return (self.inbound.body or "").strip()

    @cached_property
    def word(self) -> str:
        return normalise(self.text)

    @property
    def tap(self) -> str:
        """The id of the reply button or list item tapped (Twilio's `ButtonPayload` / `ListId`), or ""."""
        payload = self.inbound.payload or {}
        return payload.get("ButtonPayload") or payload.get("ListId") or ""

    @property
    def media(self) -> list[dict]:
        return list((self.inbound.payload or {}).get("media") or [])

    @property
    def language(self) -> str:
        return self.conversation.language or "id"

    # ---- what goes out ------------------------------------------------------------------
    def say(self, key: str, *, choices=(), **variables) -> None:
        reply = Reply(key, variables, tuple(choices))
        if reply not in self.replies:  # never the same prompt twice in one turn
            self.replies.append(reply)

    def enqueue(self, queue: str, func: str, *args, job_id: str | None = None) -> None:
        self.after_commit.append(Job(queue, func, args, job_id))

    # ---- moving ---------------------------------------------------------------------------
    @property
    def dialog(self) -> Dialog:
        return self.dialogs.get(self.conversation.dialog) or self.dialogs[IDLE_DIALOG]

    def begin(self, name: str) -> None:
        """Leave the current dialog (its data goes) and start `name`."""
        self._reset(name, IDLE_STEP)
        self.dialogs[name].start(self)

    def enter(self, name: str, step: str) -> None:
        """Leave the current dialog (its data goes) for `step` of dialog `name`, prompting it."""
        self._reset(name, step)
        self.dialog.steps[step].prompt(self)

    def go(self, step: str, *, prompt: bool = True) -> None:
        self.conversation.step = step
        self.conversation.failures = 0
        if prompt:
            self.dialog.steps[step].prompt(self)

    def settle(self, step: str) -> None:
        """A prompt found which step of this dialog it really asks (e.g. the documents' next one):
        stand there, failures kept (the prompt may follow a wrong answer)."""
        self.conversation.step = step

    def resume(self, dialog: str, step: str, data: dict) -> None:
        """Back to where a detour (e.g. the privacy notice's re-consent) interrupted: `step` of
        `dialog` with the data it had, no prompt."""
        self._reset(dialog, step)
        self.data = dict(data)

    def finish(self) -> None:
        """Back to the idle menu state (no prompt)."""
        self._reset(IDLE_DIALOG, IDLE_STEP)

    def _reset(self, dialog: str, step: str) -> None:
        self.conversation.dialog, self.conversation.step = dialog, step
        self.conversation.failures = 0
        self.data = {k: v for k, v in self.data.items() if k in PERSISTENT_KEYS}

    def save(self) -> None:
        if self.data != (self.conversation.data or {}):
            self.conversation.data = self.data
            flag_modified(self.conversation, "data")
        self.conversation.updated_at = self.now


# ---- moving a conversation from outside a turn (a job); the caller holds the row lock ----------
def advance(conversation: Conversation, step: str, data: dict) -> None:
    """The current dialog moves on to `step` with `data` because of a job's result (a checked
    document), failures kept. Lock the row first (`bot.inbound.lock_conversation`)."""
    conversation.step = step
    conversation.data = dict(data)
    flag_modified(conversation, "data")


def place(conversation: Conversation, dialog: str, step: str, data: dict, now: datetime) -> None:
    """Put the conversation at `step` of `dialog` (e.g. the survey's invitation) with `data` beside
    its persistent keys, failures cleared. Lock the row first (`bot.inbound.lock_existing`)."""
    kept = {k: v for k, v in (conversation.data or {}).items() if k in PERSISTENT_KEYS}
    conversation.dialog, conversation.step, conversation.failures = dialog, step, 0
    conversation.data = {**kept, **data}
    conversation.updated_at = now


_KEYWORD_TABLES: dict[int, tuple[dict[str, Dialog], dict[str, str]]] = {}


def keywords_of(dialogs: dict[str, Dialog]) -> dict[str, str]:
    """`keyword_table(dialogs)`, built once per dialog registry (it is fixed at import)."""
    cached = _KEYWORD_TABLES.get(id(dialogs))
    if cached is None or cached[0] is not dialogs:
        cached = _KEYWORD_TABLES[id(dialogs)] = (dialogs, keyword_table(dialogs))
    return cached[1]


def keyword_table(dialogs: dict[str, Dialog]) -> dict[str, str]:
    table: dict[str, str] = {}
    for dialog in dialogs.values():
        for word in dialog.keywords:
            key = normalise(word)
            if key in table:
                raise RuntimeError(f"keyword {word!r} claimed by {table[key]} and {dialog.name}")
            table[key] = dialog.name
    return table


def menu_entries(dialogs: dict[str, Dialog]) -> list[Dialog]:
    return [d for d in dialogs.values() if d.menu_label]


def run(turn: Turn) -> None:
    """Handle one inbound message: expiry, global keywords, the current step's parser."""
    conv = turn.conversation
    idle = (conv.dialog, conv.step) == (IDLE_DIALOG, IDLE_STEP)
    keywords = keywords_of(turn.dialogs)
    # A tap routes only by its id (menu ids are the keywords), never by its title.
    said = normalise(turn.tap) if turn.tap else turn.word
    target = keywords.get(said) if not turn.media else None

    if any(d.gate(turn, target) for d in turn.dialogs.values() if d.gate is not None):
        return

    if not idle and conv.updated_at and turn.now - conv.updated_at > IDLE_LIMIT:
        turn.say("bot.expired")
        if target is None:
            turn.begin(IDLE_DIALOG)
            return

    if target is not None:
        if not idle and turn.dialog.on_leave is not None:
            turn.dialog.on_leave(turn, target)
        turn.begin(target)
        return

    step = turn.dialog.steps.get(conv.step)
    if step is None:  # a step that no longer exists after an upgrade
        turn.begin(IDLE_DIALOG)
        return

    value = step.parse(turn)
    if isinstance(value, Invalid):
        conv.failures = (conv.failures or 0) + 1
        turn.say(value.reason, **value.variables)
        if conv.failures >= MAX_FAILURES:
            turn.say("bot.too_many_failures")
            turn.finish()
            turn.dialogs[IDLE_DIALOG].start(turn)
        else:
            step.prompt(turn)
        return
    conv.failures = 0
    step.accept(turn, value)


_NUMBERED = re.compile(r"^(\d{1,2}) (.+)$")


def pick(turn: Turn, choices, synonyms: dict[str, set[str]] | None = None) -> Choice | None:
    """The choice this message answers: the tapped id, the number, or the option's words (its
    title, its id, or one of its `synonyms[id]`, compared normalised: "Sangat Baik!" = "sangat baik").
    A copied line ("2. Bangko") counts when number and words agree."""
    choices = tuple(choices)
    if turn.tap:
        tapped = next((c for c in choices if c.id == turn.tap), None)
        if tapped is not None:
            return tapped
    word = turn.word
    if is_number(word):
        n = int(word)
        return choices[n - 1] if 1 <= n <= len(choices) else None
    copied = _NUMBERED.match(word)
    if copied and 1 <= int(copied[1]) <= len(choices):
        choice = choices[int(copied[1]) - 1]
        if copied[2] in (normalise(choice.title), normalise(choice.label)):
            return choice
    if not word:
        return None
    for choice in choices:
        if word in (normalise(choice.title), normalise(choice.label), normalise(choice.id)) or \
                word in (synonyms or {}).get(choice.id, ()):
            return choice
    return None


def office_today(turn: Turn):
    from zoneinfo import ZoneInfo

    tz = turn.session.info.get("settings", {}).get("tz_name", OFFICE_TZ)
    return turn.now.astimezone(ZoneInfo(tz)).date()
