"""The app factory, /healthz and the CLI commands of the contract."""

from __future__ import annotations

from sqlalchemy import func, select

from app import create_app
from storage import Service, StaffUser
from storage.staff import staff_for_token


def test_healthz_reports_database_redis_and_the_file_store(client):
    res = client.get("/healthz")
    assert res.status_code == 200
    assert res.json == {"status": "ok", "database": "ok", "redis": "ok", "files": "ok"}


def test_healthz_is_503_when_redis_is_unreachable(config):
    broken = create_app(config.with_(redis_url="redis://127.0.0.1:1/0"))
    res = broken.test_client().get("/healthz")
    assert res.status_code == 503
    assert res.json["redis"] != "ok" and res.json["database"] == "ok"


def test_healthz_is_503_when_the_database_is_unreachable(config):
    broken = create_app(config.with_(database_url="postgresql://nobody@127.0.0.1:1/none"))
    res = broken.test_client().get("/healthz")
    assert res.status_code == 503 and res.json["database"] != "ok"


def test_preflight_fails_fast_with_one_clear_line(config):
    broken = create_app(config.with_(database_url="postgresql://nobody:secret@127.0.0.1:1/none"))
    result = broken.test_cli_runner().invoke(args=["preflight"])
    assert result.exit_code == 1
    assert "cannot reach the database" in result.output and "secret" not in result.output
    ok = create_app(config).test_cli_runner().invoke(args=["preflight"])
    assert ok.exit_code == 0


def test_demo_seed_is_idempotent(runner, rt):
    for _ in range(2):
        result = runner.invoke(args=["demo", "seed"])
        assert result.exit_code == 0, result.output
    with rt.transaction() as s:
        users = s.scalars(select(StaffUser)).all()
        assert {u.username for u in users} >= {"backoffice", "teknis", "subkoor", "koor", "kadis", "pengawas", "admin"}
        service = s.scalar(select(Service))
        assert service.code == "APS" and len(service.requirements) == 10
        assert all(u.check_password("demo12345") for u in users)


def test_staff_create_and_token(runner, rt):
    result = runner.invoke(
        args=["staff", "create", "ani", "--role", "back_office", "--role", "supervisor",
              "--password", "rahasia-123", "--whatsapp", "0812-1111-2222"]
    )
    assert result.exit_code == 0, result.output
    token = runner.invoke(args=["staff", "token", "ani"]).output.strip()
    with rt.transaction() as s:
        user = staff_for_token(s, token)
        assert user.username == "ani" and user.roles == {"back_office", "supervisor"}
        assert user.whatsapp == "+6281211112222"
        assert user.check_password("rahasia-123") and not user.check_password("wrong")
        assert staff_for_token(s, token + "x") is None


def test_staff_create_refuses_bad_input(runner):
    bad_role = runner.invoke(args=["staff", "create", "xena", "--role", "king", "--password", "rahasia-123"])
    assert bad_role.exit_code != 0
    short = runner.invoke(args=["staff", "create", "xena", "--role", "admin", "--password", "short"])
    assert short.exit_code != 0 and "8 characters" in short.output
    assert runner.invoke(args=["staff", "token", "nobody"]).exit_code != 0


def test_staff_create_sets_the_name_and_nip_printed_on_letters(runner, rt):
    no_nip = runner.invoke(args=["staff", "create", "plt.kadis", "--role", "head_of_office", "--password", "rahasia-123"])
    assert no_nip.exit_code != 0 and "NIP" in no_nip.output
    bad = runner.invoke(args=["staff", "create", "plt.kadis", "--role", "head_of_office", "--password", "rahasia-123",
                              "--nip", "1970"])
    assert bad.exit_code != 0 and "18 digits" in bad.output
    ok = runner.invoke(args=["staff", "create", "plt.kadis", "--role", "head_of_office", "--password", "rahasia-123",
                             "--name", "Drs. H. Ahmad Fauzi, M.Si", "--nip", "19700101 199503 1 001"])
    assert ok.exit_code == 0, ok.output
    with rt.transaction() as s:
        user = s.scalar(select(StaffUser).where(StaffUser.username == "plt.kadis"))
        assert (user.full_name, user.nip) == ("Drs. H. Ahmad Fauzi, M.Si", "197001011995031001")


def test_staff_create_treats_usernames_like_sign_in_does(runner, rt):
    """Usernames are unique ignoring case (sign-in ignores it): the CLI stores them in lower case,
    updates the existing user whatever the case given, and refuses a name the back office would."""
    assert runner.invoke(args=["staff", "create", "Budi.S", "--role", "back_office", "--password", "rahasia-123"]).exit_code == 0
    again = runner.invoke(args=["staff", "create", "BUDI.S", "--role", "supervisor", "--password", "rahasia-456"])
    assert again.exit_code == 0 and "budi.s" in again.output
    with rt.transaction() as s:
        [user] = s.scalars(select(StaffUser).where(func.lower(StaffUser.username) == "budi.s")).all()
        assert user.username == "budi.s" and user.roles == {"supervisor"} and user.check_password("rahasia-456")
    assert runner.invoke(args=["staff", "token", "Budi.S"]).exit_code == 0
    bad = runner.invoke(args=["staff", "create", "a b", "--role", "admin", "--password", "rahasia-123"])
    assert bad.exit_code != 0 and "lower-case" in bad.output


def test_services_sync_updates_and_deactivates(runner, rt):
    from workflow.service_data import sync_services

    with rt.transaction() as s:
        sync_services(s)
        sync_services(
            s,
            [{"code": "APS", "name": "Renamed", "workflow": "rekomendasi", "number_format": "X/{seq}/{year}",
              "requirements": [{"code": "ktp_wali", "label": "KTP"}]}],
        )
    with rt.transaction() as s:
        service = s.scalar(select(Service))
        assert service.name == "Renamed"
        active = [r.code for r in service.requirements if r.active]
        assert active == ["ktp_wali"] and len(service.requirements) == 10


def test_second_service_by_data_alone(rt):
    from workflow.service_data import active_services, sync_services

    with rt.transaction() as s:
        shipped = [x.code for x in sync_services(s)]
        sync_services(
            s,
            [{"code": "UJI", "name": "Layanan Uji", "workflow": "rekomendasi",
              "number_format": "503/{seq}/UJI/{year}", "requirements": [{"code": "str", "label": "STR"}]}],
        )
        assert [x.code for x in active_services(s)] == [*shipped, "UJI"]
