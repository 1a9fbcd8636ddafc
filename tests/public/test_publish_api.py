"""Publishing through the API (SPEC 8: replies/{id}/actions/publish), by the same services and
rules as the pages: mark, publish, withdraw-publication; the reply lists what the caller may do."""
from __future__ import annotations

import pytest

from tests.public.support import MASKING_BODY, sent_reply
from workflow.api.actions import ACTIONS, PUBLICATION_ACTIONS
from workflow.clock import utcnow
from workflow.domain.publication import PUBLICATION
from workflow.extensions import db
from workflow.services import users


@pytest.fixture
def as_user(app):
    def make(user):
        token = users.issue_token(user, utcnow(), 1)
        client = app.test_client()

        def call(method: str, path: str, body=None):
            headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
            response = client.open(f"/api/v1/{path}", method=method, json=body, headers=headers)
            db.session.expire_all()
            return response

        return call

    return make


def test_the_table_covers_the_publication_machine() -> None:
    assert set(PUBLICATION_ACTIONS) == {t.action for t in PUBLICATION.transitions}
    assert set(PUBLICATION_ACTIONS) <= set(ACTIONS["replies"])


def test_mark_publish_and_withdraw(w, as_user) -> None:
    reply = sent_reply(w, body=MASKING_BODY)
    approver, office = as_user(w.approver), as_user(w.office)
    detail = approver("GET", f"replies/{reply.id}").get_json()
    assert "mark" in detail["actions"] and "publish" not in detail["actions"] and detail["publication"] is None
    assert approver("POST", f"replies/{reply.id}/actions/mark", {"phrases": "张三丰\n转贷资金池"}).status_code == 200
    refused = approver("POST", f"replies/{reply.id}/actions/publish", {})
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    answer = office("POST", f"replies/{reply.id}/actions/publish", {"topic": "综合政务/经济"})
    assert answer.status_code == 200, answer.get_json()
    published = answer.get_json()["publication"]
    assert published["state"] == "published" and published["index_number"].endswith("/2026-00001")
    assert answer.get_json()["actions"].count("withdraw-publication") == 1
    public = as_user(w.proposer)("GET", published["url"].removeprefix("/api/v1/")).get_json()
    assert "***先生" in public["body"] and "设立***" in public["body"] and public["topic"] == "综合政务/经济"
    again = office("POST", f"replies/{reply.id}/actions/publish", {})
    assert again.status_code == 409 and again.get_json()["error"]["state"] == "published"
    no_reason = office("POST", f"replies/{reply.id}/actions/withdraw-publication", {})
    assert no_reason.status_code == 400 and no_reason.get_json()["error"]["field"] == "reason"
    done = office("POST", f"replies/{reply.id}/actions/withdraw-publication", {"reason": "误发"})
    assert done.status_code == 200 and done.get_json()["publication"]["state"] == "withdrawn"


def test_bad_bodies_and_states(w, as_user) -> None:
    reply = sent_reply(w)
    office = as_user(w.office)
    unknown = office("POST", f"replies/{reply.id}/actions/publish", {"topic": 5, "colour": "red"})
    assert unknown.status_code == 400 and set(unknown.get_json()["error"]["fields"]) == {"topic", "colour"}
    missing = office("POST", f"replies/{reply.id}/actions/publish", {"phrases": "不在文中"})
    assert missing.status_code == 400 and missing.get_json()["error"]["field"] == "phrases"
    not_yet = office("POST", f"replies/{reply.id}/actions/withdraw-publication", {"reason": "x"})
    assert not_yet.status_code == 409
    hidden = as_user(w.otherclerk)("POST", f"replies/{reply.id}/actions/publish", {})
    assert hidden.status_code == 404


def test_republish_a_withdrawn_reply(w, as_user, client) -> None:
    reply = sent_reply(w, body=MASKING_BODY)
    office, approver = as_user(w.office), as_user(w.approver)
    first = office("POST", f"replies/{reply.id}/actions/publish", {}).get_json()["publication"]
    early = office("POST", f"replies/{reply.id}/actions/republish", {})
    assert early.status_code == 409 and early.get_json()["error"]["state"] == "published"
    office("POST", f"replies/{reply.id}/actions/withdraw-publication", {"reason": "张三丰未脱敏"})
    detail = office("GET", f"replies/{reply.id}").get_json()
    assert {"mark", "republish"} <= set(detail["actions"]) and "publish" not in detail["actions"]
    assert "republish" not in approver("GET", f"replies/{reply.id}").get_json()["actions"]
    refused = approver("POST", f"replies/{reply.id}/actions/republish", {})
    assert refused.status_code == 403
    hidden = as_user(w.otherclerk)("POST", f"replies/{reply.id}/actions/republish", {})
    assert hidden.status_code == 404
    missing = office("POST", f"replies/{reply.id}/actions/republish", {"phrases": "不在文中"})
    assert missing.status_code == 400 and missing.get_json()["error"]["field"] == "phrases"
    answer = office("POST", f"replies/{reply.id}/actions/republish", {"phrases": "张三丰"})
    assert answer.status_code == 200, answer.get_json()
    again = answer.get_json()["publication"]
    assert (again["id"], again["index_number"], again["url"]) == (first["id"], first["index_number"], first["url"])
    assert again["state"] == "published" and again["withdrawn_at"] is None
    public = client.get(first["url"])
    assert public.status_code == 200 and "张三丰" not in public.get_json()["body"]
    twice = office("POST", f"replies/{reply.id}/actions/republish", {})
    assert twice.status_code == 409
