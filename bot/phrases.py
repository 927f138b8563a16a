"""How people open a chat in Indonesian WhatsApp: greetings, salam and polite openers, with their
usual slang and abbreviations ("halo kak", "p", "misi min", "ass wr wb", "pagi gan").

Words are compared after `bot.conversation.normalise` (lower case, no punctuation). Data, not
rules: add a word here when the logs show people using it.
"""

from __future__ import annotations

# Words that greet or address: a message made only of these is a greeting.
GREETING_WORDS = frozenset("""
    halo hallo helo hello haloo halooo hai haii hay hi hii hei hey hy p pp ping tes test
    selamat slamat slmt met pagi siang sore malam pgi mlm siank
    permisi misi mishi punten assalamualaikum assalamu alaikum alaykum
    asalamualaikum assalammualaikum assalamualaykum aslm aslkm askum ass asw assalam salam wr wb warahmatullahi
    wabarakatuh warahmatullah wabarakatu wrwb shalom om swastiastu namo buddhaya
    kak ka kakak kk min mimin admin gan agan bang abang bro sis mas mbak mba pak bapak bu ibu
    bpk dek bos boss bund pagii siangg soree malamm kakk minn
""".split())

# Opening words of a longer message that is still an opener ("permisi min, mau tanya …").
OPENING_PHRASES = ("mau tanya", "mo tanya", "mau nanya", "numpang tanya", "ingin bertanya", "ingin tanya",
                   "boleh tanya", "bisa tanya", "saya mau tanya", "saya ingin bertanya", "tanya syarat",
                   "mau bertanya", "info syarat", "syarat")

# The Islamic greeting, answered in kind ("Wa'alaikumsalam").
SALAM_STARTS = ("assalam", "asalam", "assalamu", "asslam", "aslm", "aslkm", "askum", "ass wr", "ass wb",
                "asw", "salamualaikum", "samlekom", "assamualaikum")


def is_greeting(word: str) -> bool:
    """Only greeting words ("halo kak", "selamat pagi min", "ass wr wb", "p")."""
    tokens = word.split()
    return bool(tokens) and all(t in GREETING_WORDS for t in tokens)


def is_salam(word: str) -> bool:
    return word == "ass" or word.startswith(SALAM_STARTS)


def is_opener(word: str) -> bool:
    """A greeting, or a message that opens politely and asks something ("permisi min, mau tanya
    syarat rekomendasi"): whoever writes it wants to know what the service offers."""
    if is_greeting(word) or is_salam(word):
        return True
    tokens = word.split()
    while tokens and tokens[0] in GREETING_WORDS:
        tokens = tokens[1:]
    rest = " ".join(tokens)
    if not rest:
        return False
    greeted = len(tokens) < len(word.split())
    return rest.startswith(OPENING_PHRASES) or (greeted and _asks(rest))


# Words that make a greeted message a request or a question ("halo, mau bikin izin", "permisi,
# apakah kantor buka hari ini?"): whoever writes them wants to know what the service offers.
ASKING_WORDS = frozenset("""
    tanya nanya bertanya info informasi syarat persyaratan apa apakah bagaimana gimana gmn bgmn
    kapan berapa brp dimana kemana kenapa mengapa bisa bisakah boleh bolehkah mau mo ingin pengen
    pingin minta mohon tolong cara urus ngurus bikin buat daftar ajukan izin ijin
""".split())


def _asks(rest: str) -> bool:
    return any(w in ASKING_WORDS for w in rest.split())
