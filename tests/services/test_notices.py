"""Event notices through the services on the real database: each event writes one row per person
its rule names, and for nobody else, in the transaction of the state change."""
from datetime import datetime

import pytest
from sqlalchemy import func, select, update

from tests.factories import NOW, REMINDERS, World, give_emails, make_user
from tests.handling_support import (
    LATER,
    add_contact,
    awaiting_approval,
    co_of,
    complete,
    draft,
    lead_of,
    received,
    sent,
    submit_opinion,
)
from workflow.domain.deadlines import SHANGHAI
from workflow.extensions import db
from workflow.models import Event, MailboxMessage, Notification, Reply
from workflow.services import (
    approval,
    assignment,
    decisions,
    delivery,
    drafting,
    feedback,
    review,
    settings,
    submission,
)
from workflow.services.assignment import BureauChoice
from workflow.services.errors import Invalid, Stale, StateConflict
from workflow.services.feedback import FeedbackInput


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def w(ctx):
    world = World()
    world.proposer3 = make_user("proposer3", name="王建国")
    give_emails(world.clerk, world.approver, world.coclerk, world.office, world.proposer, world.proposer2,
                world.proposer3, world.otherclerk)
    return world


def notices(notice: str | None = None) -> list[Notification]:
    query = select(Notification).where(~REMINDERS).order_by(Notification.id)
    if notice:
        query = query.where(Notification.threshold.startswith(f"event:{notice}:"))
    db.session.expire_all()
    return db.session.execute(query).scalars().all()


def told(found) -> set[tuple[str, str]]:
    return {(n.recipient.username, n.notice_key.notice) for n in found}


def event_of(action: str) -> Event:
    return db.session.execute(select(Event).where(Event.action == action).order_by(Event.id.desc())).scalars().first()


def test_assigning_tells_each_bureaus_clerks_and_nobody_else(w):
    proposal = w.proposal("in_handling")
    found = notices("assigned")
    assert told(found) == {("clerk", "assigned"), ("coclerk", "assigned")}
    # The proposer hears of the filing and of the bureaus (issue 9 §3), nobody else of anything.
    assert told(notices()) - told(found) == {("proposer", "filed"), ("proposer", "handlers")}
    events = {e.assignment_id: e for e in db.session.execute(select(Event).where(Event.action == "assign")).scalars()}
    for row in found:
        event = events[row.assignment_id]
        assert (row.threshold, row.event_id, row.proposal_id) == (f"event:assigned:{event.id}", event.id, proposal.id)
        # It shows the due date to sign for by; it is no reminder of that clock.
        assert (row.clock_id, row.clock_kind, row.due_date.isoformat()) == (None, "receipt", "2026-03-13")
        assert (row.delivery, row.state, row.read_at) == ("single", "pending", None)
    assert {r.assignment.bureau_id for r in found if r.recipient_id == w.clerk.id} == {w.lead.id}


def test_without_an_e_mail_address_the_notice_is_in_the_application_only(w):
    w.coclerk.email = None
    db.session.commit()
    w.proposal("in_handling")
    row = next(n for n in notices() if n.recipient_id == w.coclerk.id)
    assert (row.state, row.last_error) == ("skipped", "no e-mail address")


def test_a_digest_reader_gets_the_notice_with_the_next_digest(w):
    w.clerk.email_digest = True
    db.session.commit()
    w.proposal("in_handling")  # Tuesday 10:00: the next digest goes out on Wednesday at 09:00
    row = next(n for n in notices() if n.recipient_id == w.clerk.id)
    assert (row.delivery, row.next_attempt_at) == ("digest", at("2026-03-11 09:00"))


def test_merging_into_an_assigned_item_tells_its_bureaus_and_the_merged_items_proposer(w):
    """Issue 9 §9: the merged item takes no assignments; the target's answering bureau hears that
    its reply answers one more item, the merged item's proposer which item it joined."""
    target = w.proposal("in_handling")
    merged = w.proposal("under_review", title="关于小微企业融资的第二件建议", author=w.proposer2)
    before = len(notices())
    review.merge(w.office, merged.id, NOW, target.id)
    found = notices()[before:]
    assert told(found) == {("clerk", "merged_in"), ("proposer2", "merged")}
    assert notices("assigned")[-1].proposal_id == target.id  # no new assignment for the merged item


