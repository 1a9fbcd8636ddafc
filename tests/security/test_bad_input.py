"""NUL bytes, lone surrogates and deeply nested JSON get 400, never 500 (issue 9 §11, sixth
bullet), through the pages and the API, on SQLite and PostgreSQL (which refuses NUL in text:
without the check the same request was stored by one database and a 500 on the other)."""
from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from workflow.extensions import db
from workflow.input_guard import MAX_JSON_DEPTH, UNSTORABLE
from workflow.models import Proposal

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Text as people and programs send it, NUL included; long enough to pass every length cap.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300) | st.text(min_size=201, max_size=600)
# Text only JSON can carry: lone surrogates (\ud800 as an escape), mixed with the rest.
JSON_TEXT = st.text(max_size=60) | st.builds(lambda a, b: a + "\ud83d" + b, st.text(max_size=20), st.text(max_size=20))
NUL = "\x00"


@pytest.fixture
def proposer(login, w):
    """Logged in once for all of a test's examples (logins are throttled)."""
    return login("proposer")


def _drafts() -> int:
    db.session.expire_all()
    return db.session.execute(select(func.count()).select_from(Proposal)).scalar_one()


@FUZZ
@given(title=TEXT, body=TEXT)
def test_the_new_proposal_page_never_fails_on_odd_text(proposer, w, title, body):
    client = proposer
    before = _drafts()
    form = {"session_id": str(w.session.id), "author_kind": "individual", "title": title, "body": body}
    answer = client.post("/proposals/new", data=form)
    assert answer.status_code in (200, 302, 400), answer.status_code
    unstorable = bool(UNSTORABLE.search(title + body))
    assert (answer.status_code == 400) == unstorable
    assert _drafts() == before + (answer.status_code == 302)


def test_a_nul_in_a_form_is_refused_in_the_users_language(login, w):
    answer = login("proposer").post("/proposals/new", data={
        "session_id": str(w.session.id), "author_kind": "individual", "title": "关于" + NUL + "的建议", "body": "x"})
    assert answer.status_code == 400 and "空字符" in answer.text
    assert _drafts() == 0


@FUZZ
@given(title=JSON_TEXT | TEXT, body=JSON_TEXT | TEXT)
def test_the_api_never_fails_on_odd_text(api, w, title, body):
    answer = api(w.proposer).post("proposals", json={"title": title, "body": body, "session_id": w.session.id})
    assert answer.status_code in (201, 400), (answer.status_code, answer.get_json())
    if UNSTORABLE.search(title + body):
        error = answer.get_json()["error"]
        assert answer.status_code == 400 and error["field"] in ("title", "body")
        assert "NUL" in error["message"]


@FUZZ
@given(q=TEXT)
def test_search_boxes_never_fail_on_odd_text(app, api, w, q):
    client = app.test_client()
    for path in ("/public/", "/api/v1/public/replies"):
        answer = client.get(path, query_string={"q": q})
        assert answer.status_code in (200, 400), (path, answer.status_code)
        assert (answer.status_code == 400) == (NUL in q) or len(q) > 100
    assert api(w.office).get("proposals", query_string={"q": q}).status_code in (200, 400)


def test_odd_text_in_every_kind_of_input_is_refused(app, api, login, w):
    client = login("proposer")
    assert client.get(f"/proposals/?q=a{NUL}b").status_code == 400
    assert client.get("/public/?q=%00").status_code == 400
    upload = {"session_id": str(w.session.id), "title": "x", "attachments": (io.BytesIO(b"%PDF"), f"a{NUL}.pdf")}
    assert client.post("/proposals/new", data=upload, content_type="multipart/form-data").status_code == 400
    key = api(w.proposer).post("proposals", json={"title": "x", "session_id": w.session.id, "co\ud800": 1})
    assert key.status_code == 400 and key.get_json()["error"]["field"] == "request"
    nested_string = api(w.proposer).post("proposals", json={"title": "x", "cosigner_ids": [f"a{NUL}"]})
    assert nested_string.status_code == 400 and nested_string.get_json()["error"]["field"] == "cosigner_ids"


def test_deeply_nested_json_is_refused(api, w):
    client = api(w.proposer)
    for depth in (MAX_JSON_DEPTH + 1, 5000, 200_000):
        body = '{"title": ' + "[" * depth + "]" * depth + "}"
        answer = client.post("proposals", data=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, depth
        assert "nested too deeply" in answer.get_json()["error"]["message"]
    shallow = {"title": "关于加强小微企业服务的建议", "session_id": w.session.id, "cosigner_ids": []}
    assert client.post("proposals", data=json.dumps(shallow), headers={"Content-Type": "application/json"}) \
        .status_code == 201
