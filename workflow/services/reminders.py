"""Reminders: scheduling each clock's next threshold, the sweep that turns reached thresholds into
notification rows, and the office's manual reminder (催办). Sending is services/delivery.py."""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from workflow.clock import utcnow
from workflow.domain import reminders as domain
from workflow.domain.assignment import ACTIVE_STATES
from workflow.domain.calendar import WorkCalendar
from workflow.domain.lifecycle import PROPOSAL
from workflow.domain.reminders import Audience, Reason
from workflow.extensions import db
from workflow.models import Clock, Delivery, DeliveryState, Event, Notification, User
from workflow.services import access, calendar, events, joblocks, outbox, settings, sms_delivery
from workflow.services.errors import Invalid
from workflow.services.guard import check
from workflow.services.recipients import Directory, Person
from workflow.services.upsert import insert_ignoring

log = logging.getLogger(__name__)

OFFSETS_KEY = "reminder.offsets"
SWEEP = "sweep"
BATCH = 1000  # clocks per transaction
NOTE_MAX = 2000
KEY = outbox.KEY
# The clock a manual reminder refers to, in order of preference.
HANDLING_KINDS = ("rehandling", "reply", "co_opinion", "first_contact", "receipt")


def offsets() -> tuple[int, ...]:
    return domain.clean_offsets(settings.get(OFFSETS_KEY) or domain.DEFAULT_OFFSETS)


# Scheduling --------------------------------------------------------------------------------

def next_remind_at(clock: Clock, after: datetime, cal: WorkCalendar, offsets_: tuple[int, ...] | None = None):
    """When the clock's first threshold after `after` falls; None when it reminds nobody."""
    if clock.stopped_at is not None:
        return None
    plan = domain.plan_for(clock.kind)
    if not plan.reminds:
        return None
    return domain.next_after(plan, clock.due_date, clock.start_date, cal, offsets_ or offsets(), after)


def reschedule(clock: Clock, now: datetime, cal: WorkCalendar | None = None) -> None:
    """Set `next_remind_at` after the clock started or its due date moved: reminders follow the
    new date from `now` on."""
    clock.next_remind_at = next_remind_at(clock, now, cal or calendar.load())


def reschedule_running(now: datetime, only_missing: bool = False) -> int:
    """Recompute every running clock's next reminder (after the offsets changed, or once after an
    upgrade with `only_missing`); the caller commits."""
    cal, offs = calendar.load(), offsets()
    query = select(Clock).where(Clock.stopped_at.is_(None))
    if only_missing:
        query = query.where(Clock.next_remind_at.is_(None))
    changed = 0
    for clock in db.session.execute(query).scalars():
        value = next_remind_at(clock, now, cal, offs)
        if value != clock.next_remind_at:
            clock.next_remind_at = value
            changed += 1
    return changed


# The sweep ---------------------------------------------------------------------------------

@dataclass
class SweepReport:
    clocks: int = 0
    created: int = 0
    single_ids: list[int] = field(default_factory=list)
    digest_recipients: set[int] = field(default_factory=set)
    sms_ids: list[int] = field(default_factory=list)  # rows whose text message is pending
    skipped: bool = False  # another sweep held the lock
    closed: int = 0  # feedback windows that closed

    def summary(self) -> dict:
        return {"clocks": self.clocks, "created": self.created, "closed": self.closed, "skipped": self.skipped}


def sweep(now: datetime, lock: bool = True, batch: int = BATCH) -> SweepReport:
    """Write a notification row for every reached threshold of every clock due by `now`.

    Each batch is one transaction: read the clocks whose `next_remind_at` has come (an index
    range, so the cost follows the clocks due, not the clocks open), insert the rows (a unique key
    drops those another sweep wrote), advance `next_remind_at`, commit. With `lock`, a second
    sweep at the same moment returns at once; without it, the key alone keeps rows single.

    Windows whose end is an action close first (a feedback window ends the item's wait for a
    rating), so nobody is reminded of a window that just closed."""
    if not lock:
        return _sweep(now, batch)
    token = joblocks.acquire(SWEEP, current_app.config.get("SWEEP_LOCK_SECONDS", 600))
    if token is None:
        return SweepReport(skipped=True)
    try:
        closed = close_windows(now)
        report = _sweep(now, batch)
        report.closed = closed
    finally:
        db.session.rollback()
        joblocks.release(SWEEP, token)
    joblocks.record_run(SWEEP, utcnow(), report.summary())
    return report


def close_windows(now: datetime) -> int:
    """The feedback windows past their end close as "no feedback" (services/feedback.py). A
    failure here is logged and does not hold back the reminders."""
    from workflow.services import feedback

    try:
        return feedback.close_expired(now)
    except Exception:
        db.session.rollback()
        log.exception("closing the feedback windows failed; the reminders go out all the same")
        return 0


def last_sweep() -> datetime | None:
    return joblocks.last_run(SWEEP)[0]


