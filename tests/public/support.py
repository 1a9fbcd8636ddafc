"""Published replies for the tests of issue 5: through the real services (a reply sent by the
lead bureau, published by the office), or, where only the portal's reading side is tested and
many rows are needed, as bare rows with the columns the portal reads."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count

from tests.factories import NOW, World
from tests.handling_support import LATER, add_contact, draft, lead_of, received, submit_opinion
from workflow.extensions import db
from workflow.models import Publication, Reply
from workflow.services import approval, publication

LEAD_CREDIT = "1133070000259288XD"
CO_CREDIT = "113307000025916551"
OTHER_CREDIT = "11330700002592274A"
PUBLISHED_AT = LATER + timedelta(days=3)

# A letter with everything the masking must catch and keep (SPEC 3.5).
MASKING_BODY = (
    "<p>杨文艳委员：您提出的关于扶持小微企业成长升级的建议收悉。</p>"
    "<p>经与杨文艳委员电话沟通（手机13858012345），现答复如下：</p>"
    "<p>一、关于小微企业融资难问题。我局会同市财政局设立转贷资金池，累计为企业转贷38.5亿元。</p>"
    "<p>二、申请人身份证号330282199003071238已核实，个人邮箱yangwy@163.com已登记，"
    "咨询邮箱jxj@jinhua.gov.cn。</p>"
    "<p>三、办公电话0579-82468101，热线12345。备注：张三丰先生另有来信。</p>"
)

_round = count(2)


def credit_codes(w: World) -> None:
    w.lead.credit_code, w.co.credit_code, w.other.credit_code = LEAD_CREDIT, CO_CREDIT, OTHER_CREDIT
    db.session.commit()


def sent_reply(w: World, **overrides) -> Reply:
    """A reply of the lead bureau, approved and sent, through the services of issue 3; the
    overrides change the reply draft (body, disclosure, contact_name, attachments …)."""
    proposal = received(w)
    add_contact(w, proposal)
    submit_opinion(w, proposal)
    reply = draft(w, proposal, **overrides)
    reply = approval.submit(w.clerk, reply.id, LATER)
    reply = approval.approve(w.approver, reply.id, LATER)
    reply = approval.send(w.clerk, reply.id, LATER)
    db.session.refresh(reply)
    return reply


def published(w: World, when: datetime = PUBLISHED_AT, **kw) -> Publication:
    reply = sent_reply(w)
    return publication.publish(w.office, reply.id, when, **kw)


# --- bare rows for the reading side ----------------------------------------------------------

class Shelf:
    """Many publications of one item without walking each through the workflow: rows with the
    columns the portal reads, each tied to a reply row of its own."""

    def __init__(self, w: World):
        self.w = w
        credit_codes(w)
        self.proposal = w.proposal("in_handling")
        self.assignment = lead_of(self.proposal)
        self.serials: dict[tuple[int, int], int] = {}

    def add(self, title: str, body: str, *, bureau=None, year: int = 2026, topic: str = "综合政务/政协",
            resolution: str = "A", channel: str = "cppcc", session=None, when: datetime | None = None,
            state: str = "published") -> Publication:
        w = self.w
        bureau = bureau or w.lead
        session = session or (w.session if channel == "cppcc" else w.npc_session)
        n = next(_round)
        reply = Reply(
            proposal_id=self.proposal.id, assignment_id=self.assignment.id, bureau_id=bureau.id, kind="answer",
            round=n, state="sent", title=title, salutation="杨**委员：", body="", resolution=resolution,
            disclosure="public", doc_prefix="测", doc_year=year, doc_seq=n, doc_number=f"测〔{year}〕{n}号",
            created_by_id=w.clerk.id, created_at=NOW, updated_at=NOW, sent_at=NOW, sent_by_id=w.clerk.id,
        )
        db.session.add(reply)
        db.session.flush()
        key = (bureau.id, year)
        self.serials[key] = serial = self.serials.get(key, 0) + 1
        row = Publication(
            reply_id=reply.id, proposal_id=self.proposal.id, bureau_id=bureau.id, session_id=session.id,
            channel=channel, state=state, index_number=f"{bureau.credit_code}/{year}-{serial:05d}", year=year,
            serial=serial, publisher=bureau.name, letter_date=date(year, 3, 1),
            published_at=when or PUBLISHED_AT, topic=topic, doc_number=reply.doc_number, resolution=resolution,
            resolution_label={"A": "已解决或采纳", "B": "正在解决或列入计划", "C": "因条件限制暂时不能解决，留作参考"}[resolution],
            proposal_number="第1号", title=title, salutation="杨**委员：", body=body, contact="联系人：邵 *",
            manual_spans=[], attachment_ids=[], published_by_id=w.office.id,
        )
        if state == "withdrawn":
            row.withdrawn_at, row.withdrawn_by_id, row.withdraw_reason = (when or PUBLISHED_AT), w.office.id, "误发"
        db.session.add(row)
        db.session.commit()
        return row
