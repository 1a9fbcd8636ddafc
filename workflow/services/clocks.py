"""Starting, stopping and recomputing the statutory clocks.

Key items (重点提案/重点建议) may have a reply period of their own (the setting `period.reply_key`;
empty: the reply period). A reply clock started for a key item runs on it. When the office flags
an item key after its bureaus were assigned (or takes the flag off), each running reply clock that
runs on a period follows: its due date is computed again from its start date with the period for
the item's new status, logged on the timeline, and its reminders follow. A date the office fixed
(a batch due date at assignment, a granted extension) stands: the office chose it for this item.
Re-handling clocks have their own period and are left alone."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select

from workflow.domain.calendar import WorkCalendar
from workflow.domain.clocks import ClockKind
from workflow.domain.deadlines import Due, Period, due_date, local_date
from workflow.domain.deadlines import fixed_due as fixed_due_date
from workflow.domain.notices import Notice
from workflow.extensions import db
from workflow.models import Assignment, Clock, Proposal, User
from workflow.services import calendar, events, reminders, settings


def period_of(kind: ClockKind, key: bool = False) -> Period:
    """The period a clock of `kind` runs for; `key`: for a key item."""
    if kind == ClockKind.REPLY and key and settings.get(settings.KEY_REPLY_PERIOD):
        return Period.parse(str(settings.get(settings.KEY_REPLY_PERIOD)))
    return Period.parse(str(settings.get(f"period.{kind}")))


def start(
    kind: ClockKind,
    proposal: Proposal,
    now: datetime,
    cal: WorkCalendar,
    assignment: Assignment | None = None,
    fixed_due: date | None = None,
) -> Clock:
    start_day = local_date(now)
    if fixed_due is not None:
        due = fixed_due_date(fixed_due, cal)
        clock = Clock(kind=kind, start_date=start_day, period=None, due_date=due.date, provisional=due.provisional)
    else:
        period = period_of(kind, proposal.is_key)
        due = due_date(start_day, period, cal)
        clock = Clock(
            kind=kind, start_date=start_day, period=str(period), due_date=due.date, provisional=due.provisional
        )
    clock.proposal_id = proposal.id
    clock.assignment_id = assignment.id if assignment else None
    reminders.reschedule(clock, now, cal)
    db.session.add(clock)
    return clock


def stop(
    now: datetime,
    *,
    proposal_id: int | None = None,
    assignment_id: int | None = None,
    kinds: Iterable[ClockKind] | None = None,
) -> None:
    query = select(Clock).where(Clock.stopped_at.is_(None))
    if proposal_id is not None:
        query = query.where(Clock.proposal_id == proposal_id)
    if assignment_id is not None:
        query = query.where(Clock.assignment_id == assignment_id)
    if kinds is not None:
        query = query.where(Clock.kind.in_([str(k) for k in kinds]))
    for clock in db.session.execute(query).scalars():
        clock.stopped_at = now
        clock.next_remind_at = None  # a stopped clock reminds nobody


def running(proposal_id: int) -> list[Clock]:
    query = select(Clock).where(Clock.proposal_id == proposal_id, Clock.stopped_at.is_(None))
    return db.session.execute(query.order_by(Clock.due_date, Clock.id)).scalars().all()


def follow_key_status(proposal: Proposal, now: datetime, actor: User | None) -> int:
    """After the item's key flag changed: move its running reply clocks to the period for its new
    status (see the module docstring). Answers how many moved."""
    if not settings.get(settings.KEY_REPLY_PERIOD):
        return 0  # key items run on the reply period: nothing to follow
    period = period_of(ClockKind.REPLY, proposal.is_key)
    query = select(Clock).where(Clock.proposal_id == proposal.id, Clock.kind == ClockKind.REPLY,
                                Clock.stopped_at.is_(None), Clock.period.is_not(None))
    cal = calendar.load()
    moved = 0
    for clock in db.session.execute(query).scalars():
        if clock.period == str(period):
            continue
        due = due_date(clock.start_date, period, cal)
        changes = {"due_date": [clock.due_date.isoformat(), due.date.isoformat()], "period": [clock.period, str(period)]}
        clock.period, clock.due_date, clock.provisional = str(period), due.date, due.provisional
        reminders.reschedule(clock, now, cal)
        events.record("recompute-due", now, actor, proposal_id=proposal.id, assignment_id=clock.assignment_id,
                      note=str(clock.kind), changes=changes)
        moved += 1
    return moved


def recomputed(clock: Clock, cal: WorkCalendar) -> Due:
    """The clock's due date under `cal`: its period again from its start, or for a date the office
    fixed, that date moved forward to a working day when it has become a day off (never earlier
    than the office set it)."""
    if clock.period is None:
        return fixed_due_date(clock.due_date, cal)
    return due_date(clock.start_date, Period.parse(clock.period), cal)


def moves(cal: WorkCalendar) -> list[tuple[Clock, Due]]:
    """The running clocks whose due date (or its 待定 mark) `cal` changes, with the new one."""
    query = select(Clock).where(Clock.stopped_at.is_(None)).order_by(Clock.id)
    found = []
    for clock in db.session.execute(query).scalars():
        due = recomputed(clock, cal)
        if (due.date, due.provisional) != (clock.due_date, bool(clock.provisional)):
            found.append((clock, due))
    return found


def recompute_running(now: datetime, actor: User | None) -> int:
    """After the calendar changed: give every running clock the due date the calendar now gives
    it, provisional or not. Each change goes on the item's timeline (old → new date), the
    reminders follow the new date, and when the date moved, the bureau whose clock it is hears of
    it. Returns how many due dates moved; the caller commits."""
    from workflow.services import notices

    cal = calendar.load()
    moved = 0
    for clock, due in moves(cal):
        previous = (clock.due_date, bool(clock.provisional))
        clock.due_date, clock.provisional = due.date, due.provisional
        reminders.reschedule(clock, now, cal)
        event = events.record(
            "recompute-due", now, actor, proposal_id=clock.proposal_id, assignment_id=clock.assignment_id,
            note=str(clock.kind),
            changes={"due_date": [previous[0].isoformat(), due.date.isoformat()],
                     "provisional": [previous[1], due.provisional]},
        )
        if previous[0] == due.date:
            continue  # confirmed (待定 no more) but not moved: the timeline says so, nobody is told
        moved += 1
        if clock.assignment_id is not None:
            assignment = db.session.get(Assignment, clock.assignment_id)
            notices.announce(Notice.DUE_CHANGED, event, assignment, now, actor=actor, clock=clock)
    return moved
