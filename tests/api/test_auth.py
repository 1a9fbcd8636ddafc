"""Tokens: issuing, expiry, revocation, 401s, throttling, and no cookie or CSRF involvement."""
from __future__ import annotations

from datetime import datetime, timedelta

from tests.api.conftest import ApiClient
from workflow.clock import utcnow
from workflow.extensions import db
from workflow.services import users


def _token(client: ApiClient, username: str, password: str = "secret-pw", **kw):
    return client.post("auth/token", json={"username": username, "password": password}, **kw)


def test_issue_token_and_use_it(app, api, world):
    before = utcnow()
    response = _token(api(), "clerk")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["token_type"] == "Bearer" and len(body["token"]) >= 40
    assert response.headers["Cache-Control"] == "no-store"
    expires = datetime.fromisoformat(body["expires_at"])
    hours = app.config["API_TOKEN_HOURS"]
    assert before + timedelta(hours=hours) <= expires <= utcnow() + timedelta(hours=hours)

    me = ApiClient(app, body["token"]).get("me")
    assert me.status_code == 200
    data = me.get_json()
    assert data["username"] == "clerk"
    assert data["roles"] == ["clerk"]
    assert data["bureau"]["code"] == "lead"


def test_wrong_credentials_are_401(api, world):
    wrong = _token(api(), "clerk", "not-the-password")
    assert wrong.status_code == 401
    assert wrong.get_json()["error"]["code"] == "invalid_credentials"
    assert wrong.get_json()["error"]["message"] == "Wrong username or password."
    assert _token(api(), "nobody").status_code == 401


def test_token_request_is_validated(api, world):
    missing = api().post("auth/token", json={"username": "clerk"})
    assert missing.status_code == 400
    assert missing.get_json()["error"]["field"] == "password"
    wrong_type = api().post("auth/token", json={"username": 7, "password": "secret-pw"})
    assert wrong_type.get_json()["error"]["field"] == "username"
    not_json = api().post("auth/token", data="username=clerk&password=secret-pw",
                          content_type="application/x-www-form-urlencoded")
    assert not_json.status_code == 400
    assert not_json.get_json()["error"]["code"] == "invalid_json"
    broken = api().post("auth/token", data="{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.get_json()["error"]["code"] == "invalid_json"


def test_no_token_or_a_bad_one_is_401(app, api, world):
    none = api().get("proposals")
    assert none.status_code == 401
    assert none.get_json()["error"]["code"] == "unauthenticated"
    assert none.headers["WWW-Authenticate"].startswith("Bearer")

    bad = ApiClient(app, "made-up-token").get("proposals")
    assert bad.status_code == 401
    assert bad.get_json()["error"]["code"] == "invalid_token"
    assert 'error="invalid_token"' in bad.headers["WWW-Authenticate"]

    token = users.issue_token(world.clerk, utcnow(), 1)
    basic = api().get("me", headers={"Authorization": f"Basic {token}"})
    assert basic.status_code == 401
    assert api().get("me", headers={"Authorization": "Bearer " + "x" * 5000}).status_code == 401


def test_expired_token_is_401(app, world):
    expired = users.issue_token(world.clerk, utcnow() - timedelta(hours=2), 1)
    live = users.issue_token(world.clerk, utcnow() - timedelta(minutes=30), 1)
    assert ApiClient(app, expired).get("me").status_code == 401
    assert ApiClient(app, live).get("me").status_code == 200


def test_revoked_token_is_401_and_other_tokens_live_on(app, world):
    first = ApiClient(app, users.issue_token(world.clerk, utcnow(), 1))
    second = ApiClient(app, users.issue_token(world.clerk, utcnow(), 1))
    assert first.delete("auth/token").status_code == 204
    after = first.get("me")
    assert after.status_code == 401 and after.get_json()["error"]["code"] == "invalid_token"
    assert first.delete("auth/token").status_code == 401
    assert second.get("me").status_code == 200


def test_deactivated_user_loses_api_access(app, api, world):
    client = api(world.clerk)
    assert client.get("me").status_code == 200
    world.clerk.active = False
    db.session.commit()
    assert client.get("me").status_code == 401


def test_session_cookie_does_not_authenticate(app, world):
    client = ApiClient(app, token=None)
    login = client.post("/login", data={"username": "office", "password": "secret-pw"}, json=None)
    assert login.status_code == 302  # logged in to the web pages
    assert client.get("me").status_code == 401
    # With a token, the token decides who is calling, not the cookie.
    client.token = users.issue_token(world.clerk, utcnow(), 1)
    assert client.get("me").get_json()["username"] == "clerk"


def test_api_is_exempt_from_csrf(app, api, world):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page_login = api().post("/login", data={"username": "office", "password": "secret-pw"}, json=None)
        assert page_login.status_code == 400  # the pages do check CSRF now
        assert _token(api(), "office").status_code == 200
        proposal = world.proposal("submitted")
        started = api(world.office).post(f"proposals/{proposal.id}/actions/start-review")
        assert started.status_code == 200 and started.get_json()["state"] == "under_review"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_token_endpoint_is_throttled_per_address(app, api, world):
    limit = int(app.config["LOGIN_LIMIT"].split()[0])
    for n in range(limit):
        assert _token(api(), f"guess{n}", "wrong").status_code == 401
    throttled = _token(api(), "office")  # right password, but this address used up its attempts
    assert throttled.status_code == 429
    assert throttled.get_json()["error"]["code"] == "rate_limited"
    assert throttled.get_json()["error"]["message"] == "Too many requests."
    assert _token(api(), "office", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 200


def test_token_endpoint_backs_off_per_account_and_address(app, api, world):
    backoff = int(app.config["LOGIN_BACKOFF"].split()[0])
    for _ in range(backoff):
        assert _token(api(), "Clerk", "wrong", environ_base={"REMOTE_ADDR": "10.0.1.1"}).status_code == 401
    assert _token(api(), "clerk", environ_base={"REMOTE_ADDR": "10.0.1.1"}).status_code == 429
    # The owner from elsewhere, and other accounts from that address, still get through.
    assert _token(api(), "clerk", environ_base={"REMOTE_ADDR": "10.0.2.1"}).status_code == 200
    assert _token(api(), "office", environ_base={"REMOTE_ADDR": "10.0.1.1"}).status_code == 200
