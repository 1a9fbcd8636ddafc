"""The reply (SPEC 3.3, 5): drafting with versions, submitting, co-signature, approval with the
document number, return, sending, and the letter."""
import io
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import select

from tests.factories import NOW, World, make_user
from tests.handling_support import (
    LATER,
    PDF,
    add_contact,
    approved,
    awaiting_approval,
    co_of,
    complete,
    draft,
    lead_of,
    received,
    sent,
    submit_opinion,
)
from workflow.extensions import db
from workflow.models import Clock, Event, Reply
from workflow.services import approval, assignment, drafting, reply_access, reply_letters, review, settings
from workflow.services.assignment import BureauChoice
from workflow.services.errors import Forbidden, Invalid, NotFound, Stale, StateConflict
from workflow.services.uploads import Upload


@pytest.fixture
def w(ctx):
    return World()


def events(action):
    return db.session.execute(select(Event).where(Event.action == action).order_by(Event.id)).scalars().all()


# -- drafting -----------------------------------------------------------------------------------

def test_a_new_draft_is_pre_filled_from_the_item(w):
    p = received(w)
    data = drafting.prefill(w.clerk, lead_of(p))
    assert data.title == "关于对测试cppcc会议第1号提案答复的函"
    assert data.salutation == "杨文艳委员："
    assert (data.contact_name, data.disclosure, data.copy_to) == ("clerk", "public", ["市财政局"])


def test_npc_and_joint_salutations(w):
    deputy = w.proposal("in_handling", author=w.deputy)
    assert drafting.prefill(w.clerk, lead_of(deputy)).salutation == "何明代表："
    assert drafting.prefill(w.clerk, lead_of(deputy)).title == "关于对测试npc会议义1号建议答复的函"
    from workflow.services import submission

    joint = w.draft(author_kind="joint", cosigner_ids=[w.proposer2.id])
    submission.submit(w.proposer, joint.id, NOW)
    submission.answer_cosign(w.proposer2, joint.id, True, NOW)
    review.start_review(w.office, joint.id, NOW)
    review.file(w.office, joint.id, NOW, w.category.id)
    assignment.assign(w.office, joint.id, [BureauChoice(w.lead.id, "lead")], NOW)
    assert drafting.prefill(w.clerk, lead_of(joint)).salutation == "杨文艳、戴培红委员："


def test_every_save_is_a_version_and_the_body_is_sanitized(w):
    p = received(w)
    reply = draft(w, p, body="<p onclick='x'>第一稿</p><script>alert(1)</script>")
    assert reply.body == "<p>第一稿</p>"
    assert [v.number for v in reply.versions] == [1]
    reply = drafting.save(w.clerk, reply.id, complete(body="<p>第二稿</p>"), LATER, reply.version)
    assert [(v.number, v.body) for v in reply.versions] == [(1, "<p>第一稿</p>"), (2, "<p>第二稿</p>")]
    unchanged = drafting.save(w.clerk, reply.id, complete(body="<p>第二稿</p>"), LATER, reply.version)
    assert len(unchanged.versions) == 2  # nothing changed, nothing added
    assert len(events("reply-save")) == 2


def test_a_stale_save_is_refused_and_nothing_is_overwritten(w):
    p = received(w)
    reply = draft(w, p)
    opened = reply.version
    drafting.save(w.clerk, reply.id, complete(body="<p>甲改的</p>"), LATER, opened)
    with pytest.raises(Stale):
        drafting.save(w.clerk, reply.id, complete(body="<p>乙改的</p>"), LATER, opened)
    with pytest.raises(Invalid):  # an edit without the version it was based on
        drafting.save(w.clerk, reply.id, complete(body="<p>乙改的</p>"), LATER, None)
    db.session.expire_all()
    assert db.session.get(Reply, reply.id).body == "<p>甲改的</p>"
    assert len(db.session.get(Reply, reply.id).versions) == 2


def test_save_draft_on_the_assignment_saves_the_current_draft(w):
    p = received(w)
    reply = draft(w, p)
    same = drafting.save_draft(w.clerk, lead_of(p).id, complete(title="新标题"), LATER, reply.version)
    assert same.id == reply.id and same.title == "新标题"
    assert db.session.execute(select(Reply)).scalars().all() == [same]


@pytest.mark.parametrize(("changes", "field"), [
    ({"resolution": "Z"}, "resolution"),
    ({"disclosure": "secret"}, "disclosure"),
    ({"title": "题" * 201}, "title"),
    ({"contact_phone": "1" * 33}, "contact_phone"),
    ({"copy_to": ["x" * 129]}, "copy_to"),
])
def test_bad_draft_fields(w, changes, field):
    p = received(w)
    with pytest.raises(Invalid) as caught:
        draft(w, p, **changes)
    assert field in caught.value.errors
    assert db.session.execute(select(Reply)).first() is None


