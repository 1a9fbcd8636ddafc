"""Bearer tokens: issuing, revoking, and who is calling.

The API never reads the Flask-Login session cookie: a page open in a browser must not be able to
make the API act for its user (the API is exempt from CSRF because it has no cookie to protect).
Every request names its caller with `Authorization: Bearer <token>`.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Response, current_app, g, jsonify, request
from flask_babel import gettext as _

from workflow.api import bp
from workflow.api.errors import Unauthenticated
from workflow.api.parsing import Field, Kind, json_body, parse
from workflow.api.serializers import me as me_json
from workflow.auth import throttle
from workflow.clock import utcnow
from workflow.extensions import limiter
from workflow.models import User
from workflow.services import users

TOKEN_MAX = 256  # ours are 43 characters; anything much longer is not worth hashing
CREDENTIALS = (
    Field("username", Kind.STRING, "Your username.", required=True, max_length=64),
    # The service's own cap, so a huge password cannot make argon2 a denial of service.
    Field("password", Kind.STRING, "Your password.", required=True, max_length=users.PASSWORD_MAX),
)


def public(view: Callable) -> Callable:
    """Mark a view that needs no token (issuing one, the OpenAPI document)."""
    view.api_public = True  # type: ignore[attr-defined]
    return view


def caller() -> User:
    """The user the bearer token belongs to; set for every non-public view."""
    return g.api_user


@bp.before_request
def _authenticate() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "api_public", False):
        return
    token = presented_token()
    if token is None:
        raise Unauthenticated(_("Log in first: send a bearer token."))
    user = users.user_for_token(token, utcnow()) if len(token) <= TOKEN_MAX else None
    if user is None:
        raise Unauthenticated(_("The token has expired, was revoked or is not valid. Ask for a new one."), "invalid_token")
    g.api_user, g.api_token = user, token


def presented_token() -> str | None:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def _account_at_address() -> str:
    """The login page's back-off per account and address (workflow/auth/throttle.py)."""
    data = request.get_json(silent=True)
    return "api-" + throttle.account_at_address(data.get("username") if isinstance(data, dict) else None)


@bp.post("/auth/token")
@limiter.limit(throttle.per_address)
@limiter.limit(throttle.backoff, key_func=_account_at_address, deduct_when=throttle.token_failed)
@public
def issue_token() -> Response:
    values = parse(json_body(), CREDENTIALS)
    user = users.authenticate(values["username"].strip(), values["password"])
    if user is None:
        raise Unauthenticated(_("Wrong username or password."), "invalid_credentials")
    now = utcnow()
    hours = int(current_app.config["API_TOKEN_HOURS"])
    token = users.issue_token(user, now, hours)
    # bandit B105: the token scheme's name, not a password
    response = jsonify({"token": token, "token_type": "Bearer", "expires_at": (now + timedelta(hours=hours)).isoformat()})  # nosec B105
    response.headers["Cache-Control"] = "no-store"  # a credential: no cache may keep it
    return response


@bp.delete("/auth/token")
def revoke_token() -> tuple[str, int]:
    users.revoke_token(g.api_token, utcnow())
    return "", 204


@bp.get("/me")
def me() -> Response:
    return jsonify(me_json(caller()))
