"""What the desk's XLSX lists hold (issue 10, Excel out), read with the filters of their pages and
what the user may see: every item of the filter, not a page of it, in a fixed number of
statements whatever the number of rows (each relation loaded for all rows at once)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workflow.domain.assignment import AssignmentRole, AssignmentState
from workflow.domain.clocks import WINDOWS, ClockKind
from workflow.domain.deadlines import local_date, working_days_between
from workflow.extensions import db
from workflow.models import Assignment, Bureau, Clock, Cosigner, Feedback, Proposal, Reply, User
from workflow.services import access, stages
from workflow.services.queries import ProposalFilter, filtered_proposals

EXPORT_LIMIT = 10_000  # a session has hundreds; far more is a filter forgotten


def _numbered(query):
    # Numbered items in number order, the others after them, as the office reads a list.
    return query.order_by(Proposal.session_id, Proposal.number_seq.is_(None), Proposal.number_seq, Proposal.id)


def count_proposals(user: User, f: ProposalFilter, now: datetime) -> int:
    query = filtered_proposals(user, f, now)
    return db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def proposals(user: User, f: ProposalFilter, now: datetime) -> list[Proposal]:
    """The items of /proposals/ with this filter, with their people, bureaus and session."""
    query = filtered_proposals(user, f, now).options(
        selectinload(Proposal.proposer), selectinload(Proposal.session), selectinload(Proposal.category),
        selectinload(Proposal.cosigners).selectinload(Cosigner.user),
        selectinload(Proposal.assignments).selectinload(Assignment.bureau),
    )
    return db.session.execute(_numbered(query).limit(EXPORT_LIMIT)).scalars().all()


def reply_dues(proposal_ids: list[int]) -> dict[int, Clock]:
    """Each item's nearest running reply clock (re-handling included)."""
    if not proposal_ids:
        return {}
    query = select(Clock).where(
        Clock.proposal_id.in_(proposal_ids), Clock.stopped_at.is_(None),
        Clock.kind.in_([str(ClockKind.REPLY), str(ClockKind.REHANDLING)]),
    ).order_by(Clock.due_date.desc(), Clock.id.desc())
    return {c.proposal_id: c for c in db.session.execute(query).scalars()}


@dataclass(frozen=True)
class AssignmentLine:
    assignment: Assignment
    reply_clock: Clock | None


