"""What waits on each role during handling, approval and feedback (the work list)."""
import pytest

from tests.factories import NOW, World, make_user
from tests.handling_support import LATER, add_contact, co_of, draft, lead_of, received, sent
from workflow.services import approval, extensions, opinions, review, settings, worklist
from workflow.services.feedback import FeedbackInput, rate
from workflow.services.opinions import OpinionInput


@pytest.fixture
def w(ctx):
    return World()


def tasks(user):
    return sorted((i.task, i.due.isoformat() if i.due else None) for i in worklist.items(user, LATER))


def test_the_tasks_follow_the_reply(w):
    p = received(w)
    assert tasks(w.clerk) == [("draft_reply", "2026-06-10")]
    assert tasks(w.coclerk) == [("write_opinion", "2026-04-10")]
    assert tasks(w.approver) == []
    opinions.save(w.coclerk, co_of(p).id, OpinionInput("同意"), LATER, then_submit=True)
    assert tasks(w.coclerk) == []
    add_contact(w, p)
    reply = draft(w, p)
    assert tasks(w.clerk) == [("draft_reply", "2026-06-10")]  # still drafting
    approval.submit(w.clerk, reply.id, LATER)
    assert tasks(w.clerk) == [] and tasks(w.approver) == [("approve_reply", "2026-06-10")]
    approval.return_(w.approver, reply.id, "补充", LATER)
    assert tasks(w.clerk) == [("draft_reply", "2026-06-10")] and tasks(w.approver) == []
    approval.submit(w.clerk, reply.id, LATER)
    approval.approve(w.approver, reply.id, LATER)
    assert tasks(w.clerk) == [("send_reply", "2026-06-10")]
    approval.send(w.clerk, reply.id, LATER)
    assert tasks(w.clerk) == [] and tasks(w.proposer) == [("rate_reply", "2026-04-08")]
    rate(w.proposer, reply.id, FeedbackInput("unsatisfied", "unsatisfied", "unsatisfied", "没解决"), LATER)
    # The public reply also waits on the office for publication (worklist_publication.py).
    assert tasks(w.proposer) == [] and tasks(w.office) == [("decide_feedback", None), ("publish_reply", "2026-04-15")]


def test_key_items_wait_on_the_principal_leader_only(w):
    p = received(w)
    settings.put("contact_before_reply", False)
    review.set_key(w.office, p.id, NOW, True, "副市长")
    reply = draft(w, p)
    approval.submit(w.clerk, reply.id, LATER, confirm_missing_opinions=True)
    principal = make_user("principal", roles=("approver",), bureau=w.lead, principal_leader=True)
    assert tasks(w.approver) == []
    assert tasks(principal) == [("approve_reply", "2026-06-10")]


def test_sign_off_co_signature_and_extensions_on_the_lists(w):
    settings.put("co_opinion_signoff", True)
    settings.put("co_signature_before_approval", True)
    settings.put("contact_before_reply", False)
    p = received(w)
    co_leader = make_user("coleader", roles=("approver",), bureau=w.co)
    opinions.save(w.coclerk, co_of(p).id, OpinionInput("意见"), LATER, then_submit=True)
    assert tasks(co_leader) == [("approve_opinion", "2026-04-10")]
    opinions.approve(co_leader, co_of(p).id, LATER)
    reply = approval.submit(w.clerk, draft(w, p).id, LATER)
    # Due with the lead bureau's reply, which waits for the co-signature.
    assert tasks(w.coclerk) == [("cosign_reply", "2026-06-10")] and tasks(co_leader) == [("cosign_reply", "2026-06-10")]
    from datetime import date

    asked = extensions.request(w.clerk, lead_of(p).id, "复杂", date(2026, 7, 10), LATER)
    assert ("endorse_extension", "2026-06-10") in tasks(w.approver)
    extensions.endorse(w.approver, asked.id, LATER)
    assert tasks(w.office) == [("decide_extension", "2026-06-10")]
    approval.cosign(w.coclerk, reply.id, LATER)
    assert ("approve_reply", "2026-06-10") in tasks(w.approver)


def test_the_sent_reply_is_no_task_once_rated(w):
    reply = sent(w)
    rate(w.proposer, reply.id, FeedbackInput("satisfied", "satisfied", "satisfied"), LATER)
    assert tasks(w.proposer) == [] and tasks(w.office) == [("publish_reply", "2026-04-15")] and tasks(w.clerk) == []
