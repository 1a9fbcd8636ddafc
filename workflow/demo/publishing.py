"""Demo data of issue 5, through the real services: the office publishes the demo's sent public
replies to the portal (the Jinhua reply to suggestion 义12, and two more replies of 市经信局
written from the samples), marking one name by hand, and withdraws one of them, so an anonymous
visitor finds them by searching 小微企业 or 融资, reads a masked reply with the masked copy of its
attachment (its photo is not offered) and sees a withdrawn one."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from importlib import resources

from sqlalchemy import select

from workflow.demo.attachments import site_photo, trainee_list
from workflow.domain import richtext
from workflow.domain.deadlines import local_date
from workflow.domain.reply import Disclosure, ReplyState
from workflow.extensions import db
from workflow.models import Bureau, Category, Proposal, Reply, Session, User
from workflow.services import approval, assignment, contacts, drafting, publication, review, submission
from workflow.services.assignment import BureauChoice
from workflow.services.contacts import ContactInput
from workflow.services.submission import DraftInput
from workflow.services.uploads import Upload

H = timedelta(hours=1)
D = timedelta(days=1)


def sample(name: str) -> str:
    return resources.files("workflow.demo").joinpath("samples", name).read_text(encoding="utf-8")


def publish_demo(p: dict[str, User], sessions: dict[str, Session], now: datetime) -> None:
    office = p["office"]
    start = now - 16 * D
    training = _answered(p, sessions["cppcc"], p["proposer3"], "关于完善小微企业培训与创业扶持的建议",
                         _training_proposal(), _training_reply(), "A", start,
                         attachments=[trainee_list(p["proposer3"].name), site_photo()])
    parks = _answered(p, sessions["cppcc"], p["proposer"], "关于支持小微企业园建设提升的建议",
                      _parks_proposal(), _parks_reply(), "B", start + D)
    # The replies sent in the demo whose disclosure is public, oldest first: the Jinhua reply too.
    waiting = db.session.execute(
        select(Reply).where(Reply.state == ReplyState.SENT, Reply.disclosure == Disclosure.PUBLIC)
        .order_by(Reply.sent_at, Reply.id)
    ).scalars().all()
    # The approver marks a trainee's name the automatic rules cannot know; the office publishes.
    publication.save_marks(p["approver"], training.id, ["李建华"], now - 7 * D)
    result = publication.publish_many(office, [r.id for r in waiting if r.id != parks.id], now - 6 * D)
    # bandit B101: demo data only; a refusal must stop the seeding
    assert not result.refused, result.refused  # nosec B101
    withdrawn = publication.publish(office, parks.id, now - 5 * D)
    publication.withdraw(office, withdrawn.id, "答复引用的《海曙区“小微企业三年成长计划”》已废止，更新后重新公开。", now - D)


def _answered(p: dict[str, User], session: Session, author: User, title: str, body: str, reply_body: str,
              resolution: str, start: datetime, attachments: list[Upload] = ()) -> Reply:
    """A proposal filed, assigned to 市经信局, contacted, answered, approved and sent."""
    office, clerk = p["office"], p["clerk"]
    draft = submission.create_draft(author, DraftInput(title, body, session.id), start)
    submission.submit(author, draft.id, start + H)
    review.start_review(office, draft.id, start + 2 * H)
    category = db.session.execute(
        select(Category.id).where(Category.channel == session.channel, Category.name == "经济")
    ).scalar_one()
    review.file(office, draft.id, start + 3 * H, category)
    bureau = db.session.execute(select(Bureau.id).where(Bureau.code == "jxj")).scalar_one()
    assignment.assign(office, draft.id, [BureauChoice(bureau, "lead")], start + 4 * H)
    lead = db.session.get(Proposal, draft.id).assignments[0]
    assignment.receive(clerk, lead.id, start + D)
    contacts.add_contact(clerk, lead.id, ContactInput(
        local_date(start + 2 * D), "phone", f"{author.name}委员", "电话沟通办理思路，听取委员意见。",
    ), start + 2 * D)
    data = drafting.prefill(clerk, lead)
    data.body, data.resolution, data.contact_phone = reply_body, resolution, "0579-82469726"
    data.attachments = list(attachments)
    reply = drafting.save_draft(clerk, lead.id, data, start + 4 * D)
    approval.submit(clerk, reply.id, start + 5 * D)
    approval.approve(p["approver"], reply.id, start + 6 * D)
    return approval.send(clerk, reply.id, start + 6 * D + H)


def _paragraphs(text: str) -> list[str]:
    return [re.sub(r"^[\s\u3000•]+", "", line).strip() for line in text.splitlines() if line.strip()]


def _training_proposal() -> str:
    proposal = sample("cppcc-proposal-and-reply-zhenhai.txt").split("第2号提案的答复")[0]
    picked = [p for p in _paragraphs(proposal) if p.startswith(("3", "5"))]
    return "\n\n".join(["小微企业普遍缺少经营管理和技能人才，融资渠道窄，建议：", *picked])


def _training_reply() -> str:
    reply = _paragraphs(sample("cppcc-proposal-and-reply-zhenhai.txt").split("第2号提案的答复")[1])
    kept = [p for p in reply if p.startswith(("三、", "五、", "下步"))]
    return richtext.from_plain("\n".join([
        "您提出的关于完善小微企业培训与创业扶持的建议收悉。办理过程中，我局与欧阳明委员电话沟通"
        "（经办人手机13857912345），听取了意见，现答复如下：",
        *kept,
        "学员李建华反映的培训补贴问题，已转区人社局办结。",
        "感谢您对小微企业发展和融资服务工作的关心和支持！",
    ]))


def _parks_proposal() -> str:
    return ("小微企业园是小微企业集聚发展的重要平台，但部分园区存在配套不足、融资服务缺位等问题。建议加快小微企业园"
            "提升改造，完善园区融资、培训、物流等公共服务，借鉴海曙区“小微企业三年成长计划”的做法。")


def _parks_reply() -> str:
    notice = _paragraphs(sample("policy-notice-haishu-2018.txt"))
    plan = [p for p in notice if re.match(r"^[（(][一二三四五六七八九十]+[）)]", p)][:4]
    return richtext.from_plain("\n".join([
        "您提出的关于支持小微企业园建设提升的建议收悉。现答复如下：",
        "我局参照宁波市海曙区“小微企业三年成长计划”，结合我市实际，重点推进以下工作：",
        *plan,
        "下一步，我局将会同市财政局、市金融办完善小微企业园融资服务，推动园区提升改造。",
    ]))