def count_assignments(user: User, args, now: datetime) -> int:
    """How many rows the 交办清单 of these arguments has (the export's own reading of them)."""
    from workflow.models import Role

    bureau = args.get("bureau") if user.has_role(Role.OFFICE) else user.bureau_id
    session = args.get("session")
    query = _assignment_query(user, _whole(bureau), _whole(session), args.get("state") or None)
    return db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def _whole(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _assignment_query(user: User, bureau_id: int | None, session_id: int | None, state: str | None):
    query = select(Assignment).join(Proposal, Proposal.id == Assignment.proposal_id).where(
        access.assignment_filter(user))
    if bureau_id:
        query = query.where(Assignment.bureau_id == bureau_id)
    if session_id:
        query = query.where(Proposal.session_id == session_id)
    if state:
        query = query.where(Assignment.state == state)
    else:
        query = query.where(Assignment.state != AssignmentState.WITHDRAWN)
    return query


def assignments(user: User, bureau_id: int | None, session_id: int | None = None,
                state: str | None = None) -> list[AssignmentLine]:
    """交办清单: the assignments the user sees, of one bureau (or all, for the office)."""
    query = _assignment_query(user, bureau_id, session_id, state)
    query = query.options(selectinload(Assignment.proposal).selectinload(Proposal.proposer),
                          selectinload(Assignment.bureau))
    rows = db.session.execute(
        query.order_by(Assignment.bureau_id, Proposal.session_id, Proposal.number_seq, Assignment.id)
        .limit(EXPORT_LIMIT)
    ).scalars().all()
    clocks = _assignment_clocks([a.id for a in rows], (ClockKind.REPLY, ClockKind.REHANDLING, ClockKind.CO_OPINION))
    return [AssignmentLine(a, clocks.get(a.id)) for a in rows]


def _assignment_clocks(ids: list[int], kinds) -> dict[int, Clock]:
    if not ids:
        return {}
    query = select(Clock).where(Clock.assignment_id.in_(ids), Clock.kind.in_([str(k) for k in kinds]))
    # The running one wins over a stopped one, the latest over an earlier one.
    found: dict[int, Clock] = {}
    for clock in db.session.execute(query.order_by(Clock.id)).scalars():
        current = found.get(clock.assignment_id)
        if current is None or clock.stopped_at is None or current.stopped_at is not None:
            found[clock.assignment_id] = clock
    return found


@dataclass(frozen=True)
class OverdueLine:
    clock: Clock
    proposal: Proposal
    assignment: Assignment | None
    days_over: int  # working days past the due date


def overdue(user: User, now: datetime, session_id: int | None = None, bureau_id: int | None = None,
            channel: str | None = None) -> list[OverdueLine]:
    """逾期清单: every running clock past its due date (windows that closed are not late), of the
    items the user sees, most overdue first."""
    today = local_date(now)
    visible = access.visible_proposals(user).with_only_columns(Proposal.id)
    query = select(Clock).join(Proposal, Proposal.id == Clock.proposal_id).where(
        Clock.stopped_at.is_(None), Clock.due_date < today, Clock.kind.not_in([str(k) for k in WINDOWS]),
        Clock.proposal_id.in_(visible),
    )
    if session_id:
        query = query.where(Proposal.session_id == session_id)
    if channel:
        query = query.where(Proposal.channel == channel)
    if bureau_id:
        query = query.where(Clock.assignment_id.in_(select(Assignment.id).where(Assignment.bureau_id == bureau_id)))
    clocks = db.session.execute(query.order_by(Clock.due_date, Clock.id).limit(EXPORT_LIMIT)).scalars().all()
    proposals = _by_id(Proposal, {c.proposal_id for c in clocks}, selectinload(Proposal.proposer))
    found = _by_id(Assignment, {c.assignment_id for c in clocks if c.assignment_id}, selectinload(Assignment.bureau))
    cal = stages.calendar_for(today, [c.due_date for c in clocks])
    return [OverdueLine(c, proposals[c.proposal_id], found.get(c.assignment_id),
                        -working_days_between(today, c.due_date, cal)) for c in clocks]


def _by_id(model, ids: set[int], *options) -> dict:
    if not ids:
        return {}
    rows = db.session.execute(select(model).where(model.id.in_(ids)).options(*options)).scalars()
    return {row.id: row for row in rows}


@dataclass(frozen=True)
class HandlingLine:
    proposal: Proposal
    assignment: Assignment
    reply: Reply | None  # the latest sent reply of the assignment
    rating: str | None  # the deciding rating of that reply
    reply_clock: Clock | None


def handling(user: User, f: ProposalFilter, now: datetime) -> list[HandlingLine]:
    """办理情况汇总表: per item and answering bureau (lead or separate), how it was answered."""
    ids = select(filtered_proposals(user, f, now).subquery().c.id)
    query = select(Assignment).join(Proposal, Proposal.id == Assignment.proposal_id).where(
        Assignment.proposal_id.in_(ids), Assignment.role != AssignmentRole.CO,
        Assignment.state != AssignmentState.WITHDRAWN,
    ).options(selectinload(Assignment.proposal).selectinload(Proposal.proposer), selectinload(Assignment.bureau))
    if f.bureau:
        query = query.where(Assignment.bureau_id == f.bureau)
    rows = db.session.execute(
        query.order_by(Proposal.session_id, Proposal.number_seq, Assignment.id).limit(EXPORT_LIMIT)
    ).scalars().all()
    replies = _sent_replies([a.id for a in rows])
    ratings = _ratings([r.id for r in replies.values()])
    clocks = _assignment_clocks([a.id for a in rows], (ClockKind.REPLY, ClockKind.REHANDLING))
    return [HandlingLine(a.proposal, a, replies.get(a.id), ratings.get(replies[a.id].id) if a.id in replies else None,
                         clocks.get(a.id)) for a in rows]


def _sent_replies(assignment_ids: list[int]) -> dict[int, Reply]:
    if not assignment_ids:
        return {}
    query = select(Reply).where(Reply.assignment_id.in_(assignment_ids), Reply.sent_at.is_not(None))
    return {r.assignment_id: r for r in db.session.execute(query.order_by(Reply.sent_at, Reply.id)).scalars()}


def _ratings(reply_ids: list[int]) -> dict[int, str]:
    if not reply_ids:
        return {}
    query = select(Feedback).where(Feedback.reply_id.in_(reply_ids)).order_by(Feedback.decides, Feedback.id)
    found: dict[int, str] = {}
    for feedback in db.session.execute(query).scalars():
        found[feedback.reply_id] = feedback.rating  # the deciding one is read last
    return found


def bureau_name(bureau_id: int | None) -> str | None:
    bureau = db.session.get(Bureau, bureau_id) if bureau_id else None
    return bureau.name if bureau else None


def group_by_bureau(lines: list[AssignmentLine]) -> dict[int, list[AssignmentLine]]:
    grouped: dict[int, list[AssignmentLine]] = defaultdict(list)
    for line in lines:
        grouped[line.assignment.bureau_id].append(line)
    return grouped


def local_day(moment: datetime | None) -> date | None:
    return local_date(moment) if moment else None
