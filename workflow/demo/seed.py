"""Fill an empty database with a believable session, going through the real services so every
state, clock and event is what the system itself would have written."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from importlib import resources

from sqlalchemy import select

from workflow.demo import deadlines as deadline_demo
from workflow.demo import directory, public_desk
from workflow.demo import publishing as demo_publishing
from workflow.demo import replies as demo_replies
from workflow.demo.bureau_duties import DUTIES, KEYWORDS
from workflow.domain import richtext
from workflow.extensions import db
from workflow.models import Bureau, Category, NotFiledReason, Proposal, Session, User
from workflow.services import assignment, calendar, review, submission, users
from workflow.services.assignment import BureauChoice
from workflow.services.submission import DraftInput

# bandit B105: the demo logins' published password (DEMO_MODE only)
PASSWORD = "demo"  # nosec B105


def is_empty() -> bool:
    return db.session.execute(select(User.id).limit(1)).first() is None


def seed(now: datetime) -> None:
    calendar.seed(now)
    sessions = _sessions()
    _bureaus()
    _lists()
    people = _people(now)
    _mobiles(people)
    _proposals(people, sessions, now)
    deadline_demo.reply_due_soon(people, sessions["cppcc"], now)
    deadline_demo.reply_due_after_spring_festival(people, sessions["cppcc"], now)
    demo_publishing.publish_demo(people, sessions, now)
    public_desk.seed_public(people, sessions, now)


def sample(name: str) -> str:
    return resources.files("workflow.demo").joinpath("samples", name).read_text(encoding="utf-8")


def _sessions() -> dict[str, Session]:
    found = {}
    for channel, name, term, meeting, year, fmt in directory.SESSIONS:
        session = Session(channel=channel, name=name, term=term, meeting=meeting, year=year, number_format=fmt)
        db.session.add(session)
        found[channel] = session
    db.session.commit()
    return found


def _bureaus() -> None:
    for code, name, short, credit, prefix_cppcc, prefix_npc in directory.BUREAUS:
        db.session.add(
            Bureau(code=code, name=name, short_name=short, credit_code=credit, prefix_cppcc=prefix_cppcc,
                   prefix_npc=prefix_npc, duties=DUTIES.get(code), keywords=KEYWORDS.get(code))
        )
    db.session.commit()


def _lists() -> None:
    for channel in ("cppcc", "npc"):
        for position, name in enumerate(directory.CATEGORIES):
            db.session.add(Category(channel=channel, name=name, position=position))
    for position, text in enumerate(directory.NOT_FILED_REASONS):
        db.session.add(NotFiledReason(text=text, position=position))
    db.session.commit()


def _people(now: datetime) -> dict[str, User]:
    people = {}
    for username, name, roles, bureau, channel, group, prefix, principal, email in directory.USERS:
        people[username] = users.create_user(
            username, PASSWORD, roles, now, name=name, email=email, bureau_code=bureau, channel=channel,
            group_name=group, group_prefix=prefix, principal_leader=principal,
            enforce_policy=False,  # demo accounts share the password `demo` (README)
        )
    return people


# Demo mobile numbers of people who chose text messages: their notices and reminders reach the
# local gateway's phone (Administration → Notifications → Text messages).
DEMO_MOBILES = {"proposer": "13800000001", "deputy": "13800000002", "clerk": "13800000003",
                "approver": "13800000004", "coclerk": "13800000005"}


def _mobiles(people: dict[str, User]) -> None:
    for username, mobile in DEMO_MOBILES.items():
        people[username].mobile, people[username].notify_sms = mobile, True
    db.session.commit()


def _bureau(code: str) -> int:
    return db.session.execute(select(Bureau.id).where(Bureau.code == code)).scalar_one()


def _category(channel: str, name: str) -> int:
    query = select(Category.id).where(Category.channel == channel, Category.name == name)
    return db.session.execute(query).scalar_one()


def _proposals(p: dict[str, User], sessions: dict[str, Session], now: datetime) -> None:
    start = now - timedelta(days=20)
    office = p["office"]
    cppcc, npc = sessions["cppcc"].id, sessions["npc"].id

    lead_and_co = [BureauChoice(_bureau("jxj"), "lead"), BureauChoice(_bureau("czj"), "co")]

    # 1. Assigned to 市经信局 (lead) and 市财政局 (co), signed for by both: ready for the first
    #    contact, the co-handling opinion and the reply (the Zhenhai proposal).
    first = _submitted(p["proposer2"], cppcc, "关于加强小型微型企业分级服务与管理的建议", _zhenhai_proposal(), start)
    _file(office, first.id, "经济", start)
    assignment.assign(office, first.id, lead_and_co, start + timedelta(hours=3))
    demo_replies.receive_all(p, db.session.get(Proposal, first.id), start + timedelta(hours=5))

    # 2. Its reply awaits the leader's approval: contacted, co-opinion in, revised once (the Cixi
    #    proposal on small businesses, and the Cixi bureau's published reply).
    second = _submitted(p["proposer"], cppcc, "关于扶持小微企业成长升级的建议", _cixi_proposal(), start + timedelta(days=1))
    _file(office, second.id, "经济", start + timedelta(days=2))
    assignment.assign(office, second.id, lead_and_co, start + timedelta(days=2, hours=3))
    demo_replies.awaiting_approval(
        p, db.session.get(Proposal, second.id), demo_replies.cixi_reply(sample("cppcc-reply-published-cixi-2020.txt")),
        start + timedelta(days=3),
    )

    # 3. An NPC suggestion answered, rated satisfied and closed (Jinhua, 义乌代表团, and the
    #    bureau's published reply to it).
    third = _submitted(p["deputy"], npc, "关于全面贯彻实施《浙江省促进中小微企业发展条例》的建议", _jinhua_suggestion(), start)
    _file(office, third.id, "经济", start + timedelta(hours=1))
    assignment.assign(office, third.id, [BureauChoice(_bureau("jxj"), "lead")], start + timedelta(hours=4))
    demo_replies.answered_and_closed(
        p, db.session.get(Proposal, third.id),
        # The closing sentence is the demo's own: 何明's name stands in none of its words (issue 9 §6).
        demo_replies.jinhua_reply(sample("npc-suggestion-reply-published-jinhua-2023.txt"))
        + richtext.from_plain("下一步，我局将研究如何明确小微企业园认定标准，对任何明显不符合条件的园区不予认定。"),
        start + timedelta(hours=6),
    )

    # 3b. Filed, waiting to be assigned; 3c. an NPC suggestion under review (东阳代表团).
    waiting = _submitted(p["proposer3"], cppcc, "关于完善小微企业融资担保体系的建议", _guarantee_proposal(),
                         start + timedelta(days=4))
    _file(office, waiting.id, "经济", start + timedelta(days=5))
    reviewing = _submitted(p["deputy2"], npc, "关于推进小微企业三年成长计划的建议", _growth_suggestion(), start)
    review.start_review(office, reviewing.id, start + timedelta(days=1))

    # 3d. Under review, and much like 第1号 (the same passages on 小型微型企业): the office sees it as
    #     a likely duplicate and may merge it (issue 11).
    duplicate = _submitted(p["proposer3"], cppcc, "关于加强小微企业分级分类服务与管理的建议", _zhenhai_like(),
                           now - timedelta(days=1))
    review.start_review(office, duplicate.id, now - timedelta(hours=20))

    # 4. A joint proposal waiting for its co-signer.
    joint = submission.create_draft(
        p["proposer"],
        DraftInput("关于完善中小企业公共服务体系的建议", _yancheng_proposal(), cppcc, "joint",
                   cosigner_ids=[p["proposer3"].id]),
        now - timedelta(days=2),
    )
    submission.submit(p["proposer"], joint.id, now - timedelta(days=2))

    # 5. Not filed: a personal matter.
    fifth = _submitted(p["proposer3"], cppcc, "关于解决本人子女入学问题的建议", "本人子女今年入学，希望协调安排到某学校就读。", start)
    review.start_review(office, fifth.id, start + timedelta(days=1))
    review.reject(office, fifth.id, start + timedelta(days=1), directory.NOT_FILED_REASONS[3])

    # 6. A draft the demo proposer is still writing.
    submission.create_draft(
        p["proposer"], DraftInput("关于推进规范性文件清理工作的建议", _haishu_draft(), cppcc), now - timedelta(hours=3)
    )


def _submitted(author: User, session_id: int, title: str, body: str, when: datetime):
    draft = submission.create_draft(author, DraftInput(title, body, session_id), when)
    return submission.submit(author, draft.id, when + timedelta(minutes=5))


def _file(office: User, proposal_id: int, category: str, when: datetime) -> None:
    proposal = review.start_review(office, proposal_id, when + timedelta(hours=1))
    review.file(office, proposal_id, when + timedelta(hours=2), _category(proposal.channel, category))


def _paragraphs(text: str) -> list[str]:
    return [re.sub(r"^[\s\u3000•]+", "", line).strip() for line in text.splitlines() if line.strip()]


def _zhenhai_proposal() -> str:
    text = sample("cppcc-proposal-and-reply-zhenhai.txt")
    body = text.split("第2号提案的答复")[0]
    return "\n\n".join(_paragraphs(body)[1:])


def _zhenhai_like() -> str:
    """Another member's text on the same matter as 第1号: its measures, partly in the same words."""
    measures = _zhenhai_proposal().split("\n\n")[-5:]
    return "\n\n".join(
        ["小微企业量大面广，是稳就业、保民生的重要力量。当前小微企业服务管理多头分散，政策落实“最后一公里”不畅。"
         "为加强小微企业分级分类服务与管理，建议："] + measures[:3]
        + ["4. 建立小微企业服务平台，整合政策、融资、培训和信息服务，实现一站式办理。"]
    )


