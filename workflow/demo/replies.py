"""Demo data of issue 3, through the real services: a suggestion answered, rated and closed (the
Jinhua reply to suggestion 义12), a proposal whose reply awaits its leader's approval (the Cixi
reply), and the Zhenhai proposal signed for by both bureaus, ready for the first contact."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from workflow.domain import richtext
from workflow.domain.deadlines import local_date
from workflow.models import Proposal, User
from workflow.services import approval, assignment, contacts, drafting, feedback, opinions
from workflow.services.contacts import ContactInput
from workflow.services.feedback import FeedbackInput
from workflow.services.opinions import OpinionInput

H = timedelta(hours=1)
D = timedelta(days=1)


def receive_all(p: dict[str, User], proposal: Proposal, when: datetime) -> None:
    for a in proposal.assignments:
        clerk = p["clerk"] if a.bureau.code == "jxj" else p["coclerk"]
        assignment.receive(clerk, a.id, when)


def answered_and_closed(p: dict[str, User], proposal: Proposal, body: str, start: datetime) -> None:
    """Received, contacted, drafted, approved, sent and rated satisfied: the item closes."""
    lead = proposal.assignments[0]
    assignment.receive(p["clerk"], lead.id, start)
    contacts.add_contact(p["clerk"], lead.id, ContactInput(
        local_date(start + 2 * D), "in_person", "何明代表、市经信局中小企业处", "当面听取了代表对《条例》宣贯和梯度培育的意见。",
    ), start + 2 * D)
    reply = _draft(p, lead, body, "A", start + 5 * D)
    approval.submit(p["clerk"], reply.id, start + 6 * D)
    approval.approve(p["approver"], reply.id, start + 7 * D)
    approval.send(p["clerk"], reply.id, start + 7 * D + H)
    feedback.rate(p["deputy"], reply.id, FeedbackInput("satisfied", "satisfied", "satisfied", "答复认真，措施具体。"),
                  start + 9 * D)


def awaiting_approval(p: dict[str, User], proposal: Proposal, body: str, start: datetime) -> None:
    """Received by both bureaus, contacted, the co-opinion in, a draft revised once and submitted."""
    receive_all(p, proposal, start)
    lead = next(a for a in proposal.assignments if a.role == "lead")
    co = next(a for a in proposal.assignments if a.role == "co")
    contacts.add_contact(p["clerk"], lead.id, ContactInput(
        local_date(start + 2 * D), "phone", "杨文艳委员、邵军", "电话沟通办理思路，委员希望加大小微企业园建设力度。",
    ), start + 2 * D)
    opinions.save(p["coclerk"], co.id, OpinionInput(
        "我局将继续安排小微企业发展专项资金，支持小微企业园建设和融资担保风险补偿，具体意见已在主办单位答复中体现。",
    ), start + 3 * D, then_submit=True)
    first = body.split("</p>", 3)
    reply = _draft(p, lead, "</p>".join(first[:2] + first[3:]) if len(first) > 3 else body, "B", start + 4 * D)
    revised = drafting.DraftInput.of(reply)
    revised.body = body
    drafting.save(p["clerk"], reply.id, revised, start + 5 * D, reply.version)
    approval.submit(p["clerk"], reply.id, start + 5 * D + H)


def _draft(p: dict[str, User], lead, body: str, category: str, when: datetime):
    data = drafting.prefill(p["clerk"], lead)
    data.body, data.resolution, data.contact_phone = body, category, "0579-82469726"
    return drafting.save_draft(p["clerk"], lead.id, data, when)


def cixi_reply(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.endswith("委员:")) + 1
    return richtext.from_plain("\n".join(lines[start:-2]))


def jinhua_reply(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.endswith("代表:")) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("联系人"))
    body = [re.sub(r"<(.+?)>", r"《\1》", line) for line in lines[start:end]]
    return richtext.from_plain("\n".join(body))
