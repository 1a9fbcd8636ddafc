import pytest

from tests.factories import World


@pytest.fixture
def w(ctx):
    return World()


@pytest.fixture
def login(app):
    """A test client logged in as `username` (factories' password)."""

    def _login(username: str):
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": "secret-pw"})
        assert response.status_code == 302, response.data[:500]
        return client

    return _login
