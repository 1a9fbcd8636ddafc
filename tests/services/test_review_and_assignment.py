"""The office's review and the assignment of bureaus, through the services."""
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import NOW, World
from workflow.extensions import db
from workflow.models import Clock, Event
from workflow.services import access, assignment, review, worklist
from workflow.services.assignment import BureauChoice
from workflow.services.errors import Forbidden, Invalid, NotFound, StateConflict


@pytest.fixture
def w(ctx):
    return World()


def clocks_of(assignment_id):
    query = select(Clock).where(Clock.assignment_id == assignment_id, Clock.stopped_at.is_(None))
    return {c.kind: c for c in db.session.execute(query).scalars()}


def test_filing_numbers_in_order_per_session_and_channel(w):
    first = w.proposal("filed")
    second = w.proposal("filed")
    npc = w.proposal("filed", author=w.deputy)
    other = w.proposal("filed", author=w.deputy2)
    assert (first.number, second.number) == ("第1号", "第2号")
    assert npc.number == "义1号" and other.number == "东1号"  # each delegation counts on its own
    assert first.category_id == w.category.id
    review_clock = db.session.execute(select(Clock).where(Clock.proposal_id == first.id)).scalar_one()
    assert review_clock.stopped_at is not None


def test_a_failed_filing_gives_its_number_back(w):
    p = w.proposal("under_review")
    with pytest.raises(Invalid) as caught:
        review.file(w.office, p.id, NOW, None)
    assert "category_id" in caught.value.errors
    db.session.rollback()
    assert w.proposal("filed").number == "第1号"


def test_key_items_need_a_leader(w):
    p = w.proposal("under_review")
    with pytest.raises(Invalid) as caught:
        review.file(w.office, p.id, NOW, w.category.id, is_key=True)
    assert "key_leader" in caught.value.errors
    review.file(w.office, p.id, NOW, w.category.id, is_key=True, key_leader="王副市长")
    assert p.is_key and p.key_leader == "王副市长"
    review.set_key(w.office, p.id, NOW, False, None)
    assert not p.is_key and p.key_leader is None


def test_only_the_office_files(w):
    p = w.proposal("under_review")
    with pytest.raises(Forbidden):
        review.file(w.proposer, p.id, NOW, w.category.id)
    with pytest.raises(NotFound):
        review.file(w.clerk, p.id, NOW, w.category.id)


def test_reject_needs_a_reason(w):
    p = w.proposal("under_review")
    with pytest.raises(Invalid):
        review.reject(w.office, p.id, NOW, "  ")
    review.reject(w.office, p.id, NOW, "属于个人事务")
    assert p.state == "not_filed" and p.not_filed_reason == "属于个人事务"


def test_file_from_submitted_says_the_state(w):
    p = w.proposal("submitted")
    with pytest.raises(StateConflict) as caught:
        review.file(w.office, p.id, NOW, w.category.id)
    assert caught.value.state == "submitted"
    assert "Submitted" in caught.value.message or "已提交" in caught.value.message


def test_merge_takes_no_number_and_no_bureaus_of_its_own(w):
    """Issue 9 §9: before, the merged item drew 第2号 and copies of the target's assignments, so
    the bureau answered it twice."""
    target = w.proposal("in_handling")
    p = w.proposal("under_review", title="关于小微企业融资的建议")
    review.merge(w.office, p.id, NOW, target.id)
    assert p.state == "filed" and p.merged_into_id == target.id
    assert p.number is None and p.number_seq is None and p.assignments == []
    assert w.proposal("filed").number == "第2号"  # the series has no gap


def test_merge_into_an_unfiled_proposal_is_refused(w):
    target = w.proposal("under_review")
    p = w.proposal("under_review")
    with pytest.raises(Invalid) as caught:
        review.merge(w.office, p.id, NOW, target.id)
    assert "target_id" in caught.value.errors


def test_assignment_starts_the_statutory_clocks(w):
    p = w.proposal("filed")
    lead, co = assignment.assign(
        w.office, p.id, [BureauChoice(w.lead.id, "lead"), BureauChoice(w.co.id, "co")], NOW
    )
    assert p.state == "in_handling"
    lead_clocks, co_clocks = clocks_of(lead.id), clocks_of(co.id)
    assert {k: c.due_date.isoformat() for k, c in lead_clocks.items()} == {
        "receipt": "2026-03-13",
        "reassign_window": "2026-03-17",
        "first_contact": "2026-03-31",
        "reply": "2026-06-10",
    }
    assert {k: c.due_date.isoformat() for k, c in co_clocks.items()} == {
        "receipt": "2026-03-13",
        "reassign_window": "2026-03-17",
        "co_opinion": "2026-04-10",
    }


def test_a_batch_reply_date_overrides_the_period(w):
    p = w.proposal("filed")
    (lead,) = assignment.assign(w.office, p.id, [BureauChoice(w.lead.id, "lead")], NOW, reply_due=date(2026, 6, 30))
    assert clocks_of(lead.id)["reply"].due_date == date(2026, 6, 30)
    with pytest.raises(Invalid):
        assignment.assign(w.office, p.id, [BureauChoice(w.co.id, "co")], NOW, reply_due=date(2026, 3, 1))