def test_submitting_for_approval_tells_the_bureaus_approvers_only(w):
    reply = awaiting_approval(w)
    [row] = notices("approval")
    event = event_of("reply-submit")
    assert told([row]) == {("approver", "approval")}
    assert row.threshold == f"event:approval:{event.id}:{reply.id}" and row.assignment_id == reply.assignment_id
    assert (row.clock_kind, row.due_date.isoformat()) == ("reply", "2026-06-10")


def test_a_key_items_reply_goes_to_the_principal_leader(w):
    principal = make_user("principal", roles=("approver",), bureau=w.lead, principal_leader=True,
                          email="principal@example.gov.cn")
    proposal = received(w)
    review.set_key(w.office, proposal.id, NOW, True, "王副市长")
    add_contact(w, proposal)
    submit_opinion(w, proposal)
    approval.submit(w.clerk, draft(w, proposal).id, LATER)
    assert told(notices("approval")) == {("principal", "approval")}
    assert principal.id != w.approver.id


def test_returning_tells_the_clerk_who_drafted_it_with_the_comments(w):
    make_user("clerk2", roles=("clerk",), bureau=w.lead, email="clerk2@example.gov.cn")  # did not draft it
    reply = awaiting_approval(w)
    approval.return_(w.approver, reply.id, "请补充资金安排", LATER)
    [row] = notices("returned")
    assert told([row]) == {("clerk", "returned")}
    assert (row.note, row.event_id) == ("请补充资金安排", event_of("reply-return").id)


def test_a_co_bureaus_objection_returns_to_the_drafter_and_its_co_signature_to_the_approver(w):
    settings.put("co_signature_before_approval", True)
    proposal = received(w)
    add_contact(w, proposal)
    submit_opinion(w, proposal)
    reply = approval.submit(w.clerk, draft(w, proposal).id, LATER)
    assert reply.state == "cosigning" and notices("approval") == []  # not the approver's turn yet
    approval.object_(w.coclerk, reply.id, "资金表述需修改", LATER)
    [returned] = notices("returned")
    assert told([returned]) == {("clerk", "returned")} and returned.assignment_id == lead_of(proposal).id
    reply = drafting.save(w.clerk, reply.id, complete(body="<p>改后</p>"), LATER, reply.version)
    approval.submit(w.clerk, reply.id, LATER)
    approval.cosign(w.coclerk, reply.id, LATER)
    [row] = notices("approval")
    assert told([row]) == {("approver", "approval")} and row.event_id == event_of("reply-cosigned").id
    assert co_of(proposal).bureau_id not in {n.recipient.bureau_id for n in notices("approval")}


def in_co_signature(w, coapprover=True):
    """The setting on, a second co bureau on the item too: the lead's reply goes for co-signature."""
    settings.put("co_signature_before_approval", True)
    if coapprover:
        make_user("coapprover", roles=("approver",), bureau=w.co, email="coapprover@example.gov.cn")
    proposal = received(w)
    assignment.assign(w.office, proposal.id, [BureauChoice(w.other.id, "co")], NOW)
    add_contact(w, proposal)
    submit_opinion(w, proposal)
    return approval.submit(w.clerk, draft(w, proposal).id, LATER, confirm_missing_opinions=True)


def test_a_reply_for_co_signature_tells_whoever_of_the_co_bureaus_may_co_sign(w):
    reply = in_co_signature(w)
    assert reply.state == "cosigning" and notices("approval") == []
    found = notices("cosign")
    # Clerks and leaders of both co bureaus (either may co-sign); not the lead bureau, who drafted it.
    assert told(found) == {("coclerk", "cosign"), ("coapprover", "cosign"), ("otherclerk", "cosign")}
    event = event_of("reply-submit")
    assert {n.threshold for n in found} == {f"event:cosign:{event.id}:{reply.id}"}
    # The lead bureau's reply, with the date it is due by.
    assert {(n.assignment_id, n.clock_id, n.clock_kind, n.due_date.isoformat()) for n in found} == {
        (lead_of(reply.proposal).id, None, "reply", "2026-06-10")
    }