def test_who_may_write_the_reply(w):
    p = received(w)
    with pytest.raises(Forbidden):  # a co bureau writes an opinion, not the reply
        drafting.save_draft(w.coclerk, co_of(p).id, complete(), LATER)
    with pytest.raises(Forbidden):
        drafting.save_draft(w.approver, lead_of(p).id, complete(), LATER)
    with pytest.raises(NotFound):
        drafting.save_draft(w.otherclerk, lead_of(p).id, complete(), LATER)
    reply = draft(w, p)
    with pytest.raises(NotFound):  # a draft is the bureau's own
        reply_access.get_reply(w.proposer, reply.id)
    with pytest.raises(NotFound):
        reply_access.get_reply(w.coclerk, reply.id)


# -- submitting ---------------------------------------------------------------------------------

def test_submit_needs_every_field_of_the_letter(w):
    p = received(w)
    add_contact(w, p)
    submit_opinion(w, p)
    reply = draft(w, p, body="", resolution=None, contact_phone="12", disclosure="not_public")
    with pytest.raises(Invalid) as caught:
        approval.submit(w.clerk, reply.id, LATER)
    assert set(caught.value.errors) == {"body", "resolution", "contact_phone", "disclosure_reason"}
    assert reply.state == "draft"


def test_contact_first_unless_the_setting_is_off(w):
    p = received(w)
    submit_opinion(w, p)
    reply = draft(w, p)
    with pytest.raises(StateConflict) as caught:
        approval.submit(w.clerk, reply.id, LATER)
    assert "先沟通后答复" in caught.value.message
    settings.put("contact_before_reply", False)
    assert approval.submit(w.clerk, reply.id, LATER).state == "awaiting_approval"


def test_a_missing_opinion_needs_a_recorded_confirmation(w):
    p = received(w)
    add_contact(w, p)
    reply = draft(w, p)
    with pytest.raises(Invalid) as caught:
        approval.submit(w.clerk, reply.id, LATER)
    assert "市财政局" in caught.value.errors["confirm_missing_opinions"]
    submitted = approval.submit(w.clerk, reply.id, LATER, confirm_missing_opinions=True)
    assert submitted.state == "awaiting_approval"
    [event] = events("proceed-without-opinions")
    assert (event.actor_id, event.note) == (w.clerk.id, "市财政局")


def test_co_bureaus_co_sign_before_approval_when_the_setting_asks(w):
    settings.put("co_signature_before_approval", True)
    p = received(w)
    add_contact(w, p)
    submit_opinion(w, p)
    reply = approval.submit(w.clerk, draft(w, p).id, LATER)
    assert reply.state == "cosigning" and [c.state for c in reply.cosigns] == ["pending"]
    assert reply_access.get_reply(w.coclerk, reply.id) == reply  # the co bureau sees what it co-signs
    with pytest.raises(StateConflict):  # not before the co bureaus co-signed
        approval.approve(w.approver, reply.id, LATER)
    objected = approval.object_(w.coclerk, reply.id, "资金表述需修改", LATER)
    assert (objected.state, objected.return_note) == ("returned", "资金表述需修改")
    reply = drafting.save(w.clerk, reply.id, complete(body="<p>改后</p>"), LATER, objected.version)
    reply = approval.submit(w.clerk, reply.id, LATER)
    assert [c.state for c in reply.cosigns] == ["pending"]  # asked again
    reply = approval.cosign(w.coclerk, reply.id, LATER)
    assert reply.state == "awaiting_approval"
    with pytest.raises(Forbidden):  # answered: no longer a co-signer
        approval.cosign(w.coclerk, reply.id, LATER)


# -- approval and the document number ---------------------------------------------------------

def test_approval_assigns_the_document_number_and_locks_the_text(w):
    reply = approved(w)
    assert reply.doc_number == f"{w.lead.prefix_cppcc}〔2026〕1号"
    assert (reply.state, reply.approved_by_id, reply.approved_version) == ("approved", w.approver.id, 1)
    with pytest.raises(StateConflict):
        drafting.save(w.clerk, reply.id, complete(body="<p>改</p>"), LATER, reply.version)
    [event] = events("reply-approve")
    assert (event.from_state, event.to_state, event.note) == ("awaiting_approval", "approved", reply.doc_number)


def test_numbers_count_per_bureau_and_channel_prefix(w):
    w.lead.prefix_cppcc, w.lead.prefix_npc = "测经信提", "测建"
    first = approved(w)
    second = approved(w, author=w.deputy)
    third = approved(w, title="第三件")
    assert [first.doc_number, second.doc_number, third.doc_number] == [
        "测经信提〔2026〕1号", "测建〔2026〕1号", "测经信提〔2026〕2号",
    ]


def test_who_may_approve(w):
    reply = awaiting_approval(w)
    with pytest.raises(Forbidden):
        approval.approve(w.clerk, reply.id, LATER)
    with pytest.raises(NotFound):
        approval.approve(w.otherclerk, reply.id, LATER)
    other_leader = make_user("boss2", roles=("approver",), bureau=w.other)
    with pytest.raises(NotFound):
        approval.approve(other_leader, reply.id, LATER)
    with pytest.raises(Stale):
        approval.approve(w.approver, reply.id, LATER, version=reply.version - 1)


