"""Demo data of the reminders (issue 4): an item whose reply falls due two working days from now.

Assigned to 市经信局 weeks ago with a fixed reply date, signed for and the proposer contacted, so
its only running clock is the reply. The first sweep after `make run` catches up once: one
reminder each to the bureau's clerk and leader, in the local mailbox (admin → Notifications →
Local mailbox) and under their bell; on the eve and on the day the next ones follow at 09:00.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Bureau, Category, Session, User
from workflow.services import assignment, calendar, contacts, review, submission
from workflow.services.assignment import BureauChoice
from workflow.services.contacts import ContactInput
from workflow.services.submission import DraftInput

TITLE = "关于进一步降低小微企业用电用气成本的建议"
BODY = (
    "当前小微企业生产经营成本中，用电用气支出占比较高，部分园区转供电环节加价现象仍然存在。建议：\n\n"
    "1. 全面清理规范转供电环节加价行为，确保降价政策红利传导到终端小微企业。\n\n"
    "2. 对小微企业园实行用电用气报装“零上门、零审批、零投资”服务。\n\n"
    "3. 研究出台阶段性用能补贴政策，对吸纳就业多的小微企业给予倾斜。"
)


def reply_due_soon(people: dict[str, User], session: Session, now: datetime) -> None:
    cal = calendar.load()
    due = local_date(now)
    for _ in range(2):  # two working days from today
        due = cal.next_working_day(due + timedelta(days=1))
    start = now - timedelta(days=24)
    office, clerk, author = people["office"], people["clerk"], people["proposer"]
    draft = submission.create_draft(author, DraftInput(TITLE, BODY, session.id), start)
    submission.submit(author, draft.id, start + timedelta(minutes=5))
    review.start_review(office, draft.id, start + timedelta(hours=1))
    category = db.session.execute(
        select(Category.id).where(Category.channel == session.channel, Category.name == "经济")
    ).scalar_one()
    review.file(office, draft.id, start + timedelta(hours=2), category)
    lead = db.session.execute(select(Bureau.id).where(Bureau.code == "jxj")).scalar_one()
    (handling,) = assignment.assign(office, draft.id, [BureauChoice(lead, "lead")], start + timedelta(hours=3),
                                    reply_due=due)
    assignment.receive(clerk, handling.id, start + timedelta(hours=5))
    contacts.add_contact(clerk, handling.id, ContactInput(
        local_date(start + timedelta(days=3)), "phone", "杨文艳委员、邵军", "电话沟通了转供电加价清理的进展和委员的具体诉求。",
    ), start + timedelta(days=3))
