"""The proposal-reply workflow system: create_app() builds the Flask application."""
from __future__ import annotations

from flask import Flask, request, session
from flask_login import current_user

from config import VAR_DIR, Config
from workflow.extensions import babel, csrf, db, limiter, login_manager, migrate


def create_app(config: type[Config] = Config, **overrides) -> Flask:
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_object(config)
    app.config.update(overrides)
    VAR_DIR.mkdir(parents=True, exist_ok=True)

    db.init_app(app)
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
    def load_user(user_id: str) -> User | None:
        user = db.session.get(User, int(user_id))
        return user if user and user.active else None
