"""Reminders of the statutory clocks (SPEC 4, "Reminders"): when each falls due and whom it reaches.

Before a due date: at each offset (default 10, 5 and 1 working days before, and on the day); after
it: an overdue notice every working day, and for bureaus' clocks a weekly overdue digest to the
office. Every reminder falls at 09:00 Asia/Shanghai on a working day. A clock's reminders form one
sorted, possibly endless sequence of thresholds; a sweep sends, per track, only the latest
threshold it has reached, so a sweep after downtime catches up once, not once per missed run.

Pure: the calendar, the offsets and every time are passed in.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from workflow.domain.calendar import WorkCalendar
from workflow.domain.clocks import WINDOWS
from workflow.domain.deadlines import (
    SHANGHAI,
    end_of_day,
    is_overdue,
    local_date,
    subtract_working_days,
    working_days_between,
)

REMINDER_TIME = time(9, 0)  # Asia/Shanghai
DEFAULT_OFFSETS: tuple[int, ...] = (10, 5, 1, 0)
MAX_OFFSET = 60  # working days; about three months
_ONE_DAY = timedelta(days=1)


class Audience(StrEnum):
    """Who a reminder or an event notice reaches, relative to its item."""

    PROPOSER = "proposer"  # the lead proposer
    PENDING_COSIGNERS = "pending_cosigners"  # co-signers who have not answered yet
    OFFICE = "office"
    CLERKS = "clerks"  # the clerks of the clock's bureau
    APPROVERS = "approvers"  # the approvers (leaders) of the clock's bureau
    # Used by event notices (domain/notices.py), which concern one reply or one co-signed proposal.
    COSIGNERS = "cosigners"  # co-signers who confirmed the joint proposal
    SIGNERS = "signers"  # the bureau's approvers who may approve the reply (principal leader, key items)
    DRAFTERS = "drafters"  # the bureau's clerks who saved a version of the reply
    CO_SIGNING = "co_signing"  # clerks and leaders of the co bureaus whose co-signature the reply awaits
    MERGED_PROPOSERS = "merged_proposers"  # the proposers of the items merged into this one (并案)


class Reason(StrEnum):
    BEFORE = "before"  # an offset before the due date, or the day itself
    OVERDUE = "overdue"  # a working day after the due date
    WEEKLY = "weekly"  # the office's weekly overdue digest
    MANUAL = "manual"  # the office's manual reminder (催办)
    EVENT = "event"  # an event notice: work arrived (domain/notices.py)


@dataclass(frozen=True)
class ReminderPlan:
    before: tuple[Audience, ...] = ()  # reminded at each offset before the due date
    overdue: tuple[Audience, ...] = ()  # reminded every working day after it
    office_digest: bool = False  # listed in the office's weekly overdue digest while overdue

    @property
    def reminds(self) -> bool:
        return bool(self.before or self.overdue or self.office_digest)

    def audiences(self, reason: Reason) -> tuple[Audience, ...]:
        if reason == Reason.BEFORE:
            return self.before
        if reason == Reason.OVERDUE:
            return self.overdue
        if reason == Reason.WEEKLY:
            return (Audience.OFFICE,) if self.office_digest else ()
        return ()


NO_REMINDERS = ReminderPlan()
_P, _C, _O = Audience.PROPOSER, Audience.PENDING_COSIGNERS, Audience.OFFICE
_CLERKS, _APPROVERS = Audience.CLERKS, Audience.APPROVERS
_BUREAU = ReminderPlan((_CLERKS,), (_CLERKS, _APPROVERS), office_digest=True)
_REPLY = ReminderPlan((_CLERKS, _APPROVERS), (_CLERKS, _APPROVERS), office_digest=True)

# Who is reminded, per clock kind (SPEC 4's table). "X, then Y": X before the due date, X and Y once
# it has passed. Keyed by the kind's string so that kinds not (yet) in ClockKind can be listed, and
# a kind missing here simply sends nothing. To add a kind, add a line.
PLANS: dict[str, ReminderPlan] = {
    "cosign": ReminderPlan((_C,), (_C, _P)),
    "review": ReminderPlan((_O,), (_O,)),
    "receipt": _BUREAU,
    "reassign_window": NO_REMINDERS,  # the window closes; nobody is reminded
    "reassign_answer": ReminderPlan((_O,), (_O,)),
    "reassign": ReminderPlan((_O,), (_O,)),  # 待重新交办: the office names the new bureaus
    "first_contact": _BUREAU,
    "co_opinion": _BUREAU,
    "reply": _REPLY,
    "feedback": ReminderPlan((_P,)),  # the window closes at its end; no overdue notice
    "publication": ReminderPlan((_O,), (_O,)),
    "rehandling": _REPLY,
}


def plan_for(kind: str) -> ReminderPlan:
    """The kind's plan; a window (domain/clocks.py) closes at its end, so whatever the table says,
    nobody is told it is overdue and no weekly digest lists it."""
    plan = PLANS.get(str(kind), NO_REMINDERS)
    if kind in WINDOWS:
        return replace(plan, overdue=(), office_digest=False)
    return plan


@dataclass(frozen=True)
class Threshold:
    at: datetime  # aware, UTC
    key: str  # unique among one clock's thresholds for one due date: "before:5", "overdue:2026-03-12"
    reason: Reason

    @property
    def track(self) -> str:
        """Before and overdue notices replace each other; the weekly digest runs beside them."""
        return "weekly" if self.reason == Reason.WEEKLY else "due"


def reminder_instant(day: date) -> datetime:
    """09:00 Asia/Shanghai on `day`, in UTC."""
    return datetime.combine(day, REMINDER_TIME, tzinfo=SHANGHAI).astimezone(UTC)


def clean_offsets(values: Iterable[int]) -> tuple[int, ...]:
    """Distinct offsets in working days, largest first; ValueError when one is out of range."""
    offsets = sorted({int(v) for v in values}, reverse=True)
    if not offsets:
        raise ValueError("at least one offset")
    if offsets[-1] < 0 or offsets[0] > MAX_OFFSET:
        raise ValueError(f"offsets lie between 0 and {MAX_OFFSET} working days")
    return tuple(offsets)


def thresholds(
    plan: ReminderPlan, due: date, start: date, cal: WorkCalendar, offsets: Iterable[int] = DEFAULT_OFFSETS
) -> Iterator[Threshold]:
    """Every threshold of a clock in time order; endless while overdue notices or digests apply.

    Offsets falling on or before the day the clock started are left out: whoever started it was
    told then."""
    tracks = []
    if plan.before or plan.overdue:
        tracks.append(_due_track(plan, due, start, cal, offsets))
    if plan.office_digest:
        tracks.append(_weekly_track(due, cal))
    return heapq.merge(*tracks, key=lambda t: t.at)


def next_after(
    plan: ReminderPlan, due: date, start: date, cal: WorkCalendar, offsets: Iterable[int], after: datetime
) -> datetime | None:
    """When the first threshold strictly after `after` falls; None when none is left."""
    for threshold in thresholds(plan, due, start, cal, offsets):
        if threshold.at > after:
            return threshold.at
    return None


def reached(
    plan: ReminderPlan,
    due: date,
    start: date,
    cal: WorkCalendar,
    offsets: Iterable[int],
    since: datetime,
    now: datetime,
) -> list[Threshold]:
    """The thresholds to send now: of those in [since, now], the latest of each track.

    `since` is when the first threshold not yet handled fell (the clock's `next_remind_at`); after
    downtime several may lie in the window, and only the latest of each track is sent."""
    latest: dict[str, Threshold] = {}
    for threshold in thresholds(plan, due, start, cal, offsets):
        if threshold.at > now:
            break
        if threshold.at >= since:
            latest[threshold.track] = threshold
    return sorted(latest.values(), key=lambda t: t.at)


def next_digest_time(now: datetime, cal: WorkCalendar) -> datetime:
    """The next daily digest after `now`: 09:00 on the next working day (today's, if still ahead)."""
    day = local_date(now)
    while True:
        day = cal.next_working_day(day)
        instant = reminder_instant(day)
        if instant > now:
            return instant
        day += _ONE_DAY


def standing(due: date, now: datetime, cal: WorkCalendar) -> tuple[str, int]:
    """Where a due date stands at `now`: ("left", working days left, 0 on the day itself) or
    ("overdue", working days since; 0 before the first working day after it)."""
    today = local_date(now)
    if is_overdue(due, now):
        return "overdue", working_days_between(due, today, cal)
    return "left", working_days_between(today, due, cal)


def parse_key(key: str) -> tuple[Reason, str]:
    """("before", "5"), ("overdue", "2026-03-12"), ("weekly", "2026-03-16"), ("manual", "17"),
    ("event", "approval:17:3")."""
    reason, _, value = key.partition(":")
    return Reason(reason), value


def retry_delay(attempts: int, base: float, cap: float) -> float:
    """Exponential backoff after the `attempts`-th failed try: base, 2·base, 4·base, ... up to cap."""
    return min(cap, base * 2 ** max(0, attempts - 1))


def _due_track(
    plan: ReminderPlan, due: date, start: date, cal: WorkCalendar, offsets: Iterable[int]
) -> Iterator[Threshold]:
    if plan.before:
        by_day: dict[date, int] = {}
        for n in sorted(set(offsets)):  # the smallest offset wins a day two offsets share
            by_day.setdefault(subtract_working_days(due, n, cal), n)
        for day, n in sorted(by_day.items()):
            if day > start:
                yield Threshold(reminder_instant(day), f"{Reason.BEFORE}:{n}", Reason.BEFORE)
    if plan.overdue:
        day = due + _ONE_DAY
        while True:
            day = cal.next_working_day(day)
            yield Threshold(reminder_instant(day), f"{Reason.OVERDUE}:{day.isoformat()}", Reason.OVERDUE)
            day += _ONE_DAY


def _weekly_track(due: date, cal: WorkCalendar) -> Iterator[Threshold]:
    """The first working day of each week, from the first week in which the clock is overdue."""
    overdue_from = end_of_day(due)
    monday = due - timedelta(days=due.weekday())
    while True:
        week = [monday + timedelta(days=i) for i in range(7)]
        first = next((d for d in week if cal.is_working_day(d)), None)
        if first is not None and reminder_instant(first) >= overdue_from:
            yield Threshold(reminder_instant(first), f"{Reason.WEEKLY}:{first.isoformat()}", Reason.WEEKLY)
        monday += timedelta(days=7)
