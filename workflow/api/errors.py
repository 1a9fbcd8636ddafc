"""JSON error bodies: {"error": {"code", "message"}}."""
from flask import jsonify
from flask_babel import gettext as _

GENERIC = {
    400: ("invalid", "The request is not valid."),
    401: ("unauthenticated", "Log in first: send a bearer token."),
    403: ("forbidden", "You may not do this."),
    404: ("not_found", "Not found, or you may not see it."),
    405: ("method_not_allowed", "This method is not allowed here."),
    409: ("wrong_state", "Not allowed in the current state."),
    412: ("stale", "The item changed since you read it."),
    429: ("rate_limited", "Too many requests."),
    500: ("server_error", "Something went wrong."),
}


def error_response(status: int, message: str | None = None, code: str | None = None, **extra):
    default_code, default_message = GENERIC.get(status, GENERIC[500])
    body = {"code": code or default_code, "message": message or _(default_message), **extra}
    return jsonify({"error": body}), status
