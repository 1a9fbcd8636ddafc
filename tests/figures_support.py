"""A small world for the figures (SPEC 6, issue 9 §8), built through the real services.

市经信局 (`lead`) answers four items, 市教育局 (`other`) one; 市财政局 (`co`) only co-handles, and
市教育局 co-handles one more. Co-handling opinions are due 5 working days after assignment (day 0,
a Tuesday: due on day 7).
- 第1号: lead + co; contacted, sent on time on day 7, rated satisfied: closed (A). co gives its
  opinion on day 3 (on time).
- 第2号: lead + other as co (no opinion given), due on day 2; sent late on day 7 with no contact
  yet (a contact recorded after sending), rated unsatisfied; re-handled, sent on day 8 after that
  contact, rated basically satisfied: closed (B).
- 第3号: lead and other, separate, + co, due on day 10; lead sends on day 10 itself (on time, no
  contact, no rating yet, A); other has not answered, overdue on day 15. co gives its opinion on
  day 9 (late).
- 第4号, key item: first assigned to other as lead and withdrawn, then to lead, in handling.
- 第5号 and 第6号: filed, waiting for their bureaus. A seventh proposal was not filed (不予立案).
So 6 items are filed, 2 closed: 办结率 33.3% over all, 50.0% for 市经信局 (2 of its 4).
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
    opinions,
    review,
    settings,
    submission,
)
from workflow.services.assignment import BureauChoice
from workflow.services.contacts import ContactInput
from workflow.services.feedback import FeedbackInput
from workflow.services.opinions import OpinionInput

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


def co_opinion(clerk, assignment_id: int, when) -> None:
    assignment.receive(clerk, assignment_id, NOW)
    opinions.save(clerk, assignment_id, OpinionInput("同意主办单位意见。"), when, then_submit=True)


def build(w: World) -> dict[str, Proposal]:
    settings.put("contact_before_reply", False)  # 第2号 and 第3号 are sent without a contact first
    settings.put("period.co_opinion", "5wd")
    db.session.commit()
    w.otherapprover = make_user("otherapprover", roles=("approver",), bureau=w.other)

    p1 = filed(w, "关于第一件的建议")
    assignment.assign(w.office, p1.id, [BureauChoice(w.lead.id, "lead"), BureauChoice(w.co.id, "co")], NOW)
    a1 = mine(p1, w.lead.id)
    assignment.receive(w.clerk, a1.id, NOW)
    _contact(w.clerk, a1.id, day(7))
    co_opinion(w.coclerk, mine(p1, w.co.id).id, day(3))
    r1 = send(w.clerk, w.approver, a1.id, day(7), "A")
    feedback.rate(w.proposer, r1.id, FeedbackInput("satisfied", "satisfied", "satisfied", ""), day(8))

    p2 = filed(w, "关于第二件的建议")
    assignment.assign(w.office, p2.id, [BureauChoice(w.lead.id, "lead"), BureauChoice(w.other.id, "co")], NOW,
                      reply_due=local_date(day(2)))
    a2 = mine(p2, w.lead.id)
    assignment.receive(w.clerk, a2.id, NOW)
    r2 = send(w.clerk, w.approver, a2.id, day(7), "C")
    _contact(w.clerk, a2.id, day(7) + timedelta(hours=1))
    feedback.rate(w.proposer, r2.id, FeedbackInput("unsatisfied", "unsatisfied", "unsatisfied", "没有解决"), day(7))
    decisions.order_rehandling(w.office, p2.id, "请重新办理", day(7) + timedelta(hours=2))
    r2b = send(w.clerk, w.approver, a2.id, day(8), "B")
    feedback.rate(w.proposer, r2b.id, FeedbackInput("basically_satisfied", "satisfied", "satisfied", ""), day(9))

    p3 = filed(w, "关于第三件的建议")
    assignment.assign(w.office, p3.id, [BureauChoice(w.lead.id, "separate"), BureauChoice(w.other.id, "separate"),
                                        BureauChoice(w.co.id, "co")], NOW, reply_due=local_date(day(10)))
    a3 = mine(p3, w.lead.id)
    assignment.receive(w.clerk, a3.id, NOW)
    assignment.receive(w.otherclerk, mine(p3, w.other.id).id, NOW)
    co_opinion(w.coclerk, mine(p3, w.co.id).id, day(9))
    send(w.clerk, w.approver, a3.id, day(10), "A")

    p4 = filed(w, "关于第四件的建议", is_key=True, key_leader="王副市长")
    assignment.assign(w.office, p4.id, [BureauChoice(w.other.id, "lead")], NOW)
    assignment.withdraw(w.office, mine(p4, w.other.id).id, "职能不符", NOW)
    assignment.assign(w.office, p4.id, [BureauChoice(w.lead.id, "lead")], day(1))

    p5, p6 = filed(w, "关于第五件的建议"), filed(w, "关于第六件的建议")
    p7 = w.draft(title="关于第七件的建议")
    submission.submit(w.proposer, p7.id, NOW)
    review.start_review(w.office, p7.id, NOW)
    review.reject(w.office, p7.id, NOW, "没有具体建议内容")
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5, "p6": p6, "p7": p7}
