"""Messages in the caller's language, chosen from Accept-Language on token-authenticated calls
(which carry no session). The Chinese catalogs are still being written, so for Chinese only the
chosen language and the presence of a message are checked."""
from __future__ import annotations

import pytest


def _missing(client):
    return client.get("proposals/999999")


@pytest.mark.parametrize(
    ("header", "language"),
    [("en", "en"), ("en-US,en;q=0.9", "en"), ("zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans"), ("zh", "zh-Hans"),
     (None, "zh-Hans"), ("fr", "zh-Hans")],
)
def test_language_follows_accept_language(api, world, header, language):
    response = _missing(api(world.office, lang=header))
    assert response.status_code == 404
    assert response.headers["Content-Language"] == language
    assert response.get_json()["error"]["message"].strip()


def test_english_messages(api, world):
    response = _missing(api(world.office, lang="en"))
    assert response.get_json()["error"]["message"] == "No such proposal, or you may not see it."
    unauthenticated = api(lang="en").get("me")
    assert unauthenticated.get_json()["error"]["message"] == "Log in first: send a bearer token."


def test_each_request_gets_its_own_language(api, world):
    """The locale is chosen per request: an English call does not make the next one English."""
    proposal = world.proposal("submitted")
    english = api(world.proposer, lang="en").post(f"proposals/{proposal.id}/actions/submit")
    chinese = api(world.proposer, lang="zh-CN").post(f"proposals/{proposal.id}/actions/submit")
    assert (english.status_code, chinese.status_code) == (409, 409)
    assert english.headers["Content-Language"] == "en"
    assert chinese.headers["Content-Language"] == "zh-Hans"
    assert chinese.get_json()["error"]["message"] and chinese.get_json()["error"]["state"] == "submitted"


def test_a_browser_session_language_does_not_override_accept_language(app, api, world):
    """The API ignores the page session: a client that also holds a session cookie in which
    English was chosen still gets the language its request asks for."""
    client = api(world.office, lang="zh-CN")
    with app.app_context():
        client.client.post("/login", data={"username": "clerk", "password": "secret-pw"})
        client.client.post("/lang/en")
    response = _missing(client)
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "zh-Hans"