def test_key_items_need_the_principal_leader(w):
    reply = awaiting_approval(w)
    review.set_key(w.office, reply.proposal_id, NOW, True, "王副市长")
    with pytest.raises(Forbidden) as caught:
        approval.approve(w.approver, reply.id, LATER)
    assert "principal leader" in caught.value.message
    assert reply.doc_number is None
    principal = make_user("principal", roles=("approver",), bureau=w.lead, principal_leader=True)
    assert approval.approve(principal, reply.id, LATER).doc_number == f"{w.lead.prefix_cppcc}〔2026〕1号"


def test_a_bureau_without_a_prefix_cannot_number(w):
    reply = awaiting_approval(w)
    w.lead.prefix_cppcc = None
    with pytest.raises(StateConflict) as caught:
        approval.approve(w.approver, reply.id, LATER)
    assert "prefix" in caught.value.message
    db.session.expire_all()
    assert db.session.get(Reply, reply.id).state == "awaiting_approval"


def test_return_needs_comments_and_reopens_the_draft(w):
    reply = awaiting_approval(w)
    with pytest.raises(Invalid):
        approval.return_(w.approver, reply.id, " ", LATER)
    returned = approval.return_(w.approver, reply.id, "第二部分请具体化", LATER)
    assert (returned.state, returned.return_note) == ("returned", "第二部分请具体化")
    revised = drafting.save(w.clerk, reply.id, complete(body="<p>具体化</p>"), LATER, returned.version)
    assert approval.submit(w.clerk, revised.id, LATER).state == "awaiting_approval"


# -- sending ------------------------------------------------------------------------------------

def test_sending_moves_the_item_and_the_clocks(w):
    reply = sent(w)
    assert (reply.state, reply.sent_by_id) == ("sent", w.clerk.id)
    assert reply.proposal.state == "replied"
    kinds = {c.kind: c.running for c in db.session.execute(
        select(Clock).where(Clock.assignment_id == reply.assignment_id)).scalars()}
    assert kinds["reply"] is False and kinds["first_contact"] is False and kinds["feedback"] is True
    assert kinds["reassign_window"] is False  # replied: a request to reassign makes no sense now
    feedback_clock = db.session.execute(select(Clock).where(Clock.kind == "feedback")).scalar_one()
    assert feedback_clock.due_date == date(2026, 4, 8)  # 15 working days from 2026-03-17
    # The proposer, the office and the co bureau see it now.
    for user in (w.proposer, w.office, w.coclerk):
        assert reply_access.get_reply(user, reply.id) == reply
    with pytest.raises(NotFound):
        reply_access.get_reply(w.proposer2, reply.id)


def test_with_separate_bureaus_the_item_is_replied_when_every_reply_is_sent(w):
    p = w.proposal("filed")
    assignment.assign(w.office, p.id, [BureauChoice(w.lead.id, "separate"), BureauChoice(w.other.id, "separate")], NOW)
    settings.put("contact_before_reply", False)
    boss = make_user("boss", roles=("approver",), bureau=w.other)
    for clerk, leader in ((w.clerk, w.approver), (w.otherclerk, boss)):
        mine = next(a for a in p.assignments if a.bureau_id == clerk.bureau_id)
        assignment.receive(clerk, mine.id, NOW)
        reply = drafting.save_draft(clerk, mine.id, complete(), LATER)
        approval.submit(clerk, reply.id, LATER)
        approval.approve(leader, reply.id, LATER)
        approval.send(clerk, reply.id, LATER)
        db.session.refresh(p)
        expected = "replied" if clerk is w.otherclerk else "in_handling"
        assert p.state == expected


def test_the_letter_carries_the_document_number_and_the_approved_text(w):
    w.lead.prefix_cppcc = "测经信提"
    reply = sent(w)
    data, mimetype, name = reply_letters.render(w.proposer, reply.id, "docx")
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in [*document.sections[0].first_page_header.paragraphs, *document.paragraphs])
    assert name == "测经信提〔2026〕1号.docx" and mimetype.endswith("document")
    for part in ("测经信提〔2026〕1号", "关于对测试cppcc会议第1号提案答复的函", "杨文艳委员：", "一、关于融资难问题", "市经信局"):
        assert part in text
    pdf, _mimetype, _name = reply_letters.render(w.office, reply.id, "pdf")
    pdf_text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "测经信提〔2026〕1号" in pdf_text and "我局会同市财政局设立转贷资金池" in pdf_text


def test_no_letter_before_approval(w):
    reply = awaiting_approval(w)
    with pytest.raises(StateConflict):
        reply_letters.render(w.clerk, reply.id, "pdf")
    with pytest.raises(NotFound):
        reply_letters.render(w.proposer, reply.id, "pdf")


def test_reply_attachments_are_versioned(w):
    p = received(w)
    reply = drafting.save_draft(w.clerk, lead_of(p).id, complete(attachments=[Upload("附件一.pdf", PDF)]), LATER)
    [file] = reply.attachments
    reply = drafting.save(w.clerk, reply.id, complete(remove_attachment_ids=[file.id]), LATER, reply.version)
    db.session.expire_all()
    reply = db.session.get(Reply, reply.id)
    assert reply.attachments == []
    assert [v.attachment_ids for v in reply.versions] == [[file.id], []]
