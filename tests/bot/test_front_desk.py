"""INFO / SYARAT: the front desk in the chat, open without registering; the office's contact is data."""

from __future__ import annotations

from catalogue import front_desk
from tests.bot.conftest import info, offered, register_and_activate


def _add_service(rt, code="TST", name="Izin Uji Coba", cost=None):
    from storage import Requirement, Service

    with rt.transaction() as s:
        svc = Service(code=code, name=name, name_en="Trial permit", workflow="rekomendasi", number_format="T/{seq}/{year}")
        svc.requirements.append(Requirement(code="ktp", position=1, label="KTP-el pemohon", label_en="Applicant's e-KTP",
                                            required=True))
        s.add(svc)


def test_info_without_registering_lists_requirements_time_cost_and_the_office(chat):
    reply = info(chat)
    assert "*Rekomendasi Bantuan Pengiriman Pelajar Anak Putus Sekolah*" in reply
    assert "1. Surat permohonan kepada Bupati Rokan Hilir" in reply and "Kartu Keluarga (KK)" in reply
    assert "paling lama 6 hari kerja" in reply
    assert "Biaya: gratis, tidak dipungut biaya" in reply
    assert "ketik DAFTAR" in reply  # not registered yet: how to start
    assert front_desk.office_contact("id") in reply
    assert "Jam layanan: Senin–Kamis" in reply and "Peta: https://" in reply
    # Nothing was created for this number beyond the conversation: no registration was needed.
    assert "nama lengkap" not in reply


def test_syarat_with_words_and_polite_wrapping_works_too(chat):
    assert "Persyaratan" in info(chat, "syarat")
    assert "Persyaratan" in info(chat, "Persyaratan")


def test_a_registered_applicant_is_told_to_type_ajukan(chat):
    register_and_activate(chat)
    reply = info(chat, "SYARAT")
    assert "Untuk mengajukan: ketik AJUKAN." in reply and "DAFTAR" not in reply


def test_several_services_are_a_list_chosen_by_number_code_or_name(chat, rt):
    _add_service(rt)
    count = offered(chat)  # the office's services, and this one last
    listing = chat.send("INFO")
    assert "1. Rekomendasi Bantuan" in listing and f"{count}. Izin Uji Coba" in listing
    assert f"atau balas dengan nomornya, 1 sampai {count})" in chat.send(str(count + 5))
    detail = chat.send(str(count))
    assert "*Izin Uji Coba*" in detail and "1. KTP-el pemohon" in detail
    chat.send("INFO")
    assert "*Izin Uji Coba*" in chat.send("uji coba")
    chat.send("INFO")
    assert "*Izin Uji Coba*" in chat.send("tst")


def test_in_english_on_request(chat):
    chat.send("LANGUAGE")
    chat.send("2")
    reply = info(chat)
    assert "Requirements (sent as PDFs or clear photos)" in reply
    assert "Office hours: Monday–Thursday" in reply and "free of charge" in reply


def test_the_menu_offers_it(chat):
    assert "Info layanan & syarat" in chat.send("MENU")


def test_office_contact_is_data_and_fills_every_office_text():
    import catalogue

    contact = front_desk.office_contact("id")
    assert contact.splitlines()[0] == "🏢 Kantor DPMPTSP Kabupaten Rokan Hilir"
    for key in ("bot.reg.nik.taken", "bot.act.daily_limit", "bot.info.none", "notice.ready_for_pickup",
                "reminder.ready_for_pickup", "bot.profile.nik_at_office"):
        for lang in catalogue.LANGUAGES:
            assert front_desk.office_contact(lang) in catalogue.render(key, lang, stage="ready_for_pickup")


def test_the_office_is_one_data_file_the_letters_and_the_chat_share():
    from catalogue.office import IDENTITY, office

    identity = office()
    assert IDENTITY.name == "identity.toml" and not (IDENTITY.parent / "contact.toml").exists()
    contact = front_desk.office_contact("id")
    assert identity.address_line in contact and identity.phone in contact and identity.map_url in contact
    assert {"address", "phone", "hours", "map_url"} <= set(identity.unconfirmed)  # the office confirms them


def test_the_pickup_templates_outside_the_window_carry_the_office_on_one_line():
    from catalogue.office import office
    from jobs.templates import content_variables, templates

    for key in ("notice.ready_for_pickup", "reminder.ready_for_pickup"):
        assert "office" in templates()[key].variables
        values = content_variables(key, "id", "Asia/Jakarta", {"tracking_code": "APS-2026-000001", "pickup_code": "K7P9Q2"})
        office_value = values[str(templates()[key].variables.index("office") + 1)]
        assert office().phone in office_value and office().address_line in office_value and "\n" not in office_value
