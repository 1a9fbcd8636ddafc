"""Clues from citizens (issue 12): sent from the portal or the API with a tracking code, followed
on a status page, screened by the office, passed to a member by topic and taken up in a proposal;
abuse limits; masked for everyone but the office; the contact never shown."""
from __future__ import annotations

import base64
import io
from datetime import timedelta

import pytest

from tests.factories import NOW
from tests.handling_support import PDF
from workflow.domain.clues import normalize_code
from workflow.extensions import db
from workflow.models import Clue, ClueFile, Proposal
from workflow.services import clues, review
from workflow.services.errors import Forbidden, Invalid, NotFound, StateConflict

TEXT = "我家门口的路灯坏了三个月，晚上出行不安全。联系我：13858012345，或 zhang.san@163.com。"
CONTACT = "13858012345"


def _send(client, **overrides):
    form = {"subject": "路灯长期不亮", "body": TEXT, "contact": CONTACT, "website": ""} | overrides
    return client.post("/public/clues/new", data=form, content_type="multipart/form-data")


def _clue() -> Clue:
    return db.session.execute(db.select(Clue)).scalar_one()


def test_send_from_portal_and_follow_by_code(w, app):
    client = app.test_client()
    response = _send(client, files=(io.BytesIO(PDF), "照片说明.pdf"))
    assert response.status_code == 302
    status_url = response.location
    clue = _clue()
    assert status_url.endswith(f"/public/clues/{clue.code[:5]}-{clue.code[5:]}")
    assert [f.filename for f in clue.files] == ["照片说明.pdf"]
    page = client.get(status_url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "路灯长期不亮" in page and 'data-status="received"' in page
    assert CONTACT not in page
    # however the code is typed
    assert client.get(f"/public/clues/{clue.code.lower()}").status_code == 200
    assert client.get(f"/public/clues/?code={clue.code.lower()}").status_code == 302
    assert client.get("/public/clues/ABCDE-23456").status_code == 404


def test_api_send_answers_201_with_the_code(w, app):
    client = app.test_client()
    response = client.post("/api/v1/public/clues", json={
        "subject": "公交线路太少", "body": TEXT, "contact": CONTACT,
        "files": [{"name": "a.pdf", "content": base64.b64encode(PDF).decode()}],
    })
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert normalize_code(body["code"]) == _clue().code
    assert response.headers["Location"] == body["url"]
    assert body["status"] == "received" and CONTACT not in str(body)
    again = client.get(body["url"]).get_json()
    assert again["subject"] == "公交线路太少"
    assert client.get("/api/v1/public/clues/nonsense").status_code == 404


@pytest.mark.parametrize("overrides", [
    {"subject": ""}, {"body": ""}, {"contact": ""}, {"body": "长" * 5001}, {"subject": "长" * 201},
    {"website": "http://spam.example"},
])
def test_bad_clues_are_refused_and_nothing_stored(w, app, overrides):
    client = app.test_client()
    assert _send(client, **overrides).status_code == 400
    response = client.post("/api/v1/public/clues", json={"subject": "题", "body": TEXT, "contact": CONTACT} | overrides)
    assert response.status_code == 400
    assert db.session.execute(db.select(Clue.id)).first() is None


def test_files_are_checked(w, app):
    client = app.test_client()
    assert _send(client, files=(io.BytesIO(b"MZ\x90\x00 not a document"), "x.pdf")).status_code == 400
    four = [(io.BytesIO(PDF), f"{i}.pdf") for i in range(4)]
    assert _send(client, files=four).status_code == 400
    response = app.test_client().post("/api/v1/public/clues", json={
        "subject": "题", "body": TEXT, "contact": CONTACT, "files": [{"name": "a.pdf", "content": "@@@"}]})
    assert response.status_code == 400
    assert db.session.execute(db.select(ClueFile.id)).first() is None


def test_limit_per_address(w, app):
    app.config["CLUE_LIMIT"] = "2 per hour"
    try:
        client = app.test_client()
        assert _send(client).status_code == 302
        assert client.post("/api/v1/public/clues", json={"subject": "题", "body": TEXT, "contact": CONTACT}).status_code == 201
        assert _send(client).status_code == 429
        assert client.post("/api/v1/public/clues", json={"subject": "题", "body": TEXT, "contact": CONTACT}).status_code == 429
        other = app.test_client()
        other_address = {"REMOTE_ADDR": "10.1.2.3"}
        response = other.post("/public/clues/new", data={"subject": "题", "body": TEXT, "contact": CONTACT},
                              environ_base=other_address)
        assert response.status_code == 302
        assert client.get("/public/clues/").status_code == 200  # reading is not limited
    finally:
        app.config["CLUE_LIMIT"] = "5 per hour; 20 per day"


def _sent(subject="路灯长期不亮") -> Clue:
    return clues.send(clues.ClueInput(subject, TEXT, CONTACT), NOW)


def test_office_screens_and_passes_to_a_member(w, login):
    clue = _sent()
    office = login("office")
    page = office.get(f"/clues/{clue.id}").get_data(as_text=True)
    assert CONTACT in page  # the office reads the original and the contact
    assert office.post(f"/clues/{clue.id}/actions/accept").status_code == 302
    office.post(f"/clues/{clue.id}/actions/pass", data={"topic": "城市管理", "member": w.proposer.id})
    db.session.expire_all()
    assert clue.state == "passed" and clue.member_id == w.proposer.id and clue.topic == "城市管理"

    member = login("proposer")
    listing = member.get("/clues/").get_data(as_text=True)
    assert "路灯长期不亮" in listing
    shown = member.get(f"/clues/{clue.id}").get_data(as_text=True)
    assert CONTACT not in shown and "zhang.san@163.com" not in shown
    assert member.get(f"/clues/{clue.id}/files/1").status_code == 404
    assert login("proposer2").get(f"/clues/{clue.id}").status_code == 404
    assert "路灯长期不亮" not in login("proposer2").get("/clues/").get_data(as_text=True)
    assert login("clerk").get(f"/clues/{clue.id}").status_code == 404


def test_member_starts_a_proposal_from_the_clue(w, login, app):
    clue = _sent()
    clues.accept(w.office, clue.id, NOW)
    clues.pass_on(w.office, clue.id, "城市管理", w.proposer.id, NOW)
    member = login("proposer")
    editor = member.get(f"/proposals/new?clue={clue.id}").get_data(as_text=True)
    assert f'name="clue_id" type="hidden" value="{clue.id}"' in editor or f'value="{clue.id}"' in editor
    assert CONTACT not in editor
    response = member.post("/proposals/new", data={
        "session_id": w.session.id, "author_kind": "individual", "title": "关于修复城区路灯的建议",
        "body": "建议尽快修复。", "clue_id": str(clue.id), "then": "save",
    })
    assert response.status_code == 302
    db.session.expire_all()
    proposal = db.session.execute(db.select(Proposal).where(Proposal.clue_id == clue.id)).scalar_one()
    assert clue.state == "taken_up"
    shown = member.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert f'href="/clues/{clue.id}"' in shown
    code = clue.code
    public = app.test_client()
    assert 'data-status="writing"' in public.get(f"/public/clues/{code}").get_data(as_text=True)
    from workflow.services import submission
    submission.submit(w.proposer, proposal.id, NOW)
    review.start_review(w.office, proposal.id, NOW)
    review.file(w.office, proposal.id, NOW, w.category.id)
    db.session.refresh(proposal)
    body = public.get(f"/api/v1/public/clues/{code}").get_json()
    assert body["status"] == "taken_up" and body["proposal_number"] == proposal.number
    assert body["proposal_url"] == f"/api/v1/public/proposals/{proposal.id}"
    # a second draft from the same clue is refused: it is taken up
    assert member.get(f"/proposals/new?clue={clue.id}").status_code in (404, 409)


def test_office_merges_and_declines(w):
    first, second, third = _sent("一"), _sent("二"), _sent("三")
    clues.merge(w.office, second.id, first.id, NOW)
    clues.decline(w.office, first.id, "属于信访事项，已转有关部门。", NOW)
    assert clues.status(second.code).status == "declined"  # a merged clue tells what became of the other
    assert clues.status(first.code).reason == "属于信访事项，已转有关部门。"
    with pytest.raises(Invalid):
        clues.decline(w.office, third.id, " ", NOW)
    with pytest.raises(Invalid):
        clues.merge(w.office, third.id, first.id, NOW)  # into a declined clue
    with pytest.raises(StateConflict):
        clues.accept(w.office, first.id, NOW)
    with pytest.raises(NotFound):
        clues.accept(w.proposer, third.id, NOW)
    clues.accept(w.office, third.id, NOW)
    with pytest.raises(Invalid):  # only to a member or deputy
        clues.pass_on(w.office, third.id, "题", w.clerk.id, NOW)
    with pytest.raises(Forbidden):
        clues.listing(w.clerk, None)


def test_masked_text_for_members():
    clue = Clue(contact="wx: zhangsan_88", subject="", body="")
    text = clues.masked_text(clue, "身份证330282199003071238，微信wx: zhangsan_88，手机13858012345")
    assert "330282199003071238" not in text and "zhangsan_88" not in text and "13858012345" not in text


def test_status_page_in_chinese(w, app):
    clue = _sent()
    page = app.test_client().get(f"/public/clues/{clue.code}").get_data(as_text=True)
    assert "查询码" in page and "已收到" in page


def test_created_at_is_kept(w):
    clue = _sent()
    assert clue.created_at == NOW and clue.updated_at <= NOW + timedelta(seconds=1)