@pytest.mark.parametrize(
    "choices",
    [
        [("co", "co")],
        [("lead", "lead"), ("co", "lead")],
        [("lead", "lead"), ("co", "separate")],
        [("lead", "lead"), ("lead", "co")],
        [],
    ],
)
def test_invalid_compositions_assign_nothing(w, choices):
    p = w.proposal("filed")
    bureaus = {"lead": w.lead.id, "co": w.co.id}
    with pytest.raises(Invalid) as caught:
        assignment.assign(w.office, p.id, [BureauChoice(bureaus[b], r) for b, r in choices], NOW)
    assert "bureaus" in caught.value.errors
    db.session.rollback()
    assert p.assignments == [] and p.state == "filed"


def test_a_second_lead_is_refused_while_the_first_is_active(w):
    p = w.proposal("in_handling")
    with pytest.raises(Invalid):
        assignment.assign(w.office, p.id, [BureauChoice(w.other.id, "lead")], NOW)


def test_bureaus_see_only_their_own(w):
    p = w.proposal("in_handling")
    assert access.get_proposal(w.clerk, p.id) is p
    assert access.get_proposal(w.coclerk, p.id) is p
    with pytest.raises(NotFound):
        access.get_proposal(w.otherclerk, p.id)
    lead = next(a for a in p.assignments if a.role == "lead")
    with pytest.raises(NotFound):
        assignment.receive(w.coclerk, lead.id, NOW)
    with pytest.raises(NotFound):
        assignment.receive(w.otherclerk, lead.id, NOW)


def test_receive_stops_the_receipt_clock_and_moves_the_work_list(w):
    p = w.proposal("in_handling")
    lead = next(a for a in p.assignments if a.role == "lead")
    assert [i.task for i in worklist.items(w.clerk, NOW)] == ["receive"]
    assignment.receive(w.clerk, lead.id, NOW)
    assert lead.state == "received"
    assert "receipt" not in clocks_of(lead.id)
    items = worklist.items(w.clerk, NOW)
    assert [(i.task, i.due.isoformat()) for i in items] == [("draft_reply", "2026-06-10")]
    with pytest.raises(StateConflict):
        assignment.receive(w.clerk, lead.id, NOW)


def test_reassignment_request_and_refusal(w):
    p = w.proposal("in_handling")
    lead = next(a for a in p.assignments if a.role == "lead")
    with pytest.raises(Invalid):
        assignment.request_reassignment(w.clerk, lead.id, "", NOW)
    assignment.request_reassignment(w.clerk, lead.id, "不属于本单位职责", NOW)
    assert lead.state == "reassignment_requested"
    assert "reassign_answer" in clocks_of(lead.id)
    assert [i.task for i in worklist.items(w.office, NOW)] == ["decide_reassignment"]
    with pytest.raises(Invalid):  # a refusal needs a reason
        assignment.decide_reassignment(w.office, lead.id, False, None, NOW)
    assignment.decide_reassignment(w.office, lead.id, False, "该事项属于贵单位职责", NOW)
    assert lead.state == "received"
    assert "reassign_answer" not in clocks_of(lead.id)


def test_approved_reassignment_lets_the_office_assign_again(w):
    p = w.proposal("in_handling")
    lead = next(a for a in p.assignments if a.role == "lead")
    assignment.request_reassignment(w.clerk, lead.id, "不属于本单位职责", NOW)
    assignment.decide_reassignment(w.office, lead.id, True, None, NOW)
    assert lead.state == "withdrawn" and clocks_of(lead.id) == {}
    with pytest.raises(NotFound):  # the bureau no longer sees it
        access.get_proposal(w.clerk, p.id)
    assignment.assign(w.office, p.id, [BureauChoice(w.other.id, "lead")], NOW)
    assert access.get_proposal(w.otherclerk, p.id) is p


def test_reassignment_window_closes(w):
    p = w.proposal("filed")
    assigned = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    (lead,) = assignment.assign(w.office, p.id, [BureauChoice(w.lead.id, "lead")], assigned)
    window = clocks_of(lead.id)["reassign_window"].due_date
    assert window == date(2026, 3, 9)
    late = datetime(2026, 3, 9, 16, 0, tzinfo=UTC)  # 00:00 on 03-10 in Shanghai
    with pytest.raises(StateConflict) as caught:
        assignment.request_reassignment(w.clerk, lead.id, "不属于本单位职责", late)
    assert "2026-03-09" in caught.value.message
    assignment.request_reassignment(w.clerk, lead.id, "不属于本单位职责", late - timedelta(minutes=1))


def test_clerks_cannot_decide_and_office_can_withdraw(w):
    p = w.proposal("in_handling")
    lead = next(a for a in p.assignments if a.role == "lead")
    with pytest.raises(Forbidden):
        assignment.withdraw(w.clerk, lead.id, "x", NOW)
    assignment.withdraw(w.office, lead.id, "交办有误", NOW)
    assert lead.state == "withdrawn"
    event = db.session.execute(select(Event).where(Event.action == "withdraw")).scalar_one()
    assert event.note == "交办有误" and event.assignment_id == lead.id


def test_the_office_does_not_see_drafts(w):
    draft = w.draft()
    with pytest.raises(NotFound):
        access.get_proposal(w.office, draft.id)
    submitted = w.proposal("submitted")
    assert access.get_proposal(w.office, submitted.id) is submitted
