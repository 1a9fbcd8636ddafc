"""Every proposal action's happy path through the API, and the draft resource itself."""
from __future__ import annotations

from datetime import timedelta

from tests.factories import make_user
from workflow.clock import utcnow
from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Event, Proposal
from workflow.services import calendar


def test_create_draft(api, world):
    response = api(world.proposer).post(
        "proposals",
        json={"title": "关于加快老旧小区改造的建议", "body": "建议……", "session_id": world.session.id},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/proposals/{body['id']}")
    assert (body["state"], body["author_kind"], body["version"]) == ("draft", "individual", 1)
    assert body["proposer"]["name"] == "杨文艳"
    assert body["actions"] == ["edit", "submit", "withdraw"]
    assert db.session.get(Proposal, body["id"]).title == "关于加快老旧小区改造的建议"


def test_create_joint_and_collective_drafts(api, world):
    client = api(world.proposer)
    joint = client.post("proposals", json={
        "title": "联名", "session_id": world.session.id, "author_kind": "joint", "cosigner_ids": [world.proposer2.id],
    }).get_json()
    assert [c["user"]["id"] for c in joint["cosigners"]] == [world.proposer2.id]
    collective = client.post("proposals", json={
        "title": "集体", "session_id": world.session.id, "author_kind": "collective", "collective_name": "民盟市委会",
    }).get_json()
    assert collective["collective_name"] == "民盟市委会"


def test_edit_changes_only_the_fields_sent(api, world):
    draft = world.draft(body="原文")
    client = api(world.proposer)
    edited = client.act("proposals", draft.id, "edit", {"title": "新标题", "version": draft.version})
    assert (edited["title"], edited["body"], edited["version"]) == ("新标题", "原文", 2)
    change = Event.query.filter_by(proposal_id=draft.id, action="edit").one()
    assert change.changes == {"title": ["关于扶持小微企业成长升级的建议", "新标题"]}
    joint = client.act("proposals", draft.id, "edit", {
        "author_kind": "joint", "cosigner_ids": [world.proposer2.id], "version": 2,
    })
    assert [c["user"]["id"] for c in joint["cosigners"]] == [world.proposer2.id]


def test_submit_individual(api, world):
    draft = world.draft()
    body = api(world.proposer).act("proposals", draft.id, "submit")
    assert body["state"] == "submitted"
    assert [c["kind"] for c in body["clocks"]] == ["review"]
    assert body["actions"] == ["withdraw"]


def test_cosigners_confirm_and_decline(api, world):
    third = make_user("proposer3", name="王五")
    draft = world.draft(author_kind="joint", cosigner_ids=[world.proposer2.id, third.id])
    api(world.proposer).act("proposals", draft.id, "submit")

    declined = api(third).act("proposals", draft.id, "decline-cosign", {"note": "不熟悉该领域"})
    assert declined["state"] == "awaiting_cosigners"
    assert {c["user"]["id"]: (c["state"], c["note"]) for c in declined["cosigners"]}[third.id] == (
        "declined", "不熟悉该领域",
    )
    assert declined["actions"] == []  # answered: no longer a pending co-signer

    confirmed = api(world.proposer2).act("proposals", draft.id, "confirm-cosign")
    assert confirmed["state"] == "submitted"
    kinds = {(c["kind"], c["running"]) for c in confirmed["clocks"]}
    assert kinds == {("cosign", False), ("review", True)}


def test_withdraw_with_reason(api, world):
    proposal = world.proposal("submitted")
    body = api(world.proposer).act("proposals", proposal.id, "withdraw", {"reason": "情况已变化"})
    assert body["state"] == "withdrawn"
    assert body["timeline"][-1]["note"] == "情况已变化"
    assert all(not c["running"] for c in body["clocks"])


def test_deputy_seconds_an_npc_suggestion(api, world):
    suggestion = world.proposal("under_review", author=world.deputy)
    client = api(world.deputy2)
    assert "second" in client.get(f"proposals/{suggestion.id}").get_json()["actions"]
    body = client.act("proposals", suggestion.id, "second")
    assert [s["user"]["name"] for s in body["seconders"]] == ["司马青"]
    assert "second" not in body["actions"]


def test_start_review(api, world):
    proposal = world.proposal("submitted")
    body = api(world.office).act("proposals", proposal.id, "start-review")
    assert body["state"] == "under_review"
    assert body["actions"] == ["file", "reject", "merge", "supervise"]


def test_file_assigns_number_and_key_flag(api, world):
    proposal = world.proposal("under_review")
    body = api(world.office).act("proposals", proposal.id, "file", {
        "category_id": world.category.id, "is_key": True, "key_leader": "王副市长", "version": proposal.version,
    })
    assert (body["state"], body["number"]) == ("filed", "第1号")
    assert body["category"] == {"id": world.category.id, "name": "经济"}
    assert (body["is_key"], body["key_leader"]) == (True, "王副市长")
    assert {c["kind"]: c["running"] for c in body["clocks"]} == {"review": False}


def test_reject_then_proposer_consents_to_opinion_letter(api, world):
    proposal = world.proposal("under_review")
    rejected = api(world.office).act("proposals", proposal.id, "reject", {"reason": "没有具体建议内容的"})
    assert (rejected["state"], rejected["not_filed_reason"]) == ("not_filed", "没有具体建议内容的")
    client = api(world.proposer)
    assert client.get(f"proposals/{proposal.id}").get_json()["actions"] == ["consent-opinion-letter"]
    consented = client.act("proposals", proposal.id, "consent-opinion-letter", {"consent": True})
    assert consented["opinion_letter_consent"] is True
    refused = client.act("proposals", proposal.id, "consent-opinion-letter", {"consent": False})
    assert refused["opinion_letter_consent"] is False


def test_merge_into_a_filed_proposal(api, world):
    target = world.proposal("filed", title="主提案")
    proposal = world.proposal("under_review", title="并入的提案")
    office = api(world.office)
    body = office.act("proposals", proposal.id, "merge", {"target_id": target.id, "version": proposal.version})
    assert (body["state"], body["number"]) == ("filed", None)
    assert body["merged_into"] == {"id": target.id, "number": "第1号"}
    # Assigning the target assigns the group: the merged item takes no assignments of its own.
    office.act("proposals", target.id, "assign", {"bureaus": [{"bureau_id": world.lead.id, "role": "lead"}]})
    merged = office.get(f"proposals/{proposal.id}").get_json()
    assert merged["state"] == "filed" and merged["assignments"] == []


def test_merge_into_a_proposal_in_handling_takes_no_bureaus(api, world):
    target = world.proposal("in_handling", title="主提案")
    proposal = world.proposal("under_review", title="并入的提案")
    body = api(world.office).act("proposals", proposal.id, "merge", {"target": "第１号"})
    assert body["state"] == "filed" and body["merged_into"]["id"] == target.id
    moves = [(e["action"], e["from_state"], e["to_state"]) for e in body["timeline"] if e["assignment_id"] is None]
    assert moves[-1] == ("merge", "under_review", "filed")
    assert body["assignments"] == []


def test_set_key_after_filing(api, world):
    proposal = world.proposal("filed")
    version = proposal.version
    office = api(world.office)
    flagged = office.act("proposals", proposal.id, "set-key", {"is_key": True, "key_leader": "李主任"})
    assert (flagged["is_key"], flagged["key_leader"], flagged["version"]) == (True, "李主任", version + 1)
    cleared = office.act("proposals", proposal.id, "set-key", {"is_key": False})
    assert (cleared["is_key"], cleared["key_leader"]) == (False, None)


def test_assign_with_a_fixed_reply_date(api, world):
    proposal = world.proposal("filed")
    reply_due = local_date(utcnow()) + timedelta(days=40)
    cal = calendar.load()
    while not cal.is_working_day(reply_due):  # a date the office may fix: a working day (it failed on Saturdays)
        reply_due += timedelta(days=1)
    body = api(world.office).act("proposals", proposal.id, "assign", {
        "bureaus": [{"bureau_id": world.lead.id, "role": "lead"}, {"bureau_id": world.other.id, "role": "co"}],
        "reply_due": reply_due.isoformat(),
        "version": proposal.version,
    })
    assert body["state"] == "in_handling"
    lead, co = body["assignments"]
    assert (lead["bureau"]["code"], lead["role"], lead["state"]) == ("lead", "lead", "pending_receipt")
    assert (co["bureau"]["code"], co["role"]) == ("other", "co")
    reply = next(c for c in lead["clocks"] if c["kind"] == "reply")
    assert (reply["due_date"], reply["period"]) == (reply_due.isoformat(), None)
    assert "reply" not in {c["kind"] for c in co["clocks"]}
