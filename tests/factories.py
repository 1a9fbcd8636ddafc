"""Plain functions that make rows with good defaults, through the real services where a state
matters, so the states, clocks and events are what the system writes."""
from __future__ import annotations

from datetime import UTC, datetime
from itertools import count

from workflow.domain.reminders import Reason
from workflow.extensions import db
from workflow.models import Bureau, Category, NotFiledReason, Notification, Session, User
from workflow.services import assignment, review, submission, users
from workflow.services.assignment import BureauChoice
from workflow.services.submission import DraftInput

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
_seq = count(1)
# The notification rows of reminders (a clock's, or the office's 催办), leaving out the event notices
# that the setup's own steps write, e.g. on assigning (tests/services/test_notices.py tests those).
REMINDERS = Notification.threshold.not_like(f"{Reason.EVENT}:%")


def make_bureau(code: str | None = None, name: str | None = None, **kw) -> Bureau:
    n = next(_seq)
    bureau = Bureau(code=code or f"b{n}", name=name or f"测试局{n}", prefix_cppcc=kw.pop("prefix", f"测{n}提"), **kw)
    db.session.add(bureau)
    db.session.commit()
    return bureau


def make_user(username: str | None = None, roles=("proposer",), bureau: Bureau | None = None, **kw) -> User:
    username = username or f"user{next(_seq)}"
    channel = kw.pop("channel", "cppcc" if "proposer" in roles else None)
    return users.create_user(
        username, "secret-pw", list(roles), NOW, bureau_code=bureau.code if bureau else None, channel=channel,
        name=kw.pop("name", username), **kw,
    )


def make_session(channel: str = "cppcc", fmt: str | None = None, **kw) -> Session:
    session = Session(
        channel=channel, name=kw.pop("name", f"测试{channel}会议"), term=kw.pop("term", 9), meeting=kw.pop("meeting", 5),
        year=kw.pop("year", 2026), number_format=fmt or ("第{n}号" if channel == "cppcc" else "{delegation}{n}号"), **kw,
    )
    db.session.add(session)
    db.session.commit()
    return session


def make_category(channel: str = "cppcc", name: str = "经济") -> Category:
    category = Category(channel=channel, name=name)
    db.session.add(category)
    db.session.commit()
    return category


def make_reason(text: str = "没有具体建议内容的") -> NotFiledReason:
    reason = NotFiledReason(text=text)
    db.session.add(reason)
    db.session.commit()
    return reason


def give_emails(*users: User) -> None:
    """Addresses for users who must receive e-mail (make_user leaves them without)."""
    for user in users:
        user.email = f"{user.username}@example.gov.cn"
    db.session.commit()


class World:
    """A small, complete setting: sessions, bureaus, people of every role."""

    def __init__(self):
        self.session = make_session("cppcc")
        self.npc_session = make_session("npc")
        self.category = make_category("cppcc")
        self.npc_category = make_category("npc")
        self.lead = make_bureau("lead", "市经信局")
        self.co = make_bureau("co", "市财政局")
        self.other = make_bureau("other", "市教育局")
        self.proposer = make_user("proposer", name="杨文艳")
        self.proposer2 = make_user("proposer2", name="戴培红")
        self.deputy = make_user("deputy", channel="npc", group_prefix="义", group_name="义乌代表团", name="何明")
        self.deputy2 = make_user("deputy2", channel="npc", group_prefix="东", name="司马青")
        self.office = make_user("office", roles=("office",))
        self.admin = make_user("admin", roles=("admin",))
        self.clerk = make_user("clerk", roles=("clerk",), bureau=self.lead)
        self.approver = make_user("approver", roles=("approver",), bureau=self.lead)
        self.coclerk = make_user("coclerk", roles=("clerk",), bureau=self.co)
        self.otherclerk = make_user("otherclerk", roles=("clerk",), bureau=self.other)

    def draft(self, author: User | None = None, now: datetime = NOW, **kw):
        author = author or self.proposer
        session = self.npc_session if author.channel == "npc" else self.session
        data = DraftInput(
            title=kw.pop("title", "关于扶持小微企业成长升级的建议"), body=kw.pop("body", "小微企业融资难，建议……"),
            session_id=session.id, **kw,
        )
        return submission.create_draft(author, data, now)

    def proposal(self, state: str = "draft", author: User | None = None, now: datetime = NOW, **kw):
        """A proposal brought to `state` along the lifecycle's own path."""
        proposal = self.draft(author, now, **kw)
        steps = ["submitted", "under_review", "filed", "in_handling"]
        if state == "draft":
            return proposal
        submission.submit(proposal.proposer, proposal.id, now)
        for step in steps[1 : steps.index(state) + 1] if state in steps else []:
            if step == "under_review":
                review.start_review(self.office, proposal.id, now)
            elif step == "filed":
                category = self.npc_category if proposal.channel == "npc" else self.category
                review.file(self.office, proposal.id, now, category.id)
            elif step == "in_handling":
                assignment.assign(
                    self.office, proposal.id,
                    [BureauChoice(self.lead.id, "lead"), BureauChoice(self.co.id, "co")], now,
                )
        db.session.refresh(proposal)
        assert proposal.state == state, (proposal.state, state)
        return proposal
