"""Handling before the reply (SPEC 3.3): contacts, co-handling opinions, extension requests."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import NOW, World, make_user
from tests.handling_support import LATER, PDF, add_contact, co_of, lead_of, received, submit_opinion
from workflow.extensions import db
from workflow.models import Attachment, Clock, Event, ExtensionRequest
from workflow.services import assignment, clocks, extensions, opinions, reply_access, settings
from workflow.services.contacts import ContactInput
from workflow.services.contacts import add_contact as add
from workflow.services.errors import Forbidden, Invalid, NotFound, Stale, StateConflict
from workflow.services.opinions import OpinionInput
from workflow.services.uploads import Upload


@pytest.fixture
def w(ctx):
    return World()


def running(assignment_id, kind):
    query = select(Clock).where(Clock.assignment_id == assignment_id, Clock.kind == kind, Clock.stopped_at.is_(None))
    return db.session.execute(query).scalar_one_or_none()


# -- contacts -----------------------------------------------------------------------------------

def test_the_first_contact_stops_its_clock_and_is_logged(w):
    p = received(w)
    lead = lead_of(p)
    assert running(lead.id, "first_contact") is not None
    contact = add(w.clerk, lead.id, ContactInput(date(2026, 3, 12), "in_person", "杨文艳", "面商",
                                                [Upload("纪要.pdf", PDF)]), LATER)
    assert (contact.way, contact.participants, contact.notes) == ("in_person", "杨文艳", "面商")
    assert [a.filename for a in contact.attachments] == ["纪要.pdf"]
    assert running(lead.id, "first_contact") is None
    event = db.session.execute(select(Event).where(Event.action == "add-contact")).scalar_one()
    assert (event.actor_id, event.assignment_id, event.note) == (w.clerk.id, lead.id, "2026-03-12 · 杨文艳")
    add_contact(w, p)  # a second contact is fine
    assert len(lead.proposal.assignments) == 2


@pytest.mark.parametrize(("day", "way", "field"), [
    (None, "phone", "contacted_on"),
    (date(2026, 3, 18), "phone", "contacted_on"),  # after "now" (2026-03-17)
    (date(2026, 3, 9), "phone", "contacted_on"),  # before the assignment
    (date(2026, 3, 12), "fax", "way"),
])
def test_bad_contacts_are_refused_with_the_field(w, day, way, field):
    p = received(w)
    with pytest.raises(Invalid) as caught:
        add(w.clerk, lead_of(p).id, ContactInput(day, way), LATER)
    assert field in caught.value.errors
    assert db.session.execute(select(Event).where(Event.action == "add-contact")).first() is None


def test_who_may_record_a_contact(w):
    p = w.proposal("in_handling")
    data = ContactInput(date(2026, 3, 12), "phone")
    with pytest.raises(StateConflict):  # not signed for yet
        add(w.clerk, lead_of(p).id, data, LATER)
    assignment.receive(w.clerk, lead_of(p).id, NOW)
    with pytest.raises(NotFound):  # another bureau
        add(w.coclerk, lead_of(p).id, data, LATER)
    with pytest.raises(Forbidden):  # the leader does not record contacts; nor does the office
        add(w.approver, lead_of(p).id, data, LATER)
    with pytest.raises(Forbidden):
        add(w.office, lead_of(p).id, data, LATER)
    assignment.receive(w.coclerk, co_of(p).id, NOW)
    with pytest.raises(Forbidden):  # a co bureau writes an opinion, not the contacts
        add(w.coclerk, co_of(p).id, data, LATER)


# -- co-handling opinions -------------------------------------------------------------------------

def test_an_opinion_is_saved_then_submitted_and_stops_its_clock(w):
    p = received(w)
    co = co_of(p)
    draft = opinions.save(w.coclerk, co.id, OpinionInput("初稿"), LATER)
    assert draft.state == "draft" and running(co.id, "co_opinion") is not None
    submitted = opinions.save(w.coclerk, co.id, OpinionInput("同意。", [Upload("测算.pdf", PDF)]), LATER,
                              version=draft.version, then_submit=True)
    assert (submitted.state, submitted.body) == ("submitted", "同意。")
    assert submitted.submitted_at == LATER
    assert running(co.id, "co_opinion") is None
    with pytest.raises(StateConflict):  # submitted: no more edits
        opinions.save(w.coclerk, co.id, OpinionInput("改"), LATER)


def test_with_sign_off_the_co_leader_approves_or_returns(w):
    settings.put("co_opinion_signoff", True)
    p = received(w)
    co = co_of(p)
    leader = make_user("coleader", roles=("approver",), bureau=w.co)
    opinion = opinions.save(w.coclerk, co.id, OpinionInput("意见"), LATER, then_submit=True)
    assert opinion.state == "awaiting_approval" and running(co.id, "co_opinion") is not None
    with pytest.raises(Invalid):
        opinions.return_(leader, co.id, "  ", LATER)
    returned = opinions.return_(leader, co.id, "请补充资金测算", LATER)
    assert (returned.state, returned.return_note) == ("returned", "请补充资金测算")
    opinions.save(w.coclerk, co.id, OpinionInput("意见（补充测算）"), LATER, then_submit=True)
    with pytest.raises(Forbidden):  # the clerk cannot sign off
        opinions.approve(w.coclerk, co.id, LATER)
    with pytest.raises(NotFound):  # the lead bureau's leader is no leader of the co bureau
        opinions.approve(w.approver, co.id, LATER)
    approved = opinions.approve(leader, co.id, LATER)
    assert (approved.state, approved.approved_by_id) == ("submitted", leader.id)
    assert running(co.id, "co_opinion") is None


@pytest.mark.parametrize(
    ("system", "bureau", "expected"),
    [
        (False, None, "submitted"), (True, None, "awaiting_approval"),  # the bureau follows the system
        (False, True, "awaiting_approval"), (True, False, "submitted"),  # the bureau's own choice wins
    ],
)
def test_each_bureau_chooses_whether_its_leader_signs_opinions_off(w, system, bureau, expected):
    settings.put("co_opinion_signoff", system)
    w.co.co_opinion_signoff = bureau
    db.session.commit()
    p = received(w)
    assert opinions.save(w.coclerk, co_of(p).id, OpinionInput("意见"), LATER, then_submit=True).state == expected


def test_opinion_refusals(w):
    p = received(w)
    with pytest.raises(Forbidden):  # the lead bureau writes no co-opinion
        opinions.save(w.clerk, lead_of(p).id, OpinionInput("x"), LATER)
    with pytest.raises(Invalid) as caught:
        opinions.save(w.coclerk, co_of(p).id, OpinionInput(" "), LATER, then_submit=True)
    assert "body" in caught.value.errors
    first = opinions.save(w.coclerk, co_of(p).id, OpinionInput("一"), LATER)
    old = first.version
    opinions.save(w.coclerk, co_of(p).id, OpinionInput("二"), LATER, version=old)
    with pytest.raises(Stale):
        opinions.save(w.coclerk, co_of(p).id, OpinionInput("三"), LATER, version=old)
    assert opinions.opinion_of(co_of(p)).body == "二"


def test_an_opinion_attachment_can_be_taken_off(w):
    p = received(w)
    co = co_of(p)
    opinion = opinions.save(w.coclerk, co.id, OpinionInput("x", [Upload("a.pdf", PDF)]), LATER)
    [file] = opinion.attachments
    with pytest.raises(Invalid):
        opinions.save(w.coclerk, co.id, OpinionInput("x", remove_attachment_ids=[file.id + 99]), LATER)
    opinions.save(w.coclerk, co.id, OpinionInput("x", remove_attachment_ids=[file.id]), LATER)
    db.session.expire_all()
    assert opinions.opinion_of(co).attachments == []
    assert db.session.get(Attachment, file.id).removed_at is not None


# -- extension requests -------------------------------------------------------------------------

def test_a_clerks_request_goes_through_the_leader_then_the_office_moves_the_clock(w):
    p = received(w)
    lead = lead_of(p)
    clock = running(lead.id, "reply")
    assert clock.due_date == date(2026, 6, 10)
    asked = extensions.request(w.clerk, lead.id, "涉及多部门协调", date(2026, 7, 31), LATER)
    assert (asked.state, asked.current_due) == ("awaiting_leader", date(2026, 6, 10))
    with pytest.raises(StateConflict):  # the office decides once the leader endorsed it
        extensions.grant(w.office, asked.id, None, None, LATER)
    endorsed = extensions.endorse(w.approver, asked.id, LATER)
    assert endorsed.state == "awaiting_office"
    granted = extensions.grant(w.office, asked.id, date(2026, 7, 15), "同意延期至7月15日", LATER)
    assert (granted.state, granted.granted_due) == ("granted", date(2026, 7, 15))
    db.session.refresh(clock)
    assert (clock.due_date, clock.period, clock.provisional) == (date(2026, 7, 15), None, False)
    event = db.session.execute(select(Event).where(Event.action == "grant-extension")).scalar_one()
    assert event.changes == {"due_date": ["2026-06-10", "2026-07-15"]}
    # A calendar change recomputes every running clock; the granted date, a working day, stays.
    clocks.recompute_running(LATER, None)
    assert clock.due_date == date(2026, 7, 15)


def test_a_leaders_request_goes_to_the_office_which_may_refuse(w):
    p = received(w)
    asked = extensions.request(w.approver, lead_of(p).id, "需要调研", date(2026, 7, 1), LATER)
    assert asked.state == "awaiting_office"
    with pytest.raises(Invalid):
        extensions.refuse(w.office, asked.id, "", LATER)
    refused = extensions.refuse(w.office, asked.id, "请按期答复", LATER)
    assert (refused.state, refused.decision_note) == ("refused", "请按期答复")
    assert running(lead_of(p).id, "reply").due_date == date(2026, 6, 10)


@pytest.mark.parametrize(("asked", "message"), [
    (date(2026, 6, 10), "after the current due date"),
    (date(2026, 9, 11), "At most 2026-09-10"),  # 6 months from 2026-03-10
    (None, "Enter the due date"),
])
def test_an_extension_is_later_and_within_six_months(w, asked, message):
    p = received(w)
    with pytest.raises(Invalid) as caught:
        extensions.request(w.approver, lead_of(p).id, "理由", asked, LATER)
    assert message in caught.value.errors["asked_due"]


def test_the_office_may_grant_less_but_never_past_the_ceiling(w):
    p = received(w)
    asked = extensions.request(w.approver, lead_of(p).id, "理由", date(2026, 9, 10), LATER)
    with pytest.raises(Invalid) as caught:
        extensions.grant(w.office, asked.id, date(2026, 9, 30), None, LATER)
    assert "At most 2026-09-10" in caught.value.errors["due"]
    assert extensions.grant(w.office, asked.id, None, None, LATER).granted_due == date(2026, 9, 10)


def test_extension_refusals(w):
    p = received(w)
    lead, co = lead_of(p), co_of(p)
    with pytest.raises(Forbidden):  # co bureaus have no reply clock to extend
        extensions.request(w.coclerk, co.id, "x", date(2026, 7, 1), LATER)
    with pytest.raises(NotFound):
        extensions.request(w.otherclerk, lead.id, "x", date(2026, 7, 1), LATER)
    with pytest.raises(Invalid) as caught:
        extensions.request(w.clerk, lead.id, " ", date(2026, 7, 1), LATER)
    assert "reason" in caught.value.errors
    asked = extensions.request(w.clerk, lead.id, "x", date(2026, 7, 1), LATER)
    with pytest.raises(StateConflict):  # one open request at a time
        extensions.request(w.clerk, lead.id, "y", date(2026, 7, 2), LATER)
    with pytest.raises(Forbidden):  # a clerk does not endorse
        extensions.endorse(w.clerk, asked.id, LATER)
    with pytest.raises(NotFound):  # the co bureau does not see it
        extensions.endorse(w.coclerk, asked.id, LATER)
    with pytest.raises(Invalid):
        extensions.decline(w.approver, asked.id, None, LATER)
    declined = extensions.decline(w.approver, asked.id, "不必延期", LATER)
    assert declined.state == "refused"
    with pytest.raises(StateConflict):
        extensions.endorse(w.approver, asked.id, LATER)
    assert db.session.execute(select(ExtensionRequest)).scalars().all() == [declined]
    later = LATER + timedelta(days=1)
    again = extensions.request(w.clerk, lead.id, "情况有变", date(2026, 7, 1), later)  # a new request after a refusal
    with pytest.raises(Stale):
        extensions.endorse(w.approver, again.id, later, version=again.version + 5)


def test_the_lead_sees_an_opinion_once_submitted(w):
    p = received(w)
    opinions.save(w.coclerk, co_of(p).id, OpinionInput("草稿"), LATER)
    assert reply_access.opinions_of(w.clerk, p.id) == []  # a draft stays with the co bureau
    assert [o.body for o in reply_access.opinions_of(w.coclerk, p.id)] == ["草稿"]
    submit_opinion(w, p)
    assert [o.state for o in reply_access.opinions_of(w.clerk, p.id)] == ["submitted"]
    assert [o.state for o in reply_access.opinions_of(w.office, p.id)] == ["submitted"]
    assert reply_access.opinions_of(w.proposer, p.id) == []  # working papers, not for the proposer
    assert reply_access.opinions_of(w.otherclerk, p.id) == []
    assert opinions.available(w.clerk, lead_of(p)) == []  # the lead bureau has no opinion actions
    assert opinions.available(w.coclerk, co_of(p)) == []  # submitted: nothing left
