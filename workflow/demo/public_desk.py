"""Demo data of issue 12: both demo sessions show their progress on the portal, the CPPCC session
has a topic list, and the office has a citizen's clue to screen and one already passed to 杨文艳."""
from __future__ import annotations

from datetime import datetime, timedelta

from workflow.extensions import db
from workflow.models import Session, User
from workflow.services import clues, topics

TOPICS = [
    ("推动小微企业高质量发展", "围绕融资担保、数字化转型、专精特新培育等，提出扶持小微企业成长升级的具体举措。", "市经信局、市财政局"),
    ("优化营商环境", "聚焦涉企审批、政务服务“一网通办”和惠企政策直达，提出便民利企的建议。", "市发改委、市市场监管局"),
    ("提升基层公共服务水平", "关注养老托育、社区卫生、义务教育等民生短板，提出补短板的办法。", "市民政局、市教育局、市卫健委"),
]


def seed_public(people: dict[str, User], sessions: dict[str, Session], now: datetime) -> None:
    for session in sessions.values():
        session.progress_public = True
    db.session.commit()
    office = people["office"]
    for position, (title, paragraph, bureaus) in enumerate(TOPICS):
        topics.create(office, topics.TopicInput(sessions["cppcc"].id, title, paragraph, bureaus, True, position),
                      now - timedelta(days=10))
    clues.send(clues.ClueInput(
        "老旧小区加装电梯推进慢",
        "我住的小区是九十年代建的六层楼，老人上下楼很困难。加装电梯要全体业主同意，协调难、审批环节多。"
        "建议简化审批，出台补贴办法。我的手机13858012345，可以联系我了解情况。",
        "13858012345",
    ), now - timedelta(days=1))
    passed = clues.send(clues.ClueInput(
        "小微企业招工难",
        "我们是一家二十人的小厂，每年春节后都招不到熟练工，职业学校的毕业生也很少来小企业。"
        "建议政府搭建校企对接平台，对小微企业的岗前培训给予补贴。",
        "wang.factory@example.com",
    ), now - timedelta(days=3))
    clues.accept(office, passed.id, now - timedelta(days=2))
    clues.pass_on(office, passed.id, "推动小微企业高质量发展", people["proposer"].id, now - timedelta(days=2))