def _cixi_proposal() -> str:
    reply = _paragraphs(sample("cppcc-reply-published-cixi-2020.txt"))
    headings = [line for line in reply if re.match(r"^[一二三四五六七八九十]+、", line)]
    return "\n\n".join(
        ["小微企业是我市经济发展的重要力量，但普遍面临融资难、融资贵、用工难、转型升级动力不足等问题。为扶持小微企业成长升级，建议如下："]
        + [f"{i}. {h.split('、', 1)[1]}" for i, h in enumerate(headings, 1)]
        + ["建议市经信局会同市财政局、市金融办、市税务局等部门研究落实。"]
    )


def _jinhua_suggestion() -> str:
    return (
        "《浙江省促进中小微企业发展条例》自2023年3月1日起施行。为全面贯彻实施《条例》，建议：\n\n"
        "1. 加强《条例》宣传解读，让中小微企业知晓政策、用好政策。\n\n"
        "2. 完善中小微企业梯度培育体系，加大“专精特新”企业培育力度。\n\n"
        "3. 缓解中小微企业融资难题，扩大政府性融资担保覆盖面。\n\n"
        "4. 推进数字化改革，提升中小微企业公共服务水平。"
    )


def _guarantee_proposal() -> str:
    paragraphs = _paragraphs(sample("yearbook-sme-services-yancheng-2008.txt"))
    guarantee = next(p for p in paragraphs if p.startswith("【融资担保】")).removeprefix("【融资担保】").strip()
    return "\n\n".join(["外地经验表明，政策性和互助性融资担保能有效缓解小微企业融资难。" + guarantee,
                          "建议我市扩大政府性融资担保机构注册资本，建立担保风险补偿机制，推动互助性担保发展。"])


def _growth_suggestion() -> str:
    paragraphs = [
        p for p in _paragraphs(sample("policy-notice-haishu-2018.txt")) if re.match(r"^[（(][一二三四五六七八九十]+[）)]", p)
    ][:3]
    return "\n\n".join(["借鉴宁波市海曙区“小微企业三年成长计划”的做法，建议：", *paragraphs])


def _yancheng_proposal() -> str:
    paragraphs = _paragraphs(sample("yearbook-sme-services-yancheng-2008.txt"))
    return "\n\n".join(["借鉴外地中小企业服务体系建设经验，建议我市："] + paragraphs[1:4])


def _haishu_draft() -> str:
    paragraphs = _paragraphs(sample("policy-notice-haishu-2018.txt"))
    body = [p for p in paragraphs if len(p) > 40][:2]
    return "\n\n".join(body)
