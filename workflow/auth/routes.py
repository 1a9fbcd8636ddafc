"""Login, logout and the language switch."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from workflow.auth import throttle
from workflow.auth.forms import LoginForm
from workflow.extensions import limiter
from workflow.services import users

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(throttle.per_address, methods=["POST"])
@limiter.limit(throttle.backoff, methods=["POST"], key_func=lambda: throttle.account_at_address(request.form.get("username")),
               deduct_when=throttle.page_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("worklist.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.username.data.strip(), form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong username or password."))
        else:
            session.clear()  # a fresh session at login
            login_user(user)
            return redirect(safe_next(request.args.get("next")) or url_for("worklist.index"))
    demo = current_app.config.get("DEMO_MODE")
    return render_template("auth/login.html", form=form, demo=demo, demo_accounts=_demo_accounts() if demo else [])


def _demo_accounts() -> list[dict]:
    from workflow.demo import directory, seed

    return [dict(account, password=seed.PASSWORD) for account in directory.accounts()]


@bp.post("/logout")
@login_required
def logout():
    """Ends this and every other web session of the user (their session version moves on);
    API tokens stay, for the programs that hold them."""
    users.log_out_everywhere(current_user)
    logout_user()
    session.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/lang/<code>")
def set_language(code: str):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    return redirect(safe_next(request.form.get("next")) or url_for("worklist.index"))


def safe_next(target: str | None) -> str | None:
    """Only our own paths: no scheme, no host, no protocol-relative //."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
