"""Feedback, re-handling and closing (SPEC 3.1, 3.4); follow-up replies; the office's category
correction; the no-feedback sweep and its command."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import NOW, World
from tests.handling_support import LATER, complete, draft, lead_of, reply_sent, sent
from workflow.extensions import db
from workflow.models import Clock, Event
from workflow.services import (
    approval,
    decisions,
    drafting,
    feedback,
    progress,
    reply_letters,
    submission,
    worklist,
)
from workflow.services.errors import Forbidden, Invalid, NotFound, StateConflict
from workflow.services.feedback import FeedbackInput

SATISFIED = FeedbackInput("satisfied", "satisfied", "satisfied", "")
UNSATISFIED = FeedbackInput("unsatisfied", "basically_satisfied", "unsatisfied", "问题没有解决")


@pytest.fixture
def w(ctx):
    return World()


def tasks(user):
    """The feedback tasks; the public replies' publication tasks are tested in test_worklist_publication.py."""
    return [i.task for i in worklist.items(user, LATER) if i.task != "publish_reply"]


def test_a_satisfied_rating_closes_the_item(w):
    reply = sent(w)
    assert tasks(w.proposer) == ["rate_reply"]
    row = feedback.rate(w.proposer, reply.id, SATISFIED, LATER)
    assert (row.decides, reply.feedback_outcome) == (True, "satisfied")
    proposal = reply.proposal
    assert (proposal.state, proposal.close_reason, proposal.closed_at) == ("closed", "satisfied", LATER)
    assert tasks(w.proposer) == []
    feedback_clock = db.session.execute(select(Clock).where(Clock.kind == "feedback")).scalar_one()
    assert feedback_clock.stopped_at == LATER
    running = [c.kind for c in db.session.execute(select(Clock)).scalars() if c.running]
    assert not set(running) & set(progress.HANDLING_CLOCKS)  # closed: no handling clock runs on
    actions = [e.action for e in db.session.execute(select(Event).order_by(Event.id)).scalars()]
    assert actions[-2:] == ["reply-rated", "closed-satisfied"]


def test_co_signers_rate_too_but_the_lead_proposer_decides(w):
    proposal = w.draft(author_kind="joint", cosigner_ids=[w.proposer2.id])
    submission.submit(w.proposer, proposal.id, NOW)
    submission.answer_cosign(w.proposer2, proposal.id, True, NOW)
    reply = reply_sent(w, proposal)
    assert tasks(w.proposer2) == ["rate_reply"]
    co_rating = feedback.rate(w.proposer2, reply.id, UNSATISFIED, LATER)
    assert co_rating.decides is False and reply.feedback_outcome is None
    assert proposal.state == "replied"  # the co-signer's rating is reported, not decisive
    feedback.rate(w.proposer, reply.id, SATISFIED, LATER)
    assert proposal.state == "closed"


def test_rating_refusals(w):
    reply = sent(w)
    with pytest.raises(NotFound):
        feedback.rate(w.proposer2, reply.id, SATISFIED, LATER)
    with pytest.raises(Forbidden):
        feedback.rate(w.clerk, reply.id, SATISFIED, LATER)
    for bad, field in ((FeedbackInput("great"), "rating"), (FeedbackInput("satisfied"), "attitude"),
                       (FeedbackInput("unsatisfied", "unsatisfied", "unsatisfied", " "), "comments")):
        with pytest.raises(Invalid) as caught:
            feedback.rate(w.proposer, reply.id, bad, LATER)
        assert field in caught.value.errors
    feedback.rate(w.proposer, reply.id, UNSATISFIED, LATER)
    with pytest.raises(StateConflict):
        feedback.rate(w.proposer, reply.id, SATISFIED, LATER)


def test_aspects_are_optional_when_the_setting_is_off(w):
    from workflow.services import settings

    settings.put("feedback_aspects", False)
    reply = sent(w)
    feedback.rate(w.proposer, reply.id, FeedbackInput("basically_satisfied"), LATER)
    assert reply.proposal.close_reason == "satisfied"


def test_unsatisfied_goes_to_the_office_who_orders_rehandling(w):
    reply = sent(w)
    with pytest.raises(StateConflict):  # nothing to decide yet
        decisions.order_rehandling(w.office, reply.proposal_id, None, LATER)
    feedback.rate(w.proposer, reply.id, UNSATISFIED, LATER)
    proposal = reply.proposal
    assert proposal.state == "replied" and tasks(w.office) == ["decide_feedback"]
    with pytest.raises(Forbidden):
        decisions.order_rehandling(w.clerk, proposal.id, None, LATER)
    decisions.order_rehandling(w.office, proposal.id, "请再次与委员沟通", LATER)
    lead = lead_of(proposal)
    assert (proposal.state, lead.round) == ("rehandling", 2)
    clock = db.session.execute(select(Clock).where(Clock.kind == "rehandling")).scalar_one()
    assert (clock.start_date.isoformat(), clock.due_date.isoformat(), clock.period) == ("2026-03-17", "2026-04-17", "1m")
    assert tasks(w.clerk) == ["draft_reply"] and tasks(w.office) == []

    second = draft(w, proposal, body="<p>经再次研究，答复如下。</p>")
    assert (second.round, second.id != reply.id) == (2, True)
    approval.submit(w.clerk, second.id, LATER)
    approval.approve(w.approver, second.id, LATER)
    approval.send(w.clerk, second.id, LATER)
    assert proposal.state == "replied" and clock.stopped_at == LATER
    assert second.doc_number.endswith("〔2026〕2号")
    feedback.rate(w.proposer, second.id, SATISFIED, LATER)
    assert (proposal.state, proposal.close_reason) == ("closed", "satisfied")
    # The first reply, its feedback and the log stay.
    assert reply.state == "sent" and reply.feedback_outcome == "unsatisfied"
    assert "order-rehandling" in [e.action for e in db.session.execute(select(Event)).scalars()]


