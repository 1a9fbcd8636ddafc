"""A small world for the figures (SPEC 6), built through the real services.

市经信局 (`lead`) answers four items, 市教育局 (`other`) one; 市财政局 (`co`) only co-handles:
- 第1号: lead + co; contacted, sent on time on day 7, rated satisfied: closed (A).
- 第2号: lead, due on day 2; sent late on day 7 with no contact yet (a contact recorded after
  sending), rated unsatisfied; re-handled, sent on day 8 after that contact, rated basically
  satisfied: closed (B).
- 第3号: lead and other, separate, due on day 10; lead sends on day 10 itself (on time, no
  contact, no rating yet, A); other has not answered, overdue on day 15.
- 第4号, key item: first assigned to other as lead and withdrawn, then to lead, in handling.
"""
from __future__ import annotations

from datetime import timedelta

from tests.factories import NOW, World, make_user
from tests.handling_support import complete
from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Assignment, Proposal
from workflow.services import (
    approval,
    assignment,
    contacts,
    decisions,
    drafting,
    feedback,
    review,
    settings,
    submission,
)
from workflow.services.assignment import BureauChoice
from workflow.services.contacts import ContactInput
from workflow.services.feedback import FeedbackInput

DAY = timedelta(days=1)
ASKED_AT = NOW + 15 * DAY  # when the figures are read: 第3号's other bureau is overdue


def day(n: int):
    return NOW + n * DAY


def filed(w: World, title: str, **file_kw) -> Proposal:
    proposal = w.draft(title=title)
    submission.submit(w.proposer, proposal.id, NOW)
    review.start_review(w.office, proposal.id, NOW)
    review.file(w.office, proposal.id, NOW, w.category.id, **file_kw)
    return proposal


def mine(proposal: Proposal, bureau_id: int) -> Assignment:
    db.session.refresh(proposal)
    return next(a for a in proposal.assignments if a.bureau_id == bureau_id and a.state != "withdrawn")


def _contact(clerk, assignment_id: int, when):
    contacts.add_contact(clerk, assignment_id, ContactInput(local_date(when), "phone", "杨文艳", "电话沟通。"), when)


def send(clerk, approver, assignment_id: int, when, resolution: str):
    reply = drafting.save_draft(clerk, assignment_id, complete(resolution=resolution), when)
    approval.submit(clerk, reply.id, when, confirm_missing_opinions=True)
    approval.approve(approver, reply.id, when)
    return approval.send(clerk, reply.id, when)


def build(w: World) -> dict[str, Proposal]:
    settings.put("contact_before_reply", False)  # 第2号 and 第3号 are sent without a contact first
    db.session.commit()
    w.otherapprover = make_user("otherapprover", roles=("approver",), bureau=w.other)

    p1 = filed(w, "关于第一件的建议")
    assignment.assign(w.office, p1.id, [BureauChoice(w.lead.id, "lead"), BureauChoice(w.co.id, "co")], NOW)
    a1 = mine(p1, w.lead.id)
    assignment.receive(w.clerk, a1.id, NOW)
    _contact(w.clerk, a1.id, day(7))
    r1 = send(w.clerk, w.approver, a1.id, day(7), "A")
    feedback.rate(w.proposer, r1.id, FeedbackInput("satisfied", "satisfied", "satisfied", ""), day(8))

    p2 = filed(w, "关于第二件的建议")
    assignment.assign(w.office, p2.id, [BureauChoice(w.lead.id, "lead")], NOW, reply_due=local_date(day(2)))
    a2 = mine(p2, w.lead.id)
    assignment.receive(w.clerk, a2.id, NOW)
    r2 = send(w.clerk, w.approver, a2.id, day(7), "C")
    _contact(w.clerk, a2.id, day(7) + timedelta(hours=1))
    feedback.rate(w.proposer, r2.id, FeedbackInput("unsatisfied", "unsatisfied", "unsatisfied", "没有解决"), day(7))
    decisions.order_rehandling(w.office, p2.id, "请重新办理", day(7) + timedelta(hours=2))
    r2b = send(w.clerk, w.approver, a2.id, day(8), "B")
    feedback.rate(w.proposer, r2b.id, FeedbackInput("basically_satisfied", "satisfied", "satisfied", ""), day(9))

    p3 = filed(w, "关于第三件的建议")
    assignment.assign(w.office, p3.id, [BureauChoice(w.lead.id, "separate"), BureauChoice(w.other.id, "separate")],
                      NOW, reply_due=local_date(day(10)))
    a3 = mine(p3, w.lead.id)
    assignment.receive(w.clerk, a3.id, NOW)
    assignment.receive(w.otherclerk, mine(p3, w.other.id).id, NOW)
    send(w.clerk, w.approver, a3.id, day(10), "A")

    p4 = filed(w, "关于第四件的建议", is_key=True, key_leader="王副市长")
    assignment.assign(w.office, p4.id, [BureauChoice(w.other.id, "lead")], NOW)
    assignment.withdraw(w.office, mine(p4, w.other.id).id, "职能不符", NOW)
    assignment.assign(w.office, p4.id, [BureauChoice(w.lead.id, "lead")], day(1))
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4}