def test_a_co_bureau_that_answered_is_not_asked_again_until_the_reply_comes_back(w):
    reply = in_co_signature(w, coapprover=False)
    approval.cosign(w.coclerk, reply.id, LATER)
    approval.object_(w.otherclerk, reply.id, "请补充教育经费安排", LATER)
    assert len(notices("cosign")) == 2  # nobody was told twice of the one submission
    reply = drafting.save(w.clerk, reply.id, complete(body="<p>改后</p>"), LATER, reply.version)
    approval.submit(w.clerk, reply.id, LATER, confirm_missing_opinions=True)
    again = [n for n in notices("cosign") if n.event_id == event_of("reply-submit").id]
    assert told(again) == {("coclerk", "cosign"), ("otherclerk", "cosign")}  # both co-sign the new text


def test_the_co_signature_e_mail_names_the_lead_bureau_the_due_date_and_links_to_the_reply(w):
    reply = in_co_signature(w)
    [row] = [n for n in notices("cosign") if n.recipient_id == w.coclerk.id]
    w.otherclerk.locale = "en"
    db.session.commit()
    [other] = [n for n in notices("cosign") if n.recipient_id == w.otherclerk.id]
    assert delivery.deliver([row.id, other.id], LATER).sent  # no MAIL_SERVER: the local mailbox
    mail = {m.recipient: m for m in db.session.execute(select(MailboxMessage)).scalars()}
    proposal = reply.proposal
    zh, en = mail["coclerk <coclerk@example.gov.cn>"], mail["otherclerk <otherclerk@example.gov.cn>"]
    assert zh.subject == f"答复函待您单位会签：{proposal.number} {proposal.title}"
    assert "市经信局关于此件的答复函报送签发前，待您单位会签。" in zh.text_body
    assert "承办单位: 市经信局\n答复: 截止日期2026-06-10" in zh.text_body
    assert f"http://127.0.0.1:5000/replies/{reply.id}" in zh.text_body and "阅看并会签答复函" in zh.html_body
    assert en.subject == f"A reply awaits your bureau's co-signature: {proposal.number} {proposal.title}"
    assert "The reply of 市经信局 to this item awaits your bureau's co-signature" in en.text_body
    assert "Reply: due 2026-06-10" in en.text_body and "Read and co-sign the reply" in en.html_body


def test_without_the_co_signature_setting_no_co_bureau_is_told(w):
    awaiting_approval(w)
    assert notices("cosign") == [] and told(notices("approval")) == {("approver", "approval")}


def joint_in_handling(w):
    """A joint proposal: 戴培红 confirms, 王建国 declines; filed and assigned."""
    proposal = w.draft(author_kind="joint", cosigner_ids=[w.proposer2.id, w.proposer3.id])
    submission.submit(w.proposer, proposal.id, NOW)
    submission.answer_cosign(w.proposer2, proposal.id, True, NOW)
    submission.answer_cosign(w.proposer3, proposal.id, False, NOW, "不参加")
    review.start_review(w.office, proposal.id, NOW)
    review.file(w.office, proposal.id, NOW, w.category.id)
    assignment.assign(w.office, proposal.id, [BureauChoice(w.lead.id, "lead"), BureauChoice(w.co.id, "co")], NOW)
    assignment.receive(w.clerk, lead_of(proposal).id, NOW)
    assignment.receive(w.coclerk, co_of(proposal).id, NOW)
    return proposal


