"""The proposal-reply workflow system: create_app() builds the Flask application."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, has_request_context, request, session
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from config import VAR_DIR, Config
from workflow import read_again
from workflow.extensions import babel, csrf, db, limiter, login_manager, migrate


class WorkflowApp(Flask):
    """Flask, with every absolute URL (e-mails' links, the feed, the sitemap, canonical links)
    made from BASE_URL, never from the Host header a request happens to carry: a client could
    send any Host and have the links of the page it gets point elsewhere."""

    def url_for(self, endpoint: str, *, _anchor: str | None = None, _method: str | None = None,
                _scheme: str | None = None, _external: bool | None = None, **values) -> str:
        if not has_request_context() or not (_external or (_external is None and _scheme is not None)):
            return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme,
                                   _external=_external, **values)
        path = super().url_for(endpoint, _anchor=_anchor, _method=_method, _external=False, **values)
        base = urlsplit(self.config["BASE_URL"])
        return f"{_scheme or base.scheme}://{base.netloc}{path}"


def _planner_options(config) -> None:
    """On PostgreSQL, every connection of the app plans with PG_OPTIONS (libpq `options`). The
    default: a random read costed as PostgreSQL's documentation suggests for solid-state storage
    (random_page_cost 1.1; the default 4 models spinning disks, and with it the work lists read
    whole tables for a few hundred open rows: 97 ms against 39 ms for the office's counts at
    100,000 items), and no JIT compilation, which is for long analytical queries: a member's list
    of own items spent 211 of its 240 ms compiling. Empty: the server's own settings.
    https://www.postgresql.org/docs/15/runtime-config-query.html, .../jit-decision.html"""
    extra = config.get("PG_OPTIONS")
    if extra and str(config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        connect_args = dict(options.get("connect_args") or {})
        connect_args["options"] = f"{connect_args.get('options', '')} {extra}".strip()
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


def create_app(config: type[Config] = Config, **overrides) -> Flask:
    app = WorkflowApp(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_object(config)
    app.config.update(overrides)
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if app.config["PROXY_COUNT"]:
        hops = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    _planner_options(app.config)
    db.init_app(app)
    read_again.init_app(app)
    from workflow.services import work_tasks  # noqa: F401  (its session events keep the stored work lists)

    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Asia/Shanghai")
    _init_login(app)

    from workflow import cli, web

    web.register(app)
    cli.register(app)
    return app


def select_locale() -> str:
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    if request and request.path.startswith("/api/"):
        # The API is stateless: Accept-Language decides, never a page session's choice or the
        # cookie's user (bearer tokens authenticate there; see workflow/api/auth.py).
        best = request.accept_languages.best_match(["zh", "en"])
        return "en" if best == "en" else "zh_Hans"
    chosen = session.get("lang") if request else None
    if chosen in languages:
        return chosen
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _init_login(app: Flask) -> None:
    from workflow.models import User

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """The session's user, while the user is active and the session's version is theirs: a
        logout or a new password moves the version on and so ends every web session of the user."""
        user_id, _sep, version = session_id.partition(":")
        if not (session_id.isascii() and user_id.isdigit() and version.isdigit()) or len(user_id) > 10:
            return None  # a cookie from before session versions, or not ours
        user = db.session.get(User, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user
