"""Smaller rules of sending: the shared rate limiter, template variables, queue priority."""

from __future__ import annotations

from jobs.ratelimit import RateLimiter
from jobs.templates import Template, content_variables, problems, templates
from storage.outbox import queue_message
from tests.jobs.conftest import drain


def test_the_limiter_spaces_sends_and_allows_its_burst(rt):
    strict = RateLimiter(rt.redis, "whatsapp:+1000", per_second=10, burst=1)
    assert strict.try_acquire() == 0
    wait = strict.try_acquire()
    assert 0.05 < wait <= 0.1  # the next send is due 100 ms after the first
    bursty = RateLimiter(rt.redis, "whatsapp:+2000", per_second=10, burst=3)
    assert [bursty.try_acquire() == 0 for _ in range(4)] == [True, True, True, False]
    # another worker (another limiter object on the same sender) sees the same budget
    assert RateLimiter(rt.redis, "whatsapp:+2000", per_second=10, burst=3).try_acquire() > 0


def test_template_variables_are_formatted_on_one_line_each():
    values = content_variables("notice.returned", "id", "Asia/Jakarta",
                               {"tracking_code": "APS-2026-000001", "reasons": ["KTP buram", "KK\nterpotong"]})
    assert values == {"1": "APS-2026-000001", "2": "KTP buram; KK terpotong"}
    missing = content_variables("notice.rejected", "en", "Asia/Jakarta", {"tracking_code": "X"})
    assert missing == {"1": "X", "2": "-"}  # WhatsApp refuses an empty variable


def test_every_template_names_a_catalogue_key_and_its_variables_exist():
    import catalogue

    for key, template in templates().items():
        assert catalogue.exists(key), key
        names = {spec.partition(":")[0] for spec in template.variables}
        for lang, text in template.texts.items():
            assert text.count("{{") == len(template.variables), (key, lang)
        assert names and names <= catalogue.placeholders(key), (key, names - catalogue.placeholders(key))


def test_every_template_follows_whatsapps_rules_for_variables():
    assert {key: problems(t) for key, t in templates().items() if problems(t)} == {}


def test_the_template_rules_catch_what_whatsapp_refuses():
    def check(text, n):
        return problems(Template("k", "k", tuple(f"v{i}" for i in range(n)), {"id": text}))

    assert check("Berkas {{1}} sudah selesai, silakan ambil di kantor kami besok pagi.", 1) == []
    assert check("{{1}} sudah selesai, silakan ambil di kantor kami besok pagi.", 1) == ["id: starts or ends with a variable"]
    assert check("Berkas Bapak/Ibu sudah selesai, kode pengambilan: {{1}}.", 1) == ["id: starts or ends with a variable"]
    assert check("Berkas {{1}} {{2}} sudah selesai, silakan ambil di kantor kami.", 2) == ["id: two variables side by side"]
    assert check("Berkas {{1}} ({{2}}) sudah selesai, silakan ambil di kantor kami.", 2) == ["id: two variables side by side"]
    assert check("Hai {{1}}, gerbang {{2}} ya.", 2) == ["id: 3 words for 2 variables"]
    assert check("Berkas {{1}} dan {{3}} sudah selesai, silakan ambil di kantor kami.", 3) == ["id: variables [1, 3] for 3 declared"]


def test_replies_go_before_bulk(sandbox_rt):
    with sandbox_rt.transaction() as s:
        bulk = [queue_message(s, recipient="+62811", key="notice.completed", priority="bulk").id for _ in range(3)]
    with sandbox_rt.transaction() as s:
        reply = queue_message(s, recipient="+62812", key="notice.completed", priority="reply").id
    drain(sandbox_rt)
    from storage import OutboxMessage

    with sandbox_rt.transaction() as s:
        order = [row.id for row in s.query(OutboxMessage).order_by(OutboxMessage.sent_at, OutboxMessage.id)]
    assert order[0] == reply and set(order[1:]) == set(bulk)


def test_a_long_complaint_answer_is_cut_on_a_word_and_kept_on_one_line():
    answer = "Terima kasih.\n\n" + "Berkas sudah kami periksa kembali " * 40
    values = content_variables("complaint.answered", "id", "Asia/Jakarta", {"code": "ADU-2026-000001", "answer": answer})
    assert values["1"] == "ADU-2026-000001"
    assert "\n" not in values["2"] and values["2"].endswith(" …") and len(values["2"]) <= 602
    assert values["2"].startswith("Terima kasih. Berkas sudah kami periksa kembali")
    short = content_variables("complaint.answered", "en", "Asia/Jakarta", {"code": "X", "answer": "Done."})
    assert short == {"1": "X", "2": "Done."}
