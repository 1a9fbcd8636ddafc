"""Every assignment action's happy path through the API (SPEC 3.2)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from workflow.clock import utcnow
from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Assignment


@pytest.fixture
def lead_assignment(world) -> Assignment:
    """The lead bureau's assignment of a proposal assigned just now (the reassignment window is open)."""
    proposal = world.proposal("in_handling", now=utcnow())
    return Assignment.query.filter_by(proposal_id=proposal.id, bureau_id=world.lead.id).one()


def test_get_assignment(api, world, lead_assignment):
    body = api(world.clerk).get(f"assignments/{lead_assignment.id}").get_json()
    assert (body["role"], body["state"], body["bureau"]["code"]) == ("lead", "pending_receipt", "lead")
    assert body["proposal"]["id"] == lead_assignment.proposal_id
    assert {c["kind"] for c in body["clocks"]} == {"receipt", "reassign_window", "first_contact", "reply"}
    assert body["actions"] == ["receive", "request-reassignment"]


def test_receive(api, world, lead_assignment):
    body = api(world.clerk).act("assignments", lead_assignment.id, "receive", {"version": lead_assignment.version})
    assert body["state"] == "received" and body["received_at"]
    assert {c["kind"]: c["running"] for c in body["clocks"]}["receipt"] is False
    assert body["actions"] == ["request-reassignment", "add-contact", "save-draft", "request-extension"]


def test_an_approver_may_sign_for_the_bureau(api, world, lead_assignment):
    body = api(world.approver).act("assignments", lead_assignment.id, "receive")
    assert body["state"] == "received"


def test_request_and_approve_reassignment(api, world, lead_assignment):
    clerk = api(world.clerk)
    asked = clerk.act("assignments", lead_assignment.id, "request-reassignment", {"reason": "不属于我局职责"})
    assert (asked["state"], asked["reassignment_reason"]) == ("reassignment_requested", "不属于我局职责")
    running = {c["kind"] for c in asked["clocks"] if c["running"]}
    assert "reassign_answer" in running and "receipt" not in running
    # The bureau handles the item until the office decides (SPEC 3.2).
    assert asked["actions"] == ["add-contact", "save-draft", "request-extension"]

    office = api(world.office)
    assert office.get(f"assignments/{lead_assignment.id}").get_json()["actions"] == [
        "approve-reassignment", "refuse-reassignment", "withdraw",
    ]
    approved = office.act("assignments", lead_assignment.id, "approve-reassignment", {"note": "改由教育局办理"})
    assert (approved["state"], approved["decision_note"]) == ("withdrawn", "改由教育局办理")
    assert not any(c["running"] for c in approved["clocks"])
    # The bureau no longer sees it; the office assigns again.
    assert clerk.get(f"assignments/{lead_assignment.id}").status_code == 404
    assert "assign" in office.get(f"proposals/{lead_assignment.proposal_id}").get_json()["actions"]


def test_refuse_reassignment(api, world, lead_assignment):
    api(world.clerk).act("assignments", lead_assignment.id, "request-reassignment", {"reason": "不属于我局职责"})
    refused = api(world.office).act("assignments", lead_assignment.id, "refuse-reassignment", {"note": "属于你局职责"})
    assert (refused["state"], refused["decision_note"]) == ("received", "属于你局职责")
    assert {c["kind"]: c["running"] for c in refused["clocks"]}["reassign_answer"] is False


def test_office_withdraws_an_assignment(api, world, lead_assignment):
    body = api(world.office).act("assignments", lead_assignment.id, "withdraw", {"note": "交办有误"})
    assert body["state"] == "withdrawn"
    event = api(world.office).get(f"proposals/{lead_assignment.proposal_id}").get_json()["timeline"][-1]
    assert (event["action"], event["note"], event["bureau"]["code"]) == ("withdraw", "交办有误", "lead")


def test_a_past_reassignment_window_is_closed_not_overdue(api, world, lead_assignment):
    past = local_date(utcnow()) - timedelta(days=3)
    for clock in lead_assignment.clocks:
        if clock.kind in ("reassign_window", "receipt"):
            clock.due_date = past
    db.session.commit()
    clocks = {c["kind"]: c for c in api(world.clerk).get(f"assignments/{lead_assignment.id}").get_json()["clocks"]}
    assert (clocks["reassign_window"]["overdue"], clocks["reassign_window"]["closed"]) == (False, True)
    assert (clocks["receipt"]["overdue"], clocks["receipt"]["closed"]) == (True, False)
    assert (clocks["reply"]["overdue"], clocks["reply"]["closed"]) == (False, False)
