"""Fixtures for issue 9 §11's tests: a World, page clients in English, API clients."""
from __future__ import annotations

import pytest

from tests.api.conftest import ApiClient
from tests.factories import World
from workflow.clock import utcnow
from workflow.models import User
from workflow.services import users


@pytest.fixture
def w(ctx) -> World:
    return World()


@pytest.fixture
def en(login):
    """A page client logged in as `username`, reading English."""

    def _en(username: str):
        client = login(username)
        client.post("/lang/en", data={"next": "/"})
        return client

    return _en


@pytest.fixture
def api(app, ctx):
    """api(user) -> a client with a fresh bearer token for `user`; api() -> one without."""

    def make(user: User | None = None, lang: str | None = "en") -> ApiClient:
        token = users.issue_token(user, utcnow(), 1) if user is not None else None
        return ApiClient(app, token, lang)

    return make
