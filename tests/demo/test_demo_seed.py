"""The demo data (make run) shows replies in several states, built through the real services."""
from datetime import UTC, date, datetime

from sqlalchemy import select

from workflow.demo import seed
from workflow.extensions import db
from workflow.models import Proposal, Reply
from workflow.services import queries


def test_the_demo_has_a_closed_item_a_reply_awaiting_approval_and_one_ready_to_handle(ctx):
    seed.seed(datetime(2026, 11, 22, 2, 0, tzinfo=UTC))
    states = {p.title: p.state for p in db.session.execute(select(Proposal)).scalars()}
    assert states["关于全面贯彻实施《浙江省促进中小微企业发展条例》的建议"] == "closed"
    assert states["关于扶持小微企业成长升级的建议"] == "in_handling"
    assert states["关于加强小型微型企业分级服务与管理的建议"] == "in_handling"
    assert "filed" in states.values() and "under_review" in states.values()
    # The first reply of each state (the demo of issue 5 adds more sent replies after these).
    replies = {r.state: r for r in db.session.execute(select(Reply).order_by(Reply.id.desc())).scalars()}
    sent, waiting = replies["sent"], replies["awaiting_approval"]
    assert (sent.doc_number, sent.feedback_outcome) == ("金经信办建〔2026〕1号", "satisfied")
    assert sent.salutation == "何明代表：" and "一、当前主要做法" in sent.body
    assert sent.title == "关于对金华市九届人大五次会议义1号建议答复的函"
    assert len(waiting.versions) == 2 and waiting.resolution == "B"
    zhenhai = next(p for p in db.session.execute(select(Proposal)).scalars() if p.title.startswith("关于加强小型"))
    assert {a.state for a in zhenhai.assignments} == {"received"}


def test_the_demo_shows_a_provisional_2027_due_date_after_the_spring_festival(ctx):
    seed.seed(datetime(2026, 12, 6, 2, 0, tzinfo=UTC))
    item = db.session.execute(select(Proposal).where(Proposal.title.contains("春节前后"))).scalar_one()
    [clock] = [c for c in queries.clocks(item.id) if c.kind == "reply"]
    # Assigned 2026-11-06; three months end on 初一 2027-02-06; 除夕 to 初三 are statutory holidays.
    assert (clock.start_date, clock.due_date, clock.provisional) == (date(2026, 11, 6), date(2027, 2, 9), True)
