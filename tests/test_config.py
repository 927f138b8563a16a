"""`Config.from_env()` is the one reader of the environment: each variable lands in its typed field."""

from __future__ import annotations

import pytest

from config import Config

VARIABLES = ("OFFICE_HOURS", "TTE_TRUST_PEM", "WHATSAPP_CONTENT_SIDS", "RQ_FORK", "OUTBOX_LEASE_SECONDS",
             "OUTBOX_MAX_ATTEMPTS", "OUTBOX_RETRY_BASE_SECONDS", "OUTBOX_RETRY_CAP_SECONDS",
             "OUTBOX_SWEEP_GRACE_SECONDS", "OUTBOX_AMBIGUOUS_WAIT_SECONDS", "TWILIO_HTTP_TIMEOUT",
             "MEDIA_LINK_SECONDS", "WINDOW_HOURS", "ACCESS_LOG_RETENTION_DAYS")


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    return monkeypatch


def test_the_defaults_when_nothing_is_set(clean_env):
    config = Config.from_env(secret_key="x")
    assert config.office_hours == "" and config.tte_trust_pem == "" and config.whatsapp_content_sids == ""
    assert config.rq_fork is False
    assert (config.outbox_lease_seconds, config.outbox_max_attempts, config.outbox_retry_base_seconds) == (60, 5, 2)
    assert (config.outbox_retry_cap_seconds, config.outbox_sweep_grace_seconds) == (300, 60)
    assert (config.outbox_ambiguous_wait_seconds, config.twilio_http_timeout) == (30, 15)
    assert (config.media_link_seconds, config.window_hours, config.access_log_retention_days) == (21600, 24, 1825)


def test_every_variable_lands_in_its_field(clean_env):
    clean_env.setenv("OFFICE_HOURS", "mon-fri=08:00-16:00")
    clean_env.setenv("TTE_TRUST_PEM", "/etc/bsre.pem")
    clean_env.setenv("WHATSAPP_CONTENT_SIDS", ' {"dpmptsp_stage_update": "HX1"} ')
    clean_env.setenv("RQ_FORK", "1")
    for number, name in enumerate(VARIABLES[4:], start=1):
        clean_env.setenv(name, str(number))
    config = Config.from_env(secret_key="x")
    assert config.office_hours == "mon-fri=08:00-16:00" and config.tte_trust_pem == "/etc/bsre.pem"
    assert config.whatsapp_content_sids == '{"dpmptsp_stage_update": "HX1"}' and config.rq_fork is True
    assert [getattr(config, name.lower()) for name in VARIABLES[4:]] == list(range(1, len(VARIABLES) - 3))


def test_the_runtime_passes_office_hours_and_trust_roots_to_the_workflow(tmp_path):
    from runtime import Runtime
    from workflow.clock import DEFAULT_HOURS

    config = Config(instance_path=tmp_path, secret_key="x")
    assert Runtime(config).settings["office_hours"] == DEFAULT_HOURS
    given = config.with_(office_hours="mon-fri=08:00-16:00", tte_trust_pem="/etc/bsre.pem")
    assert Runtime(given).settings["office_hours"] == "mon-fri=08:00-16:00"
    assert Runtime(given).settings["tte_trust_pem"] == "/etc/bsre.pem"


def test_content_sids_come_from_the_config_as_json_or_a_file(tmp_path):
    from jobs.templates import content_sids

    config = Config(instance_path=tmp_path, secret_key="x")
    assert content_sids(config) == {}
    assert content_sids(config.with_(whatsapp_content_sids='{"a": "HX1"}')) == {"a": "HX1"}
    path = tmp_path / "sids.json"
    path.write_text('{"b": {"id": "HX2"}}', encoding="utf-8")
    assert content_sids(config.with_(whatsapp_content_sids=str(path))) == {"b": {"id": "HX2"}}
