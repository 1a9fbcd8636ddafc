"""Issue 9 §3 through the real services, the outbox and a real SMTP server: a rejected deputy, a
filed proposer, the proposer of an assigned item (which bureaus, then the lead bureau's contact
person), an invited co-signer, the office with a reassignment or extension request, a merged
item's proposer. Before, the first three in the issue heard nothing. Each e-mail is in the
reader's language and addresses them as a letter would (何明代表：, 杨文艳委员：)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import NOW, World, give_emails, make_user
from tests.handling_support import LATER, add_contact, draft, lead_of, received, submit_opinion
from workflow.extensions import db
from workflow.models import Notification
from workflow.services import (
    approval,
    assignment,
    delivery,
    extensions,
    notifications,
    reply_access,
    review,
    submission,
)
from workflow.services.submission import DraftInput

SEND = NOW + timedelta(days=30)  # after every step of the tests


@pytest.fixture
def w(ctx):
    world = World()
    world.cosigner = make_user("cosigner", name="王建国")
    give_emails(world.proposer, world.proposer2, world.deputy, world.office, world.clerk, world.approver,
                world.coclerk, world.otherclerk, world.cosigner)
    return world


def mail_to(smtp, user, notice: str) -> tuple[str, str]:
    """Send what waits, then the (subject, plain text) of the user's e-mail of that notice."""
    db.session.expire_all()
    rows = db.session.execute(select(Notification).where(Notification.state == "pending")).scalars().all()
    delivery.deliver([r.id for r in rows], SEND)
    db.session.expire_all()
    row = db.session.execute(select(Notification).where(
        Notification.recipient_id == user.id, Notification.threshold.startswith(f"event:{notice}:"))).scalars().one()
    assert row.state == "sent", (row.state, row.last_error)
    found = [m for m in smtp.messages if str(row.id) in m["X-Workflow-Notifications"].split(",")]
    assert len(found) == 1
    return found[0]["Subject"], found[0].get_body(("plain",)).get_content()


def bell(user) -> list[str]:
    db.session.expire_all()
    return [n.notice_key.notice for n in notifications.for_user(user, 1).items if n.notice_key]


def test_a_deputy_hears_why_the_suggestion_is_not_handled(w, smtp):
    item = w.proposal("under_review", author=w.deputy)
    review.reject(w.office, item.id, NOW, "属于个人事务")
    subject, text = mail_to(smtp, w.deputy, "not_filed")
    assert text.startswith("何明代表：")
    assert "不作为代表建议处理" in text and "属于个人事务" in text and "代表工委" in text
    assert "未予立案" in subject
    assert "not_filed" in bell(w.deputy)


def test_a_member_hears_the_number_and_category_then_the_bureaus_and_the_contact(w, smtp):
    item = w.proposal("in_handling")
    subject, text = mail_to(smtp, w.proposer, "filed")
    assert text.startswith("杨文艳委员：") and "第1号" in text and "经济" in text and "提案委" in text
    _subject, text = mail_to(smtp, w.proposer, "handlers")
    assert "市经信局（主办）、市财政局（协办）" in text
    assignment.receive(w.clerk, lead_of(item).id, NOW)
    _subject, text = mail_to(smtp, w.proposer, "contact")
    assert "市经信局已签收" in text and "联系人：clerk" in text
    assert bell(w.proposer)[:3] == ["contact", "handlers", "filed"]


def test_a_co_bureau_signing_for_is_no_contact_person(w, smtp):
    item = w.proposal("in_handling")
    co = next(a for a in item.assignments if a.role == "co")
    assignment.receive(w.coclerk, co.id, NOW)
    assert "contact" not in bell(w.proposer)


def test_an_invited_co_signer_is_asked_to_confirm(w, smtp):
    draft = submission.create_draft(w.proposer, DraftInput(
        title="关于加强社区养老服务的提案", body="建议……", session_id=w.session.id, author_kind="joint",
        cosigner_ids=[w.cosigner.id]), NOW)
    submission.submit(w.proposer, draft.id, NOW)
    subject, text = mail_to(smtp, w.cosigner, "cosign_invited")
    assert text.startswith("王建国委员：") and "联名" in subject and "确认或拒绝" in text