def test_the_office_may_close_an_unsatisfied_item_with_a_note(w):
    reply = sent(w)
    feedback.rate(w.proposer, reply.id, UNSATISFIED, LATER)
    with pytest.raises(Invalid):
        decisions.close(w.office, reply.proposal_id, " ", LATER)
    closed = decisions.close(w.office, reply.proposal_id, "受财力所限，已作说明，予以办结。", LATER)
    assert (closed.state, closed.close_reason, closed.close_note) == ("closed", "office", "受财力所限，已作说明，予以办结。")
    with pytest.raises(StateConflict):
        decisions.order_rehandling(w.office, closed.id, None, LATER)


def test_no_feedback_closes_when_the_window_passes(w, app):
    reply = sent(w)
    due = db.session.execute(select(Clock).where(Clock.kind == "feedback")).scalar_one().due_date
    on_due_day = datetime(due.year, due.month, due.day, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    assert feedback.close_expired(on_due_day) == 0
    after = on_due_day + timedelta(hours=2)  # 01:00 the next day in Shanghai
    assert feedback.close_expired(after) == 1
    db.session.expire_all()
    proposal = reply.proposal
    assert (proposal.state, proposal.close_reason, reply.feedback_outcome) == ("closed", "no_feedback", "no_feedback")
    assert feedback.close_expired(after) == 0  # twice is harmless
    with pytest.raises(StateConflict):  # too late now
        feedback.rate(w.proposer, reply.id, SATISFIED, after)
    [event] = db.session.execute(select(Event).where(Event.action == "no-feedback")).scalars()
    assert event.actor_id is None


def test_the_command_closes_expired_windows(w, app):
    reply = sent(w)
    clock = db.session.execute(select(Clock).where(Clock.kind == "feedback")).scalar_one()
    clock.due_date = clock.due_date.replace(year=2025)  # long past
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["replies", "close-expired"])
    assert result.exit_code == 0 and "1 reply closed as no feedback" in result.output
    db.session.expire_all()
    assert reply.proposal.state == "closed"


def test_the_office_corrects_the_category_and_the_letter_keeps_its_own(w):
    reply = sent(w)
    with pytest.raises(Forbidden):
        decisions.correct_category(w.clerk, reply.id, "B", "x", LATER)
    with pytest.raises(Invalid) as caught:
        decisions.correct_category(w.office, reply.id, "A", "", LATER)
    assert set(caught.value.errors) == {"resolution", "note"}
    decisions.correct_category(w.office, reply.id, "B", "措施尚在实施，应为B类", LATER)
    assert reply.resolution == "B"
    [event] = db.session.execute(select(Event).where(Event.action == "correct-category")).scalars()
    assert (event.changes, event.note) == ({"resolution": ["A", "B"]}, "措施尚在实施，应为B类")
    assert reply_letters.letter_of(reply).resolution == "A"  # as sent


def test_b_category_items_get_a_follow_up_reply(w):
    a_reply = sent(w)
    assert not drafting.may_follow_up(a_reply.assignment)
    b_reply = sent(w, title="第二件")
    b_reply.resolution = "B"  # as if drafted so: being solved
    feedback.rate(w.proposer, b_reply.id, SATISFIED, LATER)
    assert b_reply.proposal.state == "closed" and drafting.may_follow_up(b_reply.assignment)
    follow = drafting.save_draft(w.clerk, b_reply.assignment_id, complete(body="<p>已建成资金池。</p>"), LATER,
                                 kind="follow_up")
    assert (follow.kind, follow.round) == ("follow_up", 1)
    assert not drafting.may_follow_up(b_reply.assignment)  # one open at a time
    approval.submit(w.clerk, follow.id, LATER)
    approval.approve(w.approver, follow.id, LATER)
    approval.send(w.clerk, follow.id, LATER)
    assert follow.doc_number.endswith("〔2026〕3号")
    assert b_reply.proposal.state == "closed"  # a follow-up does not reopen the item
    with pytest.raises(StateConflict):  # follow-ups are not rated
        feedback.rate(w.proposer, follow.id, SATISFIED, LATER)
    with pytest.raises(StateConflict):  # an A-category item gets none
        drafting.save_draft(w.clerk, a_reply.assignment_id, complete(), LATER, kind="follow_up")
