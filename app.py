"""The application factory: `create_app(config=None)` is the only way to build the web app.

No side effects at import. Blueprints are registered per area; the runtime (database,
Redis) is bound here and shared with CLI commands.
"""

from __future__ import annotations

import logging

import click
from flask import Flask, abort, jsonify, request, send_file
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

import runtime as runtime_mod
from config import ROOT, Config
from runtime import request_scope
from storage.digits import MAX_ROW_ID


class SafeJSON(DefaultJSONProvider):
    """JSON nested too deep for Python's parser (100,000 `[`) is bad JSON (a 400), not a 500."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc


def _refuse_nul():
    """A NUL character in a query string or form is refused (400; JSON under /api/): no text
    column holds one on PostgreSQL. Twilio's posts to /whatsapp/ are the exception: the
    message is kept without it (bot.inbound), after its signature was checked as sent."""
    if request.path.startswith("/whatsapp/"):
        return
    fields = list(request.args.items(multi=True))
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        fields += request.form.items(multi=True)
    for key, value in fields:
        if key is None or value is None:  # e.g. a multipart name ending in a backslash: unreadable
            abort(400, "a form field that cannot be read")
        if "\x00" in key or "\x00" in value:
            abort(400, "text may not contain NUL characters")


# Every HTML page of every blueprint (verify, the simulator, error pages) gets a policy; the back
# office sets its own, stricter one on its pages first. No page of ours runs inline script.
HTML_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "object-src 'none'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'")


def _page_policy(response):
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", HTML_CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


class SandboxRefused(RuntimeError):
    """A deployment without a Twilio account (see Config.sandbox_refusal); `flask preflight` says why."""


class RowIdConverter(IntegerConverter):
    """`<int:…>` in every route: ASCII digits only, 1 … PostgreSQL's integer maximum. Werkzeug's
    own takes any Unicode digit and any size, and an id past 2³¹−1 made PostgreSQL fail (a 500);
    now it is simply no such page (404)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, url_map, **kwargs):
        super().__init__(url_map, min=1, max=MAX_ROW_ID)


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
    refusal = config.sandbox_refusal()
    command = click.get_current_context(silent=True)
    if refusal and (command is None or command.command.name == "run"):
        # The web server does not start, `flask run` included. (Under the other `flask` commands
        # the app is built so that `flask preflight` can say why, in one line, and the release
        # phase stops there.)
        raise SandboxRefused(refusal)
    app = Flask(__name__, instance_path=str(config.instance_path), instance_relative_config=False)
    app.config.update(
        SECRET_KEY=config.secret_key,
        TESTING=config.testing,
        MAX_CONTENT_LENGTH=config.max_media_bytes + 1024 * 1024,
        APP_CONFIG=config,
    )
    if config.trusted_proxies > 0:
        # Behind the proxy every request comes from the proxy's address: a limit per client (the
        # verification page's) would be one limit for everyone, used up by one visitor.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.trusted_proxies)
    rt = runtime_mod.init(config)
    app.extensions["runtime"] = rt
    app.teardown_appcontext(request_scope.close)
    app.url_map.converters["int"] = RowIdConverter  # before any route is added
    app.json = SafeJSON(app)
    app.before_request(_refuse_nul)
    app.after_request(_page_policy)

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
    """One blueprint per area; the simulator exists only when chosen (SIMULATOR=1, set by `make run`)
    in sandbox mode (no Twilio account).

    The back office's pages and the API's routes live in several modules that add routes to the
    area's blueprint; they are imported here, once, before the blueprint is registered.
    """
    from backoffice import (  # noqa: F401 - each adds its routes to the api or backoffice blueprint
        access_log_views,
        api,
        complaint_api,
        ikm_api,
        question_views,
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
    if config.simulator_enabled:
        from simulator import views as simulator

        app.register_blueprint(simulator.blueprint)