def _sweep(now: datetime, batch: int) -> SweepReport:
    cal, offs = calendar.load(), offsets()
    # A sweep run as of a later time (tests, `flask deadlines sweep --now`) writes rows that can be
    # sent at once: a row is never held back past the moment it is written.
    written = min(now, utcnow())
    report = SweepReport()
    while True:
        joblocks.begin_write()
        due = db.session.execute(
            select(Clock)
            .where(Clock.next_remind_at <= now, Clock.stopped_at.is_(None))
            .order_by(Clock.next_remind_at, Clock.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        ).scalars().all()
        if not due:
            db.session.commit()
            return report
        _sweep_batch(due, now, written, cal, offs, report)
        db.session.commit()
        report.clocks += len(due)


def _sweep_batch(
    clocks: list[Clock], now: datetime, written: datetime, cal: WorkCalendar, offs, report: SweepReport
) -> None:
    people = Directory({c.proposal_id for c in clocks}, {c.assignment_id for c in clocks if c.assignment_id})
    rows: list[dict] = []
    schedule: list[dict] = []
    for clock in clocks:
        plan = domain.plan_for(clock.kind)
        for threshold in domain.reached(plan, clock.due_date, clock.start_date, cal, offs, clock.next_remind_at, now):
            recipients = people.resolve(plan.audiences(threshold.reason), clock.proposal_id, clock.assignment_id)
            rows += [_row(clock, threshold, person, now, written) for person in recipients]
        schedule.append({"id": clock.id, "next_remind_at": next_remind_at(clock, now, cal, offs)})
    inserted = insert_ignoring(
        Notification, rows, KEY,
        returning=(Notification.id, Notification.clock_id, Notification.threshold, Notification.recipient_id,
                   Notification.delivery, Notification.state, Notification.sms_state),
    )
    _record_events(clocks, inserted, people, now, cal)
    db.session.execute(update(Clock), schedule)
    report.created += len(inserted)
    report.sms_ids += [row.id for row in inserted if row.sms_state == DeliveryState.PENDING]
    for row in inserted:
        if row.state != DeliveryState.PENDING:
            continue
        if row.delivery == Delivery.DIGEST:
            report.digest_recipients.add(row.recipient_id)
        else:
            report.single_ids.append(row.id)


def _row(clock: Clock, threshold: domain.Threshold, person: Person, now: datetime, written: datetime) -> dict:
    digest = person.digest or threshold.reason == Reason.WEEKLY
    return {
        "clock_id": clock.id,
        "proposal_id": clock.proposal_id,
        "assignment_id": clock.assignment_id,
        "clock_kind": str(clock.kind),
        "due_date": clock.due_date,
        "due_provisional": clock.provisional,
        "threshold": threshold.key,
        "recipient_id": person.id,
        "delivery": str(Delivery.DIGEST if digest else Delivery.SINGLE),
        **outbox.email_columns(person),
        "attempts": 0,
        # Digests gather what reached its threshold by the digest's time; singles go at once.
        "next_attempt_at": min(threshold.at, written) if digest else written,
        "created_at": now,
        **sms_delivery.row_columns(person, str(threshold.reason), written),
    }


def _record_events(clocks: list[Clock], inserted: list, people: Directory, now: datetime, cal: WorkCalendar) -> None:
    """One timeline entry per clock and threshold that gained rows in this sweep, saying where
    the due date stood when the reminder went out (as its e-mail does)."""
    by_clock = {c.id: c for c in clocks}
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for row in inserted:
        groups[(row.clock_id, row.threshold)].append(row.recipient_id)
    entries = []
    for (clock_id, threshold), recipient_ids in groups.items():
        clock = by_clock[clock_id]
        entries.append({
            "action": "reminder",
            "proposal_id": clock.proposal_id,
            "assignment_id": clock.assignment_id,
            "actor_id": None,
            "created_at": now,
            # In the log's {"field": [previous, new]} shape, so any timeline can show it.
            "changes": {
                "clock": [None, str(clock.kind)],
                "due_date": [None, clock.due_date.isoformat()],
                "provisional": [None, clock.provisional],
                "threshold": [None, threshold],
                "standing": [None, "{}:{}".format(*domain.standing(clock.due_date, now, cal))],
                "recipients": [None, "、".join(people.people[i].name for i in sorted(recipient_ids))],
            },
        })
    if entries:
        db.session.execute(Event.__table__.insert(), entries)


# The office's manual reminder (催办) ---------------------------------------------------------

def remind(actor: User, proposal_id: int, note: str | None, now: datetime, assignment_id: int | None = None) -> int:
    """Remind the clerks and approvers of the bureaus handling an item, with the office's note,
    through the same rows and sender as the automatic reminders. Returns how many rows."""
    proposal = access.get_proposal(actor, proposal_id)
    check(PROPOSAL, "remind", proposal.state, access.proposal_roles(actor, proposal))
    note = (note or "").strip()
    if not note:
        raise Invalid({"note": _("Write what the bureau is reminded of.")})
    if len(note) > NOTE_MAX:
        raise Invalid({"note": _("The note is too long (at most %(n)d characters).", n=NOTE_MAX)})
    targets = [a for a in proposal.assignments if a.state in ACTIVE_STATES]
    if assignment_id is not None:
        targets = [a for a in targets if a.id == assignment_id]
        if not targets:
            raise Invalid({"assignment_id": _("Choose a bureau that is handling this item.")})
    if not targets:
        raise Invalid({"assignment_id": _("No bureau is handling this item.")})
    people = Directory([proposal.id], [a.id for a in targets])
    written = 0
    for target in targets:
        event = events.record("remind", now, actor, proposal_id=proposal.id, assignment_id=target.id, note=note)
        db.session.flush()
        recipients = people.resolve((Audience.CLERKS, Audience.APPROVERS), proposal.id, target.id)
        written += outbox.write(outbox.rows(
            event, f"{Reason.MANUAL}:{event.id}", recipients, target, now,
            clock=outbox.first_running(target, HANDLING_KINDS), note=note,
        ))
    db.session.commit()
    return written
