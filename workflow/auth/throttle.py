"""Login throttling, for the login page and the API's token endpoint (issue 9 §11).

Per address, every attempt counts (LOGIN_LIMIT): one address cannot guess fast, nor make the
server hash passwords without end. Per account the count is kept only together with the address
(LOGIN_BACKOFF, failures only): guessing one account's password from one address slows down
further and further, while the account's owner, from any other address, logs in as usual. A
stranger who knows a username therefore cannot lock its owner out, as a count per account alone
would let them. The counts live in Flask-Limiter's storage (Redis when REDIS_URL is set).
"""
from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response


def per_address() -> str:
    return current_app.config["LOGIN_LIMIT"]


def backoff() -> str:
    return current_app.config["LOGIN_BACKOFF"]


def account_at_address(username: object) -> str:
    name = username.strip().lower() if isinstance(username, str) else ""
    return f"login:{name}@{get_remote_address()}"


def page_failed(response: Response) -> bool:
    """The login page failed when it shows the form again instead of redirecting."""
    return response.status_code != 302


def token_failed(response: Response) -> bool:
    return response.status_code != 200
