"""Demo data of the deadlines.

Reminders (issue 4): an item whose reply falls due two working days from now. Assigned to 市经信局
weeks ago with a fixed reply date, signed for and the proposer contacted, so its only running
clock is the reply. The first sweep after `make run` catches up once: one reminder each to the
bureau's clerk and leader, in the local mailbox (admin → Notifications → Local mailbox) and under
their bell; on the eve and on the day the next ones follow at 09:00.

A provisional due date (issue 9 §1): an item assigned to 市人社局 three months before 初一 of the
first year the calendar does not cover (run in December 2026: assigned 2026-11-06, 初一 is
2027-02-06). Its reply is due after 初三, on 2027-02-09, marked 待定 on its page, the work lists
and the e-mails, until an administrator imports 2027.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from workflow.domain.deadlines import SHANGHAI, local_date
from workflow.domain.statutory_holidays import lunar_new_year
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


SPRING_TITLE = "关于做好春节前后外来务工人员返岗服务保障的建议"
SPRING_BODY = (
    "每年春节前后，外来务工人员集中返乡、返岗，企业用工缺口和交通运输压力同时出现。建议：\n\n"
    "1. 人社部门提前摸排重点企业节后用工需求，组织“点对点”包车返岗。\n\n"
    "2. 对春节期间坚持生产、稳定用工的企业给予稳岗补贴。\n\n"
    "3. 在火车站、汽车站设立就业服务点，现场发布岗位信息。"
)


def reply_due_after_spring_festival(people: dict[str, User], session: Session, now: datetime) -> None:
    """The item of the provisional due date (see the module's docstring)."""
    year = max(calendar.load().years, default=local_date(now).year) + 1
    assigned_on = lunar_new_year(year) - relativedelta(months=3)
    start = datetime.combine(assigned_on, time(10), tzinfo=SHANGHAI)
    if start > now - timedelta(hours=6):  # run before that day: assigned a month ago instead
        start = now - timedelta(days=30)
    office, author = people["office"], people["proposer2"]
    draft = submission.create_draft(author, DraftInput(SPRING_TITLE, SPRING_BODY, session.id), start - timedelta(days=1))
    submission.submit(author, draft.id, start - timedelta(days=1, hours=-1))
    review.start_review(office, draft.id, start - timedelta(hours=3))
    category = db.session.execute(
        select(Category.id).where(Category.channel == session.channel, Category.name == "社会法制")
    ).scalar_one()
    review.file(office, draft.id, start - timedelta(hours=2), category)
    lead = db.session.execute(select(Bureau.id).where(Bureau.code == "rsj")).scalar_one()
    assignment.assign(office, draft.id, [BureauChoice(lead, "lead")], start)