def test_the_office_hears_of_a_reassignment_request_and_the_bureau_of_the_answer(w, smtp):
    item = w.proposal("in_handling")
    request = assignment.request_reassignment(w.clerk, lead_of(item).id, "不属于我局职责", NOW)
    subject, text = mail_to(smtp, w.office, "reassign_asked")
    assert text.startswith("office同志：") and "市经信局申请退办" in subject and "不属于我局职责" in text
    assignment.decide_reassignment(w.office, request.id, False, "属于你局职责", NOW)
    _subject, text = mail_to(smtp, w.clerk, "reassign_decided")
    assert "不同意" in text and "属于你局职责" in text


def test_an_extension_request_reaches_the_leader_then_the_office_and_the_answer_the_bureau(w, smtp):
    item = received(w)
    clock_due = extensions.answer_clock(lead_of(item)).due_date
    row = extensions.request(w.clerk, lead_of(item).id, "涉及多部门协调", clock_due + timedelta(days=30), NOW)
    mail_to(smtp, w.approver, "extension_endorse")
    extensions.endorse(w.approver, row.id, NOW)
    subject, text = mail_to(smtp, w.office, "extension_asked")
    assert "市经信局申请延期" in subject and "涉及多部门协调" in text
    extensions.grant(w.office, row.id, None, None, NOW)
    _subject, text = mail_to(smtp, w.clerk, "extension_decided")
    assert "同意" in text


def test_a_merged_items_proposer_reads_the_reply_of_the_item_it_joined(w, smtp):
    target = received(w, title="关于城市停车难的提案")
    merged = w.proposal("under_review", title="关于增设停车位的提案", author=w.proposer2)
    review.merge(w.office, merged.id, NOW, None, None, "1")
    _subject, text = mail_to(smtp, w.proposer2, "merged")
    assert text.startswith("戴培红委员：") and "并入第1号办理" in text
    _subject, text = mail_to(smtp, w.clerk, "merged_in")
    assert "一并答复" in text
    # The bureau answers the group once: the reply to the target reaches the merged item's proposer.
    add_contact(w, target)
    submit_opinion(w, target)
    reply = approval.submit(w.clerk, draft(w, target).id, LATER)
    approval.approve(w.approver, reply.id, LATER)
    approval.send(w.clerk, reply.id, LATER)
    _subject, text = mail_to(smtp, w.proposer2, "merged_reply")
    assert f"/replies/{reply.id}" in text and "一并作为对您的答复" in text
    assert reply_access.get_reply(w.proposer2, reply.id).id == reply.id


def test_e_mails_follow_the_readers_language(w, smtp):
    w.deputy.locale = "en"
    db.session.commit()
    item = w.proposal("under_review", author=w.deputy)
    review.reject(w.office, item.id, NOW, "属于个人事务")
    subject, text = mail_to(smtp, w.deputy, "not_filed")
    assert subject.startswith("Not filed:") and text.startswith("Dear deputy 何明,")
    assert "not handled as a suggestion" in text


def test_the_proposer_hears_that_the_office_closed_the_item_with_its_note(w, smtp):
    from tests.handling_support import sent
    from workflow.services import decisions, feedback
    from workflow.services.feedback import FeedbackInput

    reply = sent(w)
    feedback.rate(w.proposer, reply.id, FeedbackInput("unsatisfied", "unsatisfied", "unsatisfied", "问题没有解决"), LATER)
    decisions.close(w.office, reply.proposal_id, "已当面说明，资金池明年落地。", LATER)
    subject, text = mail_to(smtp, w.proposer, "closed")
    assert text.startswith("杨文艳委员：") and "办结" in text and "资金池明年落地" in text
