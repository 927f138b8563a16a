"""Is this answer a person's name? The name goes on the signed letter, so a sentence, a question,
a greeting or a number is asked again with the reason, and "nama saya Siti Aminah" keeps the name.

Indonesian names are one to several words, sometimes with an apostrophe (Ma'ruf), a hyphen, a
period (Moh.) or a particle (bin, binti); a single word is a valid name (many Indonesians have one).
"""

from __future__ import annotations

import re

from bot.conversation import Invalid, normalise
from bot.phrases import GREETING_WORDS, is_greeting

MAX_WORDS = 7
LETTERS = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .,'’\-]{1,99}$")
# "nama saya X", "my name is X": the name is what follows.
INTRODUCTIONS = re.compile(
    r"^\s*(?:nama\s+(?:saya|sy|aku|lengkap(?:\s+saya)?|anak(?:\s+saya)?)(?:\s+adalah)?|nama\s*:|saya|aku|"
    r"my\s+name\s+is|my\s+name's|i\s+am|i'm|name\s*:)\s+", re.IGNORECASE)
# Words that make a sentence, not a name (Indonesian and English function words and verbs). Not
# words that are also names or name parts: "I" (I Made, I Wayan), "Yang", "Dan", "Nur", "bin".
SENTENCE_WORDS = frozenset("""
    saya aku sy gue gw mau ingin pengen tanya nanya bertanya bisa boleh tolong mohon apa apakah bagaimana
    gimana kapan dimana kenapa mengapa berapa untuk dengan tidak gak nggak belum sudah
    udah izin ijin permohonan mengajukan ajukan daftar syarat rekomendasi tentang ini itu
    want to apply for the my son daughter permit please how what when where why are does would need
""".split())


def parse_person_name(text: str):
    """The name (spaces tidied), or Invalid with the reason it is not one."""
    name = " ".join((text or "").split())
    name = INTRODUCTIONS.sub("", name, count=1).strip(" .,")
    word = normalise(name)
    tokens = word.split()
    if not tokens:
        return Invalid("bot.reg.name.invalid")
    if any(ch.isdigit() for ch in name):
        return Invalid("bot.reg.name.digits")
    greets = tokens[0] in GREETING_WORDS and len(tokens) > 1 and tokens[1] in GREETING_WORDS
    if "?" in name or is_greeting(word) or greets:
        return Invalid("bot.reg.name.not_a_name")
    if any(t in SENTENCE_WORDS for t in tokens):
        return Invalid("bot.reg.name.not_a_name")
    if len(tokens) > MAX_WORDS:
        return Invalid("bot.reg.name.too_long")
    if len(name) < 2 or not LETTERS.match(name):
        return Invalid("bot.reg.name.invalid")
    return name
