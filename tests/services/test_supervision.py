"""Supervision notes (督办意见): only the office writes them, on submitted items, to an assigned
bureau; the office and that bureau read them, proposers and other bureaus never; the bureau's
clerks are told."""
import pytest
from sqlalchemy import select

from tests.factories import NOW, REMINDERS, World, give_emails
from tests.handling_support import LATER, co_of, lead_of
from workflow.extensions import db
from workflow.models import Event, MailboxMessage, Notification
from workflow.services import delivery, submission, supervision
from workflow.services.errors import Forbidden, Invalid, NotFound, StateConflict


@pytest.fixture
def w(ctx):
    world = World()
    give_emails(world.clerk, world.approver, world.coclerk, world.office)
    return world


def notices() -> list[Notification]:
    db.session.expire_all()
    query = select(Notification).where(~REMINDERS, Notification.threshold.startswith("event:supervised:"))
    return db.session.execute(query).scalars().all()


def test_the_office_writes_to_a_bureau_and_its_clerks_are_told(w):
    proposal = w.proposal("in_handling")
    lead = lead_of(proposal)
    note = supervision.write_note(w.office, proposal.id, "  请于月底前报送办理进展。\x07 ", LATER, lead.id)
    assert note.body == "请于月底前报送办理进展。"
    assert note.bureau_id == w.lead.id and note.created_by_id == w.office.id and note.created_at == LATER
    rows = notices()
    assert [r.recipient_id for r in rows] == [w.clerk.id]  # the addressed bureau's clerks, nobody else
    assert rows[0].note == "请于月底前报送办理进展。" and rows[0].assignment_id == lead.id
    event = db.session.execute(select(Event).where(Event.action == "supervise")).scalar_one()
    assert event.assignment_id == lead.id and event.note is None  # the text stays with its readers

    assert delivery.deliver([rows[0].id], LATER).sent
    mail = db.session.execute(select(MailboxMessage)).scalar_one()
    assert mail.subject.startswith("提案委督办意见：") and "请于月底前报送办理进展。" in mail.text_body


def test_who_reads_the_notes(w):
    proposal = w.proposal("in_handling")
    supervision.write_note(w.office, proposal.id, "主办单位抓紧办理。", LATER, lead_of(proposal).id)
    supervision.write_note(w.office, proposal.id, "协办意见请及时提交。", LATER, co_of(proposal).id)
    supervision.write_note(w.office, proposal.id, "列入重点督办。", LATER)  # the office's own record
    assert not [r for r in notices() if r.assignment_id is None]

    def read(user):
        return [n.body for n in supervision.notes_for(user, proposal)]

    assert read(w.office) == ["主办单位抓紧办理。", "协办意见请及时提交。", "列入重点督办。"]
    assert read(w.clerk) == read(w.approver) == ["主办单位抓紧办理。"]
    assert read(w.coclerk) == ["协办意见请及时提交。"]
    assert read(w.otherclerk) == []
    assert read(w.proposer) == []


def test_only_the_office_writes(w):
    proposal = w.proposal("in_handling")
    with pytest.raises(Forbidden, match="Supervision note"):
        supervision.write_note(w.clerk, proposal.id, "自己督办自己", LATER)
    with pytest.raises(Forbidden):
        supervision.write_note(w.proposer, proposal.id, "请加快办理", LATER)
    with pytest.raises(NotFound):  # a bureau the item is not assigned to does not see it at all
        supervision.write_note(w.otherclerk, proposal.id, "……", LATER)


def test_refusals_name_what_is_wrong(w):
    proposal = w.proposal("in_handling")
    with pytest.raises(Invalid) as empty:
        supervision.write_note(w.office, proposal.id, "  ", LATER)
    assert empty.value.errors == {"body": "Write the supervision note."}
    with pytest.raises(Invalid) as long:
        supervision.write_note(w.office, proposal.id, "督" * 2001, LATER)
    assert long.value.errors == {"body": "The note is too long (at most 2000 characters)."}
    other = w.proposal("in_handling", title="关于另一件事的建议")
    with pytest.raises(Invalid) as foreign:  # an assignment of another item
        supervision.write_note(w.office, proposal.id, "请办理", LATER, lead_of(other).id)
    assert foreign.value.errors == {"assignment_id": "Choose a bureau this item is assigned to."}
    assert db.session.execute(select(Event).where(Event.action == "supervise")).first() is None


def test_not_on_drafts_or_withdrawn_items(w):
    submitted = w.proposal("submitted")
    assert supervision.write_note(w.office, submitted.id, "请尽快审查。", NOW).assignment_id is None
    withdrawn = w.proposal("submitted", title="撤回的提案")
    submission.withdraw(w.proposer, withdrawn.id, NOW, "不再提出")
    with pytest.raises(StateConflict, match="Withdrawn|withdrawn"):
        supervision.write_note(w.office, withdrawn.id, "督办", NOW)
    draft = w.proposal("draft")
    with pytest.raises(NotFound):  # the office does not even see another person's draft
        supervision.write_note(w.office, draft.id, "督办", NOW)
