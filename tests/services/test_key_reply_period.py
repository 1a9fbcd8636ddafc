"""The reply period of key items is a setting of its own (issue 9 §8): empty, it is the reply
period; set, a key item's reply clock runs on it from assignment, and a running reply clock
follows when the office flags an item key (or takes the flag off) after assignment, unless the
office fixed its date. The move is on the timeline and the reminders follow it."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import NOW, World
from workflow.domain.clocks import ClockKind
from workflow.extensions import db
from workflow.models import Clock, Event
from workflow.services import assignment, review, settings
from workflow.services.assignment import BureauChoice

LATER = NOW + timedelta(days=2)
NORMAL_DUE = date(2026, 6, 10)  # assigned 2026-03-10 + 3 months
KEY_DUE = date(2026, 4, 10)  # + 1 month


@pytest.fixture
def w(ctx):
    return World()


def key_period(value):
    settings.put(settings.KEY_REPLY_PERIOD, value)
    db.session.commit()


def assigned(w, key=False, reply_due=None):
    proposal = w.proposal("filed")
    if key:
        review.set_key(w.office, proposal.id, NOW, True, "王副市长")
    assignment.assign(w.office, proposal.id, [BureauChoice(w.lead.id, "lead"), BureauChoice(w.co.id, "co")], NOW,
                      reply_due=reply_due)
    return proposal


def clock(proposal, kind=ClockKind.REPLY) -> Clock:
    db.session.expire_all()
    return db.session.execute(
        select(Clock).where(Clock.proposal_id == proposal.id, Clock.kind == kind, Clock.stopped_at.is_(None))
    ).scalar_one()


def test_a_key_item_assigned_runs_on_the_key_period(w):
    key_period("1m")
    key, normal = assigned(w, key=True), assigned(w)
    assert (clock(key).period, clock(key).due_date) == ("1m", KEY_DUE)
    assert (clock(normal).period, clock(normal).due_date) == ("3m", NORMAL_DUE)
    assert clock(key, ClockKind.CO_OPINION).due_date == clock(normal, ClockKind.CO_OPINION).due_date


def test_without_the_setting_a_key_item_has_the_reply_period(w):
    key = assigned(w, key=True)
    assert (clock(key).period, clock(key).due_date) == ("3m", NORMAL_DUE)
    review.set_key(w.office, key.id, LATER, False, None)
    assert clock(key).due_date == NORMAL_DUE


def test_flagging_an_assigned_item_key_moves_its_running_reply_clock(w):
    proposal = assigned(w)
    before = clock(proposal)
    reminder_before = before.next_remind_at
    key_period("1m")
    review.set_key(w.office, proposal.id, LATER, True, "王副市长")
    moved = clock(proposal)
    assert (moved.period, moved.due_date, moved.start_date) == ("1m", KEY_DUE, NOW.date())
    assert moved.next_remind_at < reminder_before  # the reminders follow the earlier date
    event = db.session.execute(select(Event).where(Event.action == "recompute-due")).scalar_one()
    assert event.changes == {"due_date": [NORMAL_DUE.isoformat(), KEY_DUE.isoformat()], "period": ["3m", "1m"]}
    assert event.actor_id == w.office.id and event.note == "reply"
    assert clock(proposal, ClockKind.FIRST_CONTACT).due_date < KEY_DUE  # other clocks are left alone
    review.set_key(w.office, proposal.id, LATER, False, None)  # the flag taken off: back to 3 months
    assert (clock(proposal).period, clock(proposal).due_date) == ("3m", NORMAL_DUE)


def test_a_date_the_office_fixed_stands(w):
    fixed = date(2026, 6, 30)
    proposal = assigned(w, reply_due=fixed)
    key_period("1m")
    review.set_key(w.office, proposal.id, LATER, True, "王副市长")
    assert (clock(proposal).period, clock(proposal).due_date) == (None, fixed)
    assert db.session.execute(select(Event).where(Event.action == "recompute-due")).first() is None


def test_changing_only_the_leader_moves_nothing(w):
    key_period("1m")
    proposal = assigned(w, key=True)
    review.set_key(w.office, proposal.id, LATER, True, "李副市长")
    assert clock(proposal).due_date == KEY_DUE
    assert db.session.execute(select(Event).where(Event.action == "recompute-due")).first() is None
