"""Wrong passwords must not lock the real user out (issue 9 §11, fourth bullet): attempts are
throttled per address, and per account only together with the address (a back-off of failures),
on the login page and the API's token endpoint alike."""
from __future__ import annotations

import pytest

from workflow.extensions import db

STRANGER, OWNER = "203.0.113.7", "198.51.100.20"


def _page_login(app, username: str, password: str, address: str) -> int:
    client = app.test_client()
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address}).status_code


def _token(app, username: str, password: str, address: str) -> int:
    client = app.test_client()
    return client.post("/api/v1/auth/token", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address}).status_code


@pytest.mark.parametrize("attempt,wrong,right", [(_page_login, 200, 302), (_token, 401, 200)])
def test_a_stranger_guessing_from_one_address_does_not_lock_the_owner_out(app, w, attempt, wrong, right):
    answers = [attempt(app, "office", f"guess-{n}", STRANGER) for n in range(12)]
    assert set(answers) == {wrong, 429} and answers[-1] == 429  # the stranger is slowed down …
    assert attempt(app, "office", "secret-pw", OWNER) == right  # … the owner is not


@pytest.mark.parametrize("attempt,wrong,right", [(_page_login, 200, 302), (_token, 401, 200)])
def test_strangers_guessing_from_many_addresses_do_not_lock_the_owner_out(app, w, attempt, wrong, right):
    for n in range(30):
        assert attempt(app, "office", "guess", f"203.0.113.{n}") == wrong
    assert attempt(app, "office", "secret-pw", OWNER) == right


@pytest.mark.parametrize("attempt,wrong,right", [(_page_login, 200, 302), (_token, 401, 200)])
def test_guessing_one_account_from_one_address_backs_off(app, w, monkeypatch, attempt, wrong, right):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT", "1000 per minute")  # the per-address count aside
    backoff = int(app.config["LOGIN_BACKOFF"].split()[0])
    assert [attempt(app, "clerk", "guess", STRANGER) for _ in range(backoff)] == [wrong] * backoff
    assert attempt(app, "clerk", "secret-pw", STRANGER) == 429  # this account, from this address: wait
    assert attempt(app, "office", "secret-pw", STRANGER) == right  # other accounts from there: go on
    assert attempt(app, "clerk", "secret-pw", OWNER) == right


@pytest.mark.parametrize("attempt,right", [(_page_login, 302), (_token, 200)])
def test_logging_in_rightly_never_counts_towards_the_back_off(app, w, monkeypatch, attempt, right):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT", "1000 per minute")
    backoff = int(app.config["LOGIN_BACKOFF"].split()[0])
    assert [attempt(app, "clerk", "secret-pw", OWNER) for _ in range(backoff + 3)] == [right] * (backoff + 3)


def test_behind_a_proxy_each_client_is_throttled_by_its_own_address(w):
    """With PROXY_COUNT, the address is the one the proxy forwarded, not the proxy's own."""
    from config import TestConfig
    from workflow import create_app

    proxied = create_app(TestConfig, PROXY_COUNT=1, SQLALCHEMY_DATABASE_URI=str(db.engine.url.render_as_string(
        hide_password=False)), RATELIMIT_STORAGE_URI="memory://")
    client = proxied.test_client()

    def attempt(forwarded_for: str, password: str) -> int:
        return client.post("/login", data={"username": "office", "password": password},
                           environ_base={"REMOTE_ADDR": "10.9.9.9"},
                           headers={"X-Forwarded-For": forwarded_for}).status_code

    assert {attempt(STRANGER, "guess") for _ in range(12)} == {200, 429}
    assert attempt(OWNER, "secret-pw") == 302