def test_sending_asks_the_proposer_and_the_co_signers_to_rate_it(w):
    proposal = joint_in_handling(w)
    add_contact(w, proposal)
    submit_opinion(w, proposal)
    reply = approval.submit(w.clerk, draft(w, proposal).id, LATER)
    approval.approve(w.approver, reply.id, LATER)
    approval.send(w.clerk, reply.id, LATER)
    found = notices("sent")
    assert told(found) == {("proposer", "sent"), ("proposer2", "sent")}  # not who declined to co-sign
    event = event_of("reply-send")
    assert {n.threshold for n in found} == {f"event:sent:{event.id}:{reply.id}"}
    assert {(n.clock_kind, n.due_date.isoformat()) for n in found} == {("feedback", "2026-04-08")}


def test_ordering_rehandling_tells_the_bureaus_clerks(w):
    reply = sent(w)
    feedback.rate(w.proposer, reply.id, FeedbackInput("unsatisfied", "unsatisfied", "unsatisfied", "问题没有解决"), LATER)
    decisions.order_rehandling(w.office, reply.proposal_id, "请再次与委员沟通", LATER)
    [row] = notices("rehandling")
    assert told([row]) == {("clerk", "rehandling")}
    assert (row.note, row.clock_kind, row.due_date.isoformat()) == ("请再次与委员沟通", "rehandling", "2026-04-17")
    # The second round's reply waits for approval against the re-handling clock.
    second = draft(w, reply.proposal, body="<p>经再次研究，答复如下。</p>")
    approval.submit(w.clerk, second.id, LATER)
    latest = notices("approval")[-1]
    assert (latest.clock_kind, latest.threshold.endswith(f":{second.id}")) == ("rehandling", True)


def test_a_follow_up_reply_tells_the_proposer_without_a_due_date(w):
    reply = sent(w)
    reply.resolution = "B"  # as if drafted so: being solved
    feedback.rate(w.proposer, reply.id, FeedbackInput("satisfied", "satisfied", "satisfied", ""), LATER)
    follow = drafting.save_draft(w.clerk, reply.assignment_id, complete(body="<p>已建成资金池。</p>"), LATER,
                                 kind="follow_up")
    approval.submit(w.clerk, follow.id, LATER)
    approval.approve(w.approver, follow.id, LATER)
    approval.send(w.clerk, follow.id, LATER)
    [row] = notices("follow_up")
    assert told([row]) == {("proposer", "follow_up")}
    assert (row.notice_key.reply_id, row.clock_kind, row.due_date) == (follow.id, None, None)


def test_a_state_change_that_fails_leaves_no_notice(w):
    reply = awaiting_approval(w)
    before = len(notices())
    assert reply.version  # loaded, as a page that opened the reply holds it
    # Another approver's change lands first: the version this session holds is stale.
    db.session.execute(update(Reply).where(Reply.id == reply.id).values(version=Reply.version + 1),
                       execution_options={"synchronize_session": False})
    with pytest.raises(Stale):
        approval.return_(w.approver, reply.id, "请补充资金安排", LATER)
    assert len(notices()) == before and notices("returned") == []
    assert db.session.execute(select(func.count()).where(Event.action == "reply-return")).scalar_one() == 0


def test_a_repeated_request_writes_no_second_notice(w):
    reply = awaiting_approval(w)
    approval.return_(w.approver, reply.id, "请补充资金安排", LATER)
    with pytest.raises(StateConflict):
        approval.return_(w.approver, reply.id, "请补充资金安排", LATER)
    proposal = reply.proposal
    with pytest.raises(Invalid):  # the same bureau again
        assignment.assign(w.office, proposal.id, [BureauChoice(w.co.id, "co")], LATER)
    assert len(notices("returned")) == 1 and len(notices("assigned")) == 2
    keys = db.session.execute(select(Notification.threshold, Notification.recipient_id).where(~REMINDERS)).all()
    assert len(keys) == len(set(keys))


def test_every_notice_has_its_words(ctx):
    """A notice added to the rule table without its subject and sentence would fail here, not in
    a recipient's mailbox."""
    from workflow.domain.notices import Notice
    from workflow.mail import notices as words

    assert set(words.SUBJECTS) == set(words.HEADLINES) == set(Notice)
