"""Fixtures for the API tests: a World, and clients that call the API as one user.

Each request runs in an application context of its own, as in production: its own database
session and its own `g` (where Flask-Babel caches the locale and the API keeps the caller), so
one request's language or caller cannot leak into the next.
"""
from __future__ import annotations

from typing import Any

import pytest

from tests.factories import World
from workflow.clock import utcnow
from workflow.extensions import db, limiter
from workflow.models import User
from workflow.services import users

PREFIX = "/api/v1"


class ApiClient:
    def __init__(self, app, token: str | None = None, lang: str | None = "en"):
        self.app, self.token, self.lang = app, token, lang
        self.client = app.test_client()

    def open(self, method: str, path: str, headers: dict | None = None, **kw):
        sent = {}
        if self.lang:
            sent["Accept-Language"] = self.lang
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        sent.update(headers or {})
        url = path if path.startswith("/") else f"{PREFIX}/{path}"
        with self.app.app_context():
            response = self.client.open(url, method=method, headers=sent, **kw)
        # The request committed in its own session; let the test's session read afresh.
        db.session.expire_all()
        return response

    def get(self, path: str, **kw):
        return self.open("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw):
        return self.open("POST", path, json=json, **kw)

    def delete(self, path: str, **kw):
        return self.open("DELETE", path, **kw)

    def act(self, collection: str, item_id: int, action: str, body: dict | None = None, status: int = 200) -> dict:
        """POST an action and check its status; returns the JSON answer."""
        response = self.post(f"{collection}/{item_id}/actions/{action}", json=body)
        assert response.status_code == status, (action, response.status_code, response.get_json())
        return response.get_json()


@pytest.fixture(autouse=True)
def _fresh_limits(app):
    # The rate limiter's memory store lives as long as the app, i.e. the whole run.
    with app.app_context():
        limiter.reset()
    yield


@pytest.fixture
def world(ctx) -> World:
    return World()


@pytest.fixture
def api(app, ctx):
    """api(user) -> a client with a fresh bearer token for `user`; api() -> one without a token."""

    def make(user: User | None = None, lang: str | None = "en") -> ApiClient:
        token = users.issue_token(user, utcnow(), 1) if user is not None else None
        return ApiClient(app, token, lang)

    return make
