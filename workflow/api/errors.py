"""JSON error bodies (SPEC 8): {"error": {"code", "message", "field"?, "fields"?, "state"?}}.

The API answers every refusal the services raise in one shape, so a program can branch on
`code` and show `message` (already in the caller's language) next to `field`.
"""
from __future__ import annotations

from flask import Blueprint, jsonify
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from workflow.services.errors import Invalid, Repeated, ServiceError, StateConflict

GENERIC = {
    400: ("invalid", "The request is not valid."),
    401: ("unauthenticated", "Log in first: send a bearer token."),
    403: ("forbidden", "You may not do this."),
    404: ("not_found", "Not found, or you may not see it."),
    405: ("method_not_allowed", "This method is not allowed here."),
    409: ("wrong_state", "Not allowed in the current state."),
    412: ("stale", "The item changed since you read it."),
    413: ("too_large", "The request is too large."),
    429: ("rate_limited", "Too many requests."),
    500: ("server_error", "Something went wrong."),
}

# Service field names that differ from the API's request fields: the draft services speak of
# "cosigners", the API takes the list as "cosigner_ids".
FIELD_ALIASES = {"cosigners": "cosigner_ids"}


class Unauthenticated(ServiceError):
    """No bearer token, or one that expired, was revoked or never existed."""

    status = 401

    def __init__(self, message: str, code: str = "unauthenticated"):
        super().__init__(message)
        self.code = code  # "unauthenticated" (nothing sent) or "invalid_token"


class NotJson(ServiceError):
    """A body that is not a JSON object; there is no field to point at."""

    code = "invalid_json"


def error_response(status: int, message: str | None = None, code: str | None = None, **extra):
    default_code, default_message = GENERIC.get(status, GENERIC[500])
    body = {"code": code or default_code, "message": message or _(default_message)}
    body.update({key: value for key, value in extra.items() if value is not None})
    response = jsonify({"error": body})
    response.status_code = status
    if status == 401:
        # RFC 6750: tell the client which scheme to use, and whether the token it sent is bad.
        challenge = 'Bearer realm="api"' if code != "invalid_token" else 'Bearer realm="api", error="invalid_token"'
        response.headers["WWW-Authenticate"] = challenge
    return response


def service_error(exc: ServiceError):
    extra: dict = {"field": FIELD_ALIASES.get(exc.field, exc.field) if exc.field else None}
    if isinstance(exc, Invalid):
        extra["fields"] = {FIELD_ALIASES.get(name, name): message for name, message in exc.errors.items()}
    if isinstance(exc, StateConflict):
        extra["state"] = str(exc.state)
    if isinstance(exc, Repeated):
        extra["location"] = exc.location
    return error_response(exc.status, exc.message, exc.code, **extra)


def http_error(exc: HTTPException):
    """Werkzeug's errors (405, 413, 429, …) in the same JSON shape instead of an HTML page."""
    return error_response(exc.code or 500)


def register(bp: Blueprint) -> None:
    # Blueprint handlers win over the app's, which render pages or a field-less JSON body.
    bp.register_error_handler(ServiceError, service_error)
    bp.register_error_handler(HTTPException, http_error)
