"""Issue 9 §2: after a reassignment (退办) is approved the item still has someone who must act: the
new bureaus named in the same step, or the office, with the item on its work list as 待重新交办
on a clock of its own. Before, the approved item had no bureau and was on nobody's list."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import NOW, World
from tests.handling_support import LATER, co_of, lead_of, sent
from workflow.extensions import db
from workflow.models import Assignment, Clock
from workflow.services import assignment, worklist
from workflow.services.assignment import BureauChoice
from workflow.services.errors import Forbidden, Invalid, NotFound, StateConflict


@pytest.fixture
def w(ctx):
    return World()


def tasks(user, proposal_id):
    return {(i.task, i.assignment.bureau_id if i.assignment else None) for i in worklist.items(user, NOW)
            if i.proposal.id == proposal_id}


def reassign_clock(proposal_id):
    query = select(Clock).where(Clock.proposal_id == proposal_id, Clock.kind == "reassign")
    return db.session.execute(query).scalars().all()


def asked(w, proposal, who="clerk", role="lead"):
    found = lead_of(proposal) if role == "lead" else co_of(proposal)
    return assignment.request_reassignment(getattr(w, who), found.id, "不属于我局职责", NOW)


def test_approved_without_new_bureaus_the_item_waits_on_the_office(w):
    proposal = w.proposal("in_handling")
    request = asked(w, proposal)
    assignment.decide_reassignment(w.office, request.id, True, None, NOW)
    assert tasks(w.office, proposal.id) == {("assign_again", None)}
    [clock] = reassign_clock(proposal.id)
    # 5 working days from Tuesday 2026-03-10, as long as the office has to answer the request.
    assert clock.due_date == date(2026, 3, 17) and clock.stopped_at is None
    [item] = [i for i in worklist.items(w.office, NOW) if i.proposal.id == proposal.id]
    assert (item.due, item.clock_kind) == (date(2026, 3, 17), "reassign")

    assignment.assign(w.office, proposal.id, [BureauChoice(w.other.id, "lead")], NOW)
    assert tasks(w.office, proposal.id) == set()
    assert ("receive", w.other.id) in tasks(w.otherclerk, proposal.id)
    assert reassign_clock(proposal.id)[0].stopped_at == NOW


def test_approved_with_the_new_bureau_in_the_same_step(w):
    proposal = w.proposal("in_handling")
    request = asked(w, proposal)
    assignment.decide_reassignment(w.office, request.id, True, "改由市教育局主办", NOW,
                                   [BureauChoice(w.other.id, "lead")])
    db.session.refresh(proposal)
    states = sorted((a.bureau_id, a.role, a.state) for a in proposal.assignments)
    assert (w.lead.id, "lead", "withdrawn") in states and (w.other.id, "lead", "pending_receipt") in states
    assert tasks(w.office, proposal.id) == set() and reassign_clock(proposal.id) == []
    assert tasks(w.otherclerk, proposal.id) == {("receive", w.other.id)}


def test_new_bureaus_keep_the_composition_rule_and_roll_back_whole(w):
    proposal = w.proposal("in_handling")
    request = asked(w, proposal)
    with pytest.raises(Invalid) as caught:  # the co bureau cannot be assigned twice
        assignment.decide_reassignment(w.office, request.id, True, None, NOW, [BureauChoice(w.co.id, "lead")])
    assert "bureaus" in caught.value.errors
    db.session.rollback()
    assert lead_of(proposal).state == "reassignment_requested"  # nothing half-done


def test_refusing_names_no_bureaus(w):
    proposal = w.proposal("in_handling")
    request = asked(w, proposal)
    with pytest.raises(Invalid):
        assignment.decide_reassignment(w.office, request.id, False, "属于你局职责", NOW,
                                       [BureauChoice(w.other.id, "lead")])


def test_only_the_office_approves(w):
    proposal = w.proposal("in_handling")
    request = asked(w, proposal)
    with pytest.raises(Forbidden):
        assignment.decide_reassignment(w.clerk, request.id, True, None, NOW)
    with pytest.raises(NotFound):
        assignment.decide_reassignment(w.otherclerk, request.id, True, None, NOW)


def test_a_co_bureau_leaving_leaves_the_lead_answering(w):
    proposal = w.proposal("in_handling")
    request = asked(w, proposal, "coclerk", "co")
    assignment.decide_reassignment(w.office, request.id, True, None, NOW)
    assert tasks(w.office, proposal.id) == set() and reassign_clock(proposal.id) == []


def test_the_offices_own_withdrawal_also_waits_for_a_new_bureau(w):
    proposal = w.proposal("in_handling")
    assignment.withdraw(w.office, lead_of(proposal).id, "职责调整", NOW)
    assert tasks(w.office, proposal.id) == {("assign_again", None)}
    assert len(reassign_clock(proposal.id)) == 1


def test_the_archive_holds_a_merged_item_after_the_one_it_joined(w):
    """A merged item has no number now; the session's archive still holds it (issue 9 §9)."""
    from workflow.services import archive_records, review

    target = w.proposal("filed")
    merged = w.proposal("under_review", title="并入的提案")
    later = w.proposal("filed")
    review.merge(w.office, merged.id, NOW, target.id)
    items = archive_records.session_items(w.session.id)
    assert [p.id for p in items] == [target.id, merged.id, later.id]
    assert archive_records.item_record(merged).number == "merged into 第1号"


def test_once_the_item_is_replied_its_bureaus_stay(w, app, login):
    """Found by test_owner_invariant.py's state machine: the office withdrew the lead bureau of a
    replied item, the proposer rated its reply unsatisfied, and the item waited on nobody."""
    reply = sent(w)
    lead = lead_of(reply.proposal)
    assert reply.proposal.state == "replied"
    for call in (lambda: assignment.withdraw(w.office, lead.id, "改由他局办理", LATER),
                 lambda: assignment.request_reassignment(w.clerk, lead.id, "不属于我局职责", LATER)):
        with pytest.raises(StateConflict, match="no longer being handled"):
            call()
        db.session.rollback()
    assert db.session.get(Assignment, lead.id).state == "received"
    page = login("office").get(f"/proposals/{reply.proposal_id}").get_data(as_text=True)
    assert "action-withdraw-assignment" not in page
    api = app.test_client()  # the API lists the actions the same way
    token = api.post("/api/v1/auth/token", json={"username": "clerk", "password": "secret-pw"}).get_json()["token"]
    found = api.get(f"/api/v1/assignments/{lead.id}", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert "request-reassignment" not in found["actions"] and "save-draft" in found["actions"]


def test_while_the_item_is_handled_the_office_may_withdraw(w, login):
    proposal = w.proposal("in_handling")
    page = login("office").get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert page.count("action-withdraw-assignment") == 2  # the lead and the co bureau
