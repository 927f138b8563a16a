"""The application factory: `create_app(config=None)` is the only way to build the web app.

No side effects at import. Blueprints are registered per area; the runtime (database,
Redis) is bound here and shared with CLI commands.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify

import request_scope
import runtime as runtime_mod
from config import Config


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
        checks = {"database": rt.check_database(), "redis": rt.check_redis()}
        ok = all(v is None for v in checks.values())
        body = {"status": "ok" if ok else "unavailable", **{k: v or "ok" for k, v in checks.items()}}
        return jsonify(body), 200 if ok else 503

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
    """Each area registers itself if present; areas never import each other."""
    import importlib

    for module_name, attr in (
        ("bot.webhook", "blueprint"),
        ("backoffice.views", "blueprint"),
        ("backoffice.api", "blueprint"),
        ("backoffice.verify", "blueprint"),
        ("bot.status_callback", "blueprint"),
        ("bot.media_links", "blueprint"),
        ("bot.simulator", "blueprint"),
    ):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        if module_name == "bot.simulator" and not config.sandbox:
            continue
        app.register_blueprint(getattr(module, attr))
