"""The application factory: `create_app(config=None)` is the only way to build the web app.

No side effects at import. Blueprints are registered per area; the runtime (database,
Redis) is bound here and shared with CLI commands.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify, send_file

import runtime as runtime_mod
from config import ROOT, Config
from runtime import request_scope

FAVICON = ROOT / "backoffice" / "static" / "favicon.png"


def create_web_app() -> Flask:
    """The web process's app (Procfile, `make run`): refuses per-host state on a shared deployment
    (runtime.hosts), then builds the app. The CLI builds it with `create_app()` and no check, so
    that `flask preflight` can report the same problems and `flask tte …` can fix one."""
    from runtime.hosts import prepare_or_exit

    config = Config.from_env()
    prepare_or_exit(config, "web")
    return create_app(config)


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__, instance_path=str(config.instance_path), instance_relative_config=False)
    app.config.update(
        SECRET_KEY=config.secret_key,
        TESTING=config.testing,
        MAX_CONTENT_LENGTH=config.max_media_bytes + 1024 * 1024,
        APP_CONFIG=config,
    )
    rt = runtime_mod.init(config)
    app.extensions["runtime"] = rt
    app.teardown_appcontext(request_scope.close)

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    @app.get("/healthz")
    def healthz():
        checks = {"database": rt.check_database(), "redis": rt.check_redis(), "files": rt.check_files()}
        ok = all(v is None for v in checks.values())
        body = {"status": "ok" if ok else "unavailable", **{k: v or "ok" for k, v in checks.items()}}
        return jsonify(body), 200 if ok else 503

    @app.get("/favicon.ico")
    def favicon():
        """The tab icon (a document on the office's green), so browsers stop asking in vain."""
        return send_file(FAVICON, mimetype="image/png", max_age=86400)

    _register_blueprints(app, config)
    _protect_forms(app)

    from cli import register_cli

    register_cli(app)
    return app


# Blueprints that authenticate without cookies (Twilio signatures, bearer tokens): no CSRF token.
CSRF_EXEMPT = ("whatsapp", "whatsapp_status", "api")


def _protect_forms(app: Flask) -> None:
    """CSRF on every POST of every cookie-authenticated blueprint (Flask-WTF)."""
    from flask_wtf.csrf import CSRFProtect

    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # the token lives as long as the session
    csrf = CSRFProtect(app)
    for name in CSRF_EXEMPT:
        if name in app.blueprints:
            csrf.exempt(app.blueprints[name])
    app.extensions["csrf_exempt"] = frozenset(n for n in CSRF_EXEMPT if n in app.blueprints)


def _register_blueprints(app: Flask, config: Config) -> None:
    """One blueprint per area; the simulator exists only in sandbox mode (no Twilio account).

    The back office's pages and the API's routes live in several modules that add routes to the
    area's blueprint; they are imported here, once, before the blueprint is registered.
    """
    from backoffice import (  # noqa: F401 - each adds its routes to the api or backoffice blueprint
        api,
        complaint_api,
        ikm_api,
        register_api,
        register_views,
        staff_views,
        survey_views,
        verify,
        views,
    )
    from bot import webhook
    from jobs import media_links, status_callback

    for module in (webhook, status_callback, media_links, views, api, verify):
        app.register_blueprint(module.blueprint)
    if config.sandbox:
        from simulator import views as simulator

        app.register_blueprint(simulator.blueprint)
