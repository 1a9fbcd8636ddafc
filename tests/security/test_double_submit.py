"""A form posted twice creates once (issue 9 §11, third bullet): each create form carries a
one-time token, each API request may carry an Idempotency-Key; the second post of the same one,
after the first or at the same moment, creates nothing and is told so."""
from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.handling_support import received
from tests.services.test_concurrency import _run_at_once
from workflow.extensions import db
from workflow.models import Contact, Proposal, SupervisionNote, User
from workflow.services import idempotency

ONCE = re.compile(r'name="once" value="([^"]+)"')


def _count(model) -> int:
    db.session.expire_all()
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _token(page: str) -> str:
    found = ONCE.findall(page)
    assert found, "the form carries no one-time token"
    return found[0]


def draft_form(w, token: str, **overrides) -> dict:
    return {"session_id": str(w.session.id), "author_kind": "individual", "title": "关于加强小微企业服务的建议",
            "body": "建议设立小微企业服务中心。", "then": "save", "once": token, **overrides}


def test_a_new_draft_posted_twice_is_created_once(en, w):
    client = en("proposer")
    token = _token(client.get("/proposals/new").text)
    first = client.post("/proposals/new", data=draft_form(w, token))
    assert first.status_code == 302 and _count(Proposal) == 1
    again = client.post("/proposals/new", data=draft_form(w, token))
    assert again.status_code == 302 and again.location == first.location  # where the first one led
    assert _count(Proposal) == 1
    assert "was not done a second time" in client.get(again.location).text


def test_two_posts_of_one_form_at_the_same_moment_create_once(app, login, w, monkeypatch):
    clients = [login("proposer"), login("proposer")]
    token = _token(clients[0].get("/proposals/new").text)
    barrier, claim = threading.Barrier(2), idempotency.claim

    def together(*args, **kwargs):
        barrier.wait(timeout=30)
        return claim(*args, **kwargs)

    monkeypatch.setattr(idempotency, "claim", together)
    answers: list = []
    # Built here, once: draft_form reads the world's rows, which belong to this thread's session;
    # two threads loading through one session at once fail ("provisioning a new connection").
    form = draft_form(w, token)
    errors = _run_at_once(app, lambda i: answers.append(clients[i].post("/proposals/new", data=dict(form))), 2)
    assert errors == [] and [a.status_code for a in answers] == [302, 302]
    assert _count(Proposal) == 1


def test_a_refused_form_leaves_its_token_for_the_corrected_one(en, w):
    client = en("proposer")
    token = _token(client.get("/proposals/new").text)
    refused = client.post("/proposals/new", data=draft_form(w, token, title=""))
    assert refused.status_code == 200 and _count(Proposal) == 0
    assert _token(refused.text) != token  # the page shown again carries a fresh one
    assert client.post("/proposals/new", data=draft_form(w, token)).status_code == 302
    assert _count(Proposal) == 1


def test_a_contact_posted_twice_is_recorded_once(en, w):
    proposal = received(w)
    lead = next(a for a in proposal.assignments if a.role == "lead")
    client = en("clerk")
    token = _token(client.get(f"/bureau/assignments/{lead.id}").text)
    form = {"contacted_on": date(2026, 3, 12).isoformat(), "way": "phone", "participants": "杨文艳",
            "notes": "电话沟通。", "once": token}
    assert client.post(f"/bureau/assignments/{lead.id}/contacts", data=form).status_code == 302
    assert client.post(f"/bureau/assignments/{lead.id}/contacts", data=form).status_code == 302
    assert _count(Contact) == 1


def test_a_supervision_note_sent_twice_is_written_once(en, w):
    proposal = received(w)
    client = en("office")
    token = _token(client.get(f"/proposals/{proposal.id}").text)
    form = {"body": "请加快办理进度。", "assignment_id": "", "once": token}
    for _ in range(2):
        assert client.post(f"/office/proposals/{proposal.id}/supervise", data=form).status_code == 302
    assert _count(SupervisionNote) == 1


@pytest.mark.parametrize("path,form,model_count", [
    ("/admin/users/new", {"username": "newclerk", "name": "新人", "password": "Zhejiang-2026!",
                          "password_again": "Zhejiang-2026!", "roles": "proposer", "channel": "cppcc"},
     lambda: _count(User)),
])
def test_an_admin_create_form_sent_twice_creates_once(en, w, path, form, model_count):
    client = en("admin")
    token = _token(client.get(path).text)
    before = model_count()
    for _ in range(2):
        assert client.post(path, data={**form, "once": token}).status_code == 302
    assert model_count() == before + 1


def test_the_api_creates_once_per_idempotency_key(api, w):
    client = api(w.proposer)
    body = {"title": "关于加强小微企业服务的建议", "body": "建议……", "session_id": w.session.id}
    key = {"Idempotency-Key": "4f1c7a2e-9d3b-4c55-8a61-0d2f3b7e9c10"}
    first = client.post("proposals", json=body, headers=key)
    assert first.status_code == 201
    again = client.post("proposals", json=body, headers=key)
    assert again.status_code == 409
    error = again.get_json()["error"]
    assert error["code"] == "repeated" and error["location"] == first.headers["Location"]
    assert _count(Proposal) == 1
    # Without a key, or with another, a client creates as often as it posts.
    assert client.post("proposals", json=body).status_code == 201
    assert client.post("proposals", json=body, headers={"Idempotency-Key": "another-key-1"}).status_code == 201
    assert _count(Proposal) == 3


def test_an_api_action_is_done_once_per_key_and_a_refused_one_keeps_its_key(api, w):
    proposal = received(w)
    lead = next(a for a in proposal.assignments if a.role == "lead")
    client = api(w.clerk)
    key = {"Idempotency-Key": "contact-2026-03-12-a"}
    refused = client.post(f"assignments/{lead.id}/actions/add-contact", headers=key,
                          json={"contacted_on": "2030-01-01", "way": "phone"})
    assert refused.status_code == 400 and _count(Contact) == 0
    good = {"contacted_on": "2026-03-12", "way": "phone", "notes": "电话沟通。"}
    assert client.post(f"assignments/{lead.id}/actions/add-contact", headers=key, json=good).status_code == 200
    again = client.post(f"assignments/{lead.id}/actions/add-contact", headers=key, json=good)
    assert again.status_code == 409 and again.get_json()["error"]["location"] == f"/api/v1/assignments/{lead.id}"
    assert _count(Contact) == 1
    bad = client.post(f"assignments/{lead.id}/actions/add-contact", headers={"Idempotency-Key": "short"}, json=good)
    assert bad.status_code == 400 and "Idempotency-Key" in bad.get_json()["error"]["fields"]
