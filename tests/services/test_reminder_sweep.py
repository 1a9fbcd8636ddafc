"""The reminder sweep and the manual reminder (催办), through the services on the real database."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import NOW, REMINDERS, World, give_emails
from workflow.domain.deadlines import SHANGHAI
from workflow.extensions import db
from workflow.models import Clock, Event, JobLock, Notification
from workflow.services import assignment, calendar, reminders, settings, submission
from workflow.services.errors import Forbidden, Invalid, NotFound, StateConflict


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.fixture
def w(ctx):
    world = World()
    give_emails(world.clerk, world.approver, world.coclerk, world.office, world.proposer, world.proposer2)
    return world


def clocks_of(proposal_id) -> dict[tuple[int | None, str], Clock]:
    rows = db.session.execute(select(Clock).where(Clock.proposal_id == proposal_id)).scalars()
    return {(c.assignment_id, c.kind): c for c in rows}


def rows(**where) -> list[Notification]:
    query = select(Notification).filter_by(**where).where(REMINDERS).order_by(Notification.id)
    return db.session.execute(query).scalars().all()


def who(found) -> set[tuple[str, str]]:
    return {(n.recipient.username, n.threshold) for n in found}


def lead_of(proposal, w):
    return next(a for a in proposal.assignments if a.bureau_id == w.lead.id)


def test_starting_a_clock_schedules_its_first_reminder(w):
    proposal = w.proposal("in_handling")  # assigned Tuesday 2026-03-10, 10:00 in Shanghai
    lead = lead_of(proposal, w)
    clocks = clocks_of(proposal.id)
    receipt = clocks[(lead.id, "receipt")]
    assert receipt.due_date.isoformat() == "2026-03-13"
    assert receipt.next_remind_at == at("2026-03-12 09:00")  # one working day before
    reply = clocks[(lead.id, "reply")]
    assert (reply.due_date.isoformat(), reply.next_remind_at) == ("2026-06-10", at("2026-05-27 09:00"))  # 10 days before
    assert clocks[(lead.id, "reassign_window")].next_remind_at is None  # nobody is reminded
    assert clocks[(None, "review")].next_remind_at is None  # stopped at filing


def test_a_sweep_writes_one_row_per_recipient_and_threshold_and_moves_on(w):
    proposal = w.proposal("in_handling")
    lead = lead_of(proposal, w)
    report = reminders.sweep(at("2026-03-12 09:01"))
    assert not report.skipped and report.clocks == 2  # the lead's and the co bureau's receipt clocks
    assert who(rows()) == {("clerk", "before:1"), ("coclerk", "before:1")}
    assert report.created == 2 and sorted(report.single_ids) == [n.id for n in rows()]
    receipt = clocks_of(proposal.id)[(lead.id, "receipt")]
    assert receipt.next_remind_at == at("2026-03-13 09:00")
    # The timeline shows it, once per clock and threshold, naming whom it reached.
    events = db.session.execute(select(Event).where(Event.action == "reminder")).scalars().all()
    assert {(e.assignment_id, e.changes["threshold"][1], e.changes["recipients"][1]) for e in events} == {
        (lead.id, "before:1", "clerk"), (next(a.id for a in proposal.assignments if a.id != lead.id),
                                         "before:1", "coclerk"),
    }
    assert events[0].changes["clock"] == [None, "receipt"] and events[0].changes["due_date"] == [None, "2026-03-13"]
    assert events[0].changes["standing"] == [None, "left:1"]
    # Nothing is due again until the next threshold.
    assert reminders.sweep(at("2026-03-12 17:00")).created == 0
    assert reminders.sweep(at("2026-03-13 09:00")).created == 2
    assert who(rows(threshold="before:0")) == {("clerk", "before:0"), ("coclerk", "before:0")}


def test_the_unique_key_keeps_a_repeated_threshold_single(w):
    proposal = w.proposal("in_handling")
    reminders.sweep(at("2026-03-12 09:01"))
    # A second sweep that read the clocks before the first one advanced them, without the lock.
    for clock in clocks_of(proposal.id).values():
        if clock.kind == "receipt":
            clock.next_remind_at = at("2026-03-12 09:00")
    db.session.commit()
    again = reminders.sweep(at("2026-03-12 09:02"), lock=False)
    assert again.clocks == 2 and again.created == 0
    assert len(rows()) == 2
    assert db.session.execute(select(func.count()).where(Event.action == "reminder")).scalar_one() == 2


def test_after_downtime_a_sweep_catches_up_once(w):
    proposal = w.proposal("in_handling")
    lead = lead_of(proposal, w)
    # Down from before the receipt reminders (03-12, 03-13) until Wednesday 03-18, 10:00.
    reminders.sweep(at("2026-03-18 10:00"))
    lead_rows = [n for n in rows() if n.assignment_id == lead.id and n.clock_kind == "receipt"]
    # One overdue notice to clerks and approvers (not one per missed day), and the week's digest
    # entry to the office.
    assert who(lead_rows) == {
        ("clerk", "overdue:2026-03-18"), ("approver", "overdue:2026-03-18"), ("office", "weekly:2026-03-16"),
    }
    assert {n.delivery for n in lead_rows if n.threshold.startswith("weekly")} == {"digest"}
    assert clocks_of(proposal.id)[(lead.id, "receipt")].next_remind_at == at("2026-03-19 09:00")


def test_a_stopped_clock_reminds_nobody(w):
    proposal = w.proposal("in_handling")
    lead = lead_of(proposal, w)
    assignment.receive(w.clerk, lead.id, NOW + timedelta(hours=1))
    receipt = clocks_of(proposal.id)[(lead.id, "receipt")]
    assert receipt.stopped_at is not None and receipt.next_remind_at is None
    reminders.sweep(at("2026-03-12 09:01"))
    assert who(rows()) == {("coclerk", "before:1")}  # the co bureau has not signed yet


def test_review_and_cosign_reach_the_office_and_the_co_signers(w):
    joint = w.draft(author_kind="joint", cosigner_ids=[w.proposer2.id])
    submission.submit(w.proposer, joint.id, NOW)  # co-signers confirm within 5 working days: 03-17
    single = w.proposal("submitted")  # the office reviews within 10 working days: 03-24
    cosign = clocks_of(joint.id)[(None, "cosign")]
    review = clocks_of(single.id)[(None, "review")]
    assert (cosign.due_date.isoformat(), review.due_date.isoformat()) == ("2026-03-17", "2026-03-24")
    reminders.sweep(at("2026-03-16 09:30"))
    assert who(rows(proposal_id=joint.id)) == {("proposer2", "before:1")}
    assert rows(proposal_id=single.id) == []  # 10 days before fell on the day it was submitted
    reminders.sweep(at("2026-03-18 09:30"))  # the co-signer is late: the lead proposer is told too
    assert who(rows(proposal_id=joint.id, threshold="overdue:2026-03-18")) == {
        ("proposer2", "overdue:2026-03-18"), ("proposer", "overdue:2026-03-18"),
    }
    assert who(rows(proposal_id=single.id)) == {("office", "before:5")}  # 5 working days before 03-24


def test_digest_users_get_digest_rows_due_at_the_threshold(w):
    w.clerk.email_digest = True
    w.otherclerk.email = None
    db.session.commit()
    w.proposal("in_handling")
    reminders.sweep(at("2026-03-12 09:05"))
    clerk = rows(recipient_id=w.clerk.id)[0]
    assert (clerk.delivery, clerk.next_attempt_at) == ("digest", at("2026-03-12 09:00"))
    assert rows(recipient_id=w.coclerk.id)[0].delivery == "single"


def test_people_without_an_address_are_notified_in_the_application_only(w):
    w.coclerk.email = None
    db.session.commit()
    w.proposal("in_handling")
    reminders.sweep(at("2026-03-12 09:05"))
    row = rows(recipient_id=w.coclerk.id)[0]
    assert (row.state, row.last_error) == ("skipped", "no e-mail address")


def test_a_sweep_records_when_it_ran(w):
    assert reminders.last_sweep() is None
    reminders.sweep(at("2026-03-12 09:05"))
    last = reminders.last_sweep()
    assert last is not None and abs((datetime.now(UTC) - last).total_seconds()) < 60


def test_a_second_sweep_while_the_lock_is_held_does_nothing(w, app):
    w.proposal("in_handling")
    if app.config.get("REDIS_URL"):
        from workflow.services import joblocks

        token = joblocks.acquire(reminders.SWEEP, 30)
        assert token is not None
    else:
        db.session.add(JobLock(name=reminders.SWEEP, holder="other", locked_until=datetime.now(UTC) + timedelta(minutes=5)))
        db.session.commit()
    report = reminders.sweep(at("2026-03-12 09:05"))
    assert report.skipped and rows() == []
    if app.config.get("REDIS_URL"):
        joblocks.release(reminders.SWEEP, token)
    else:
        db.session.execute(JobLock.__table__.update().values(locked_until=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()
    assert reminders.sweep(at("2026-03-12 09:05")).created == 2  # an expired lease is free again


def test_changed_offsets_reschedule_running_clocks(w):
    proposal = w.proposal("in_handling")
    lead = lead_of(proposal, w)
    reply = clocks_of(proposal.id)[(lead.id, "reply")]
    before = reply.next_remind_at
    changes = settings.save(w.admin, {"reminder.offsets": "20, 0"}, NOW)
    assert changes == {"reminder.offsets": [[10, 5, 1, 0], [20, 0]]}
    db.session.refresh(reply)
    assert reply.next_remind_at < before  # 20 working days before comes earlier than 10
    with pytest.raises(Invalid) as caught:
        settings.save(w.admin, {"reminder.offsets": "5, 99"}, NOW)
    assert "reminder.offsets" in caught.value.errors


def test_reminders_follow_recomputed_provisional_due_dates(w):
    from workflow.domain.calendar import CalendarEntry

    late = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 3 months on falls in 2027, not yet in the calendar
    proposal = w.proposal("in_handling", now=late)
    reply = clocks_of(proposal.id)[(lead_of(proposal, w).id, "reply")]
    assert (reply.due_date.isoformat(), reply.provisional) == ("2027-02-02", True)
    old_next = reply.next_remind_at
    # The State Council's 2027 calendar: say 2027-02-01 to 02-05 are Spring Festival holidays.
    holidays = [CalendarEntry(datetime(2027, 2, d).date(), "holiday", "春节") for d in range(1, 6)]
    # Only these days: an admin confirms the statutory holidays it lacks (a test of the mechanics).
    moved = calendar.import_year(2027, holidays, late + timedelta(days=1), w.admin, confirm_missing=True)
    assert moved >= 1
    db.session.refresh(reply)
    assert (reply.due_date.isoformat(), reply.provisional) == ("2027-02-08", False)
    assert reply.next_remind_at != old_next and reply.next_remind_at > late


# --- the manual reminder (催办) ------------------------------------------------------------------

def test_the_office_reminds_every_handling_bureau_with_a_note(w):
    proposal = w.proposal("in_handling")
    count = reminders.remind(w.office, proposal.id, "请抓紧办理", NOW + timedelta(days=1))
    assert count == 3
    found = rows()
    assert {n.recipient.username for n in found} == {"clerk", "approver", "coclerk"}
    assert {n.note for n in found} == {"请抓紧办理"}
    assert {n.clock_kind for n in found} == {"reply", "co_opinion"}  # the clock each bureau works against
    events = db.session.execute(select(Event).where(Event.action == "remind")).scalars().all()
    assert len(events) == 2 and {e.note for e in events} == {"请抓紧办理"}
    assert {n.threshold for n in found} == {f"manual:{e.id}" for e in events}


def test_the_office_may_remind_one_bureau(w):
    proposal = w.proposal("in_handling")
    lead = lead_of(proposal, w)
    assert reminders.remind(w.office, proposal.id, "请于本周内答复", NOW, assignment_id=lead.id) == 2
    assert {n.recipient.username for n in rows()} == {"clerk", "approver"}


@pytest.mark.parametrize(
    ("actor", "state", "note", "error"),
    [
        ("clerk", "in_handling", "x", Forbidden),
        ("office", "filed", "x", StateConflict),
        ("office", "in_handling", "  ", Invalid),
        ("office", "in_handling", "长" * 2001, Invalid),
        ("proposer2", "in_handling", "x", NotFound),
    ],
)
def test_manual_reminder_refusals(w, actor, state, note, error):
    proposal = w.proposal(state)
    with pytest.raises(error):
        reminders.remind(getattr(w, actor), proposal.id, note, NOW)
    assert rows() == []


def test_a_manual_reminder_to_a_bureau_not_handling_the_item_is_refused(w):
    proposal = w.proposal("in_handling")
    other = w.proposal("in_handling")
    with pytest.raises(Invalid) as caught:
        reminders.remind(w.office, proposal.id, "x", NOW, assignment_id=other.assignments[0].id)
    assert caught.value.field == "assignment_id"


def test_the_sweep_reminds_the_proposer_of_feedback_then_closes_the_window(w):
    from tests.handling_support import sent

    reply = sent(w)
    feedback = db.session.execute(select(Clock).where(Clock.kind == "feedback")).scalar_one()
    due = feedback.due_date
    eve = datetime(due.year, due.month, due.day, 9, 5, tzinfo=SHANGHAI) - timedelta(days=1)
    while feedback.next_remind_at is not None and feedback.next_remind_at < eve:
        reminders.sweep(feedback.next_remind_at + timedelta(minutes=1))
        db.session.refresh(feedback)
    found = rows(clock_id=feedback.id)
    assert {n.recipient.username for n in found} == {"proposer"} and found  # the proposer, before the end
    report = reminders.sweep(datetime(due.year, due.month, due.day, 9, 5, tzinfo=SHANGHAI) + timedelta(days=1))
    assert report.closed == 1
    db.session.expire_all()
    assert reply.proposal.state == "closed" and reply.proposal.close_reason == "no_feedback"
    assert (feedback.stopped_at is not None, feedback.next_remind_at) == (True, None)
    assert {n.threshold for n in rows(clock_id=feedback.id)} <= {"before:10", "before:5", "before:1", "before:0"}
