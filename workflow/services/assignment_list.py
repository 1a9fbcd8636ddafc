"""The list of assignments (/bureau/assignments): a bureau's own, or every one for the office, a
page at a time, each with where it really stands and its nearest running clock. Whatever the
number of assignments, a page reads its rows, proposals, bureaus, clocks, replies and opinions in
a fixed number of statements."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workflow.domain.clocks import WINDOWS, ClockKind, DueMark, due_mark
from workflow.domain.deadlines import local_date, working_days_between
from workflow.extensions import db
from workflow.models import Assignment, Clock, User
from workflow.services import access, stages
from workflow.services.queries import Page

PAGE_SIZE = 50
# The clocks that run against the bureau itself (not the proposer's rating, not publication).
BUREAU_CLOCKS = (ClockKind.RECEIPT, ClockKind.FIRST_CONTACT, ClockKind.CO_OPINION, ClockKind.REPLY,
                 ClockKind.REHANDLING)


@dataclass(frozen=True)
class AssignmentRow:
    assignment: Assignment
    stage: str
    clock: Clock | None  # the nearest running clock of the bureau's
    days_left: int | None
    mark: DueMark | None


def assignments(user: User, now: datetime, state: str | None = None, page: int = 1,
                size: int | None = None) -> Page:
    size = size or PAGE_SIZE
    query = select(Assignment).where(access.assignment_filter(user))
    if state:
        query = query.where(Assignment.state == state)
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    number = max(1, page)
    rows = db.session.execute(
        query.options(selectinload(Assignment.proposal), selectinload(Assignment.bureau))
        .order_by(Assignment.assigned_at.desc(), Assignment.id.desc())
        .limit(size).offset((number - 1) * size)
    ).scalars().all()
    return Page(_rows(rows, now), total, number, size)


def _rows(found: list[Assignment], now: datetime) -> list[AssignmentRow]:
    if not found:
        return []
    nearest = _nearest_clocks([a.id for a in found])
    where = stages.of_page([a.proposal for a in found], found)
    today = local_date(now)
    cal = stages.calendar_for(today, [c.due_date for c in nearest.values()])
    rows = []
    for a in found:
        clock = nearest.get(a.id)
        left = working_days_between(today, clock.due_date, cal) if clock else None
        rows.append(AssignmentRow(a, where.assignment(a), clock, left,
                                  due_mark(clock.kind, clock.due_date, today, left) if clock else None))
    return rows


def _nearest_clocks(ids: list[int]) -> dict[int, Clock]:
    query = select(Clock).where(
        Clock.assignment_id.in_(ids), Clock.stopped_at.is_(None),
        Clock.kind.in_([str(k) for k in BUREAU_CLOCKS if k not in WINDOWS]),
    ).order_by(Clock.due_date.desc(), Clock.id.desc())
    # Latest first, so the earliest of each assignment is written last.
    return {clock.assignment_id: clock for clock in db.session.execute(query).scalars()}
