"""Content Templates for messages outside WhatsApp's 24-hour window.

`jobs/whatsapp_templates.toml` says which template each catalogue key uses and in which order
its variables go. The ContentSids: WHATSAPP_CONTENT_SIDS when set (a JSON object, or the path of
a JSON file holding one: template name → "HX…" or {"id": "HX…", "en": "HX…"}), else the approved
ones `flask whatsapp sync` recorded (storage/contents.py). A notice that carries a document
(`document = true`) also has a media template, `<name>_dokumen`, whose last variable is the
document's link.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import catalogue

TEMPLATES_FILE = Path(__file__).with_name("whatsapp_templates.toml")


@dataclass(frozen=True)
class Template:
    key: str  # catalogue key
    name: str  # template name registered with WhatsApp
    variables: tuple[str, ...]  # "name" or "name:format", in {{1}}, {{2}}, … order
    texts: dict  # language → the text to register
    document: bool = False  # carries the Tanda Terima or the signed letter: a media variant too
    media_texts: dict = field(default_factory=dict)  # language → the media variant's text, when it differs


@cache
def templates() -> dict[str, Template]:
    data = tomllib.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))["templates"]
    return {
        key: Template(key, raw["name"], tuple(raw["variables"]), {lang: raw[lang] for lang in catalogue.LANGUAGES if lang in raw},
                      bool(raw.get("document", False)),
                      {lang: raw[f"media_{lang}"] for lang in catalogue.LANGUAGES if f"media_{lang}" in raw})
        for key, raw in data.items()
    }


_VARIABLE = re.compile(r"\{\{(\d+)\}\}")


def problems(template: Template) -> list[str]:
    """Why WhatsApp (Meta) would refuse this template's texts, by its published rules: the
    variables are {{1}}…{{n}} with none missing; no body starts or ends with a variable (trailing
    punctuation counts as the end); no two variables with only spaces or punctuation between
    them; at least 2n+1 words that are not variables."""
    found = []
    for lang, text in template.texts.items():
        numbers = [int(n) for n in _VARIABLE.findall(text)]
        if sorted(set(numbers)) != list(range(1, len(template.variables) + 1)):
            found.append(f"{lang}: variables {sorted(set(numbers))} for {len(template.variables)} declared")
        bare = text.strip()
        if _VARIABLE.match(bare) or re.search(r"\{\{\d+\}\}[\W_]*$", bare):
            found.append(f"{lang}: starts or ends with a variable")
        if re.search(r"\}\}[\s\W_]*\{\{", bare):
            found.append(f"{lang}: two variables side by side")
        words = [w for w in _VARIABLE.sub(" ", text).split() if re.search(r"\w", w)]
        if len(words) < 2 * len(numbers) + 1:
            found.append(f"{lang}: {len(words)} words for {len(numbers)} variables")
    return found


def content_sids(config) -> dict:
    """template name → ContentSid or {language: ContentSid}, from `config.whatsapp_content_sids`
    (WHATSAPP_CONTENT_SIDS: a JSON object, or the path of a JSON file)."""
    raw = config.whatsapp_content_sids.strip()
    if raw and not raw.startswith("{"):
        raw = Path(raw).read_text(encoding="utf-8")
    return json.loads(raw) if raw else {}


MEDIA_SUFFIX = "_dokumen"


def _sid_for(config, name: str, language: str, session) -> str | None:
    sid = content_sids(config).get(name)
    if isinstance(sid, dict):
        sid = sid.get(language) or sid.get("id")
    if not sid and session is not None:
        from storage.contents import synced_sid

        sid = synced_sid(session, name, language, approved=True) or synced_sid(session, name, "id", approved=True)
    return sid or None


def content_sid(config, key: str, language: str, session=None) -> str | None:
    """The approved template of catalogue key `key` (override, else synced), or None."""
    template = templates().get(key)
    return _sid_for(config, template.name, language, session) if template else None


def media_content_sid(config, key: str, language: str, session=None) -> str | None:
    """The approved media template (document header) of `key`, or None."""
    template = templates().get(key)
    if template is None or not template.document:
        return None
    return _sid_for(config, template.name + MEDIA_SUFFIX, language, session)


EXCERPT_CHARS = 600


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` on one line, cut at a word before `limit` characters with "…" when longer."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + " …"


def content_variables(key: str, language: str, tz_name: str, variables: dict) -> dict[str, str]:
    """{"1": …, "2": …} for the template: formatted like the catalogue, on one line each
    (WhatsApp refuses template variables with new lines)."""
    out = {}
    for i, spec in enumerate(templates()[key].variables, start=1):
        name, _, fmt = spec.partition(":")
        value = variables.get(name, "")
        if name == "office" and not value:  # the office's contact (identity.toml), as `{office}` in the catalogue
            value = " · ".join(catalogue.front_desk.office_contact(language).splitlines()[1:])
        if fmt in ("inline", "bullets"):  # a list on one line: "a; b; c"
            items = value if isinstance(value, (list, tuple)) else [value] if value else []
            text = "; ".join(" ".join(str(item).split()) for item in items)
        elif fmt == "excerpt":  # a long free text: the template message stays under 1,024 characters
            text = excerpt(str(value or ""))
        else:
            field = "{" + name + (":" + fmt if fmt else "") + "}"
            text = catalogue._Formatter(language, tz_name).format(field, **{**variables, name: value})  # noqa: SLF001 - one formatter
        out[str(i)] = " ".join(text.split()) or "-"
    return out
