"""The first half of the lifecycle, end to end, through the API alone, as the people who do it:
a joint proposal is written, co-signed, reviewed, filed, assigned to a lead and a co bureau,
signed for, and a reassignment request is refused."""
from __future__ import annotations

from workflow.clock import utcnow
from workflow.domain.deadlines import Period, due_date, local_date
from workflow.services import calendar


def _due(period: str):
    """A due date as the statutes compute it from today in Shanghai, on the real calendar."""
    return due_date(local_date(utcnow()), Period.parse(period), calendar.load())


def _clocks(assignment: dict) -> dict[str, dict]:
    return {c["kind"]: c for c in assignment["clocks"]}


def test_joint_proposal_from_draft_to_refused_reassignment(api, world):
    proposer, proposer2 = api(world.proposer), api(world.proposer2)
    office, clerk, coclerk = api(world.office), api(world.clerk), api(world.coclerk)

    # The proposer writes a joint draft with proposer2 as co-signer and submits it.
    created = proposer.post("proposals", json={
        "title": "关于推进城乡公交一体化的建议",
        "body": "一、现状……二、问题……三、建议……",
        "session_id": world.session.id,
        "author_kind": "joint",
        "cosigner_ids": [world.proposer2.id],
    })
    assert created.status_code == 201, created.get_json()
    pid = created.get_json()["id"]
    submitted = proposer.act("proposals", pid, "submit")
    assert submitted["state"] == "awaiting_cosigners"

    # proposer2 confirms: now it counts as submitted.
    assert proposer2.get(f"proposals/{pid}").get_json()["actions"] == ["confirm-cosign", "decline-cosign"]
    confirmed = proposer2.act("proposals", pid, "confirm-cosign")
    assert confirmed["state"] == "submitted"
    assert confirmed["cosigners"][0]["state"] == "confirmed"

    # The office reviews, files (the number is assigned) and assigns a lead and a co bureau.
    reviewing = office.act("proposals", pid, "start-review")
    assert reviewing["state"] == "under_review"
    filed = office.act("proposals", pid, "file", {"category_id": world.category.id, "version": reviewing["version"]})
    assert (filed["state"], filed["number"]) == ("filed", "第1号")
    assigned = office.act("proposals", pid, "assign", {
        "bureaus": [{"bureau_id": world.lead.id, "role": "lead"}, {"bureau_id": world.co.id, "role": "co"}],
        "version": filed["version"],
    })
    assert assigned["state"] == "in_handling"

    # Each bureau's clerk finds it in their list and sees their own assignment with its clocks.
    for client in (clerk, coclerk):
        listed = client.get("proposals").get_json()
        assert [p["id"] for p in listed["items"]] == [pid]
        assert listed["items"][0]["number"] == "第1号"

    lead_view = clerk.get(f"proposals/{pid}").get_json()
    lead = next(a for a in lead_view["assignments"] if a["bureau"]["code"] == "lead")
    assert (lead["role"], lead["state"]) == ("lead", "pending_receipt")
    assert lead["actions"] == ["receive", "request-reassignment"]
    lead_clocks = _clocks(lead)
    reply, receipt = _due("3m"), _due("3wd")
    assert lead_clocks["reply"]["due_date"] == reply.date.isoformat()
    assert lead_clocks["reply"]["provisional"] == reply.provisional
    assert lead_clocks["receipt"]["due_date"] == receipt.date.isoformat()
    assert lead_clocks["receipt"]["start_date"] == local_date(utcnow()).isoformat()
    assert all(c["running"] and not c["overdue"] for c in lead_clocks.values())

    co_view = coclerk.get(f"proposals/{pid}").get_json()
    co = next(a for a in co_view["assignments"] if a["bureau"]["code"] == "co")
    co_clocks = _clocks(co)
    assert "reply" not in co_clocks
    assert co_clocks["co_opinion"]["due_date"] == _due("1m").date.isoformat()
    assert co_clocks["receipt"]["due_date"] == receipt.date.isoformat()
    assert co["actions"] == ["receive", "request-reassignment"]

    # The lead clerk signs for it, then asks for reassignment; the office refuses with a note.
    received = clerk.act("assignments", lead["id"], "receive", {"version": lead["version"]})
    assert received["state"] == "received"
    requested = clerk.act("assignments", lead["id"], "request-reassignment", {"reason": "公交线路属交通局职责"})
    assert requested["state"] == "reassignment_requested"
    answer_by = _clocks(requested)["reassign_answer"]
    assert answer_by["due_date"] == _due("5wd").date.isoformat()

    refused = office.act("assignments", lead["id"], "refuse-reassignment", {"note": "城乡公交一体化由经信局牵头"})
    assert (refused["state"], refused["decision_note"]) == ("received", "城乡公交一体化由经信局牵头")
    assert _clocks(refused)["reassign_answer"]["running"] is False
    assert _clocks(refused)["reply"]["running"] is True

    # The timeline tells the whole story, each step by the person who took it.
    timeline = office.get(f"proposals/{pid}").get_json()["timeline"]
    steps = [(e["action"], e["actor"]["name"] if e["actor"] else None) for e in timeline]
    assert steps == [
        ("create", "杨文艳"),
        ("submit", "杨文艳"),
        ("confirm-cosign", "戴培红"),
        ("cosigners-complete", None),
        ("start-review", "office"),
        ("file", "office"),
        ("assign", "office"),
        ("assign", "office"),
        ("assign", "office"),
        ("receive", "clerk"),
        ("request-reassignment", "clerk"),
        ("refuse-reassignment", "office"),
    ]
    assert timeline[-1]["note"] == "城乡公交一体化由经信局牵头"
