"""The office's figures (SPEC 6, issue 9 §8): a fixed number of aggregate queries grouped by bureau,
whatever the number of items (the answering assignments, their replies, their categories, the
items filed, the co assignments). What each count means is in workflow/domain/figures.py."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, case, exists, func, select

from workflow.domain.assignment import AssignmentRole, AssignmentState
from workflow.domain.clocks import ANSWER_CLOCKS, ClockKind
from workflow.domain.deadlines import local_date
from workflow.domain.feedback import Outcome
from workflow.domain.figures import CoCounts, Counts, co_total, total
from workflow.domain.lifecycle import Channel, ProposalState
from workflow.domain.opinion import OpinionState
from workflow.domain.reply import ReplyKind, ReplyState
from workflow.domain.resolution import ResolutionCategory
from workflow.extensions import db
from workflow.models import Assignment, Bureau, Category, Clock, Contact, CoOpinion, Proposal, Reply, Session, User
from workflow.models.sql_dates import days_between, local_day
from workflow.services import access, settings
from workflow.services.aliases import alias
from workflow.services.errors import Forbidden

ANSWERING_ROLES = (AssignmentRole.LEAD, AssignmentRole.SEPARATE)
RATED = (Outcome.SATISFIED, Outcome.BASICALLY_SATISFIED, Outcome.UNSATISFIED)


@dataclass(frozen=True)
class FigureFilter:
    session: int | None = None
    channel: str | None = None
    bureau: int | None = None
    category: int | None = None
    key_only: bool = False


@dataclass(frozen=True)
class BureauRow:
    bureau: Bureau
    counts: Counts


@dataclass(frozen=True)
class CoRow:
    bureau: Bureau
    counts: CoCounts


@dataclass(frozen=True)
class Figures:
    filter: FigureFilter
    at: datetime
    rows: list[BureauRow]
    totals: Counts
    categories: tuple[ResolutionCategory, ...]  # the columns of the A/B/C share
    co_rows: list[CoRow]  # the co bureaus' co-handling
    co_totals: CoCounts


def may_see(user: User) -> bool:
    return access.sees_everything(user)


def figures(actor: User, f: FigureFilter, now: datetime) -> Figures:
    if not may_see(actor):
        raise Forbidden(_("The figures are for the office."))
    by_bureau: dict[int, Counts] = {}
    for query in (_assignment_counts(f, now), _reply_counts(f), _category_counts(f)):
        for bureau_id, counts in query.items():
            by_bureau[bureau_id] = by_bureau.get(bureau_id, Counts()) + counts
    co = _co_counts(f)
    bureaus = {b.id: b for b in _bureaus(sorted(by_bureau.keys() | co.keys()))}
    rows = [BureauRow(b, by_bureau[b.id]) for b in bureaus.values() if b.id in by_bureau]
    co_rows = [CoRow(b, co[b.id]) for b in bureaus.values() if b.id in co]
    filed, closed = _item_counts(f)
    totals = replace(total(r.counts for r in rows), filed=filed, closed=closed)
    return Figures(f, now, rows, totals, _category_columns(f, totals), co_rows, co_total(r.counts for r in co_rows))


def filter_choices() -> dict[str, list]:
    """What the filter form offers: every session, bureau and category, the inactive ones too,
    because last year's figures are asked for."""
    return {
        "sessions": db.session.execute(select(Session).order_by(Session.year.desc(), Session.id)).scalars().all(),
        "bureaus": db.session.execute(select(Bureau).order_by(Bureau.code)).scalars().all(),
        "categories": db.session.execute(
            select(Category).order_by(Category.channel, Category.position, Category.id)
        ).scalars().all(),
    }


# The queries ------------------------------------------------------------------------------

def _proposals(f: FigureFilter) -> list:
    """What the filter asks of the proposal itself."""
    conditions = []
    if f.session is not None:
        conditions.append(Proposal.session_id == f.session)
    if f.channel is not None:
        conditions.append(Proposal.channel == f.channel)
    if f.category is not None:
        conditions.append(Proposal.category_id == f.category)
    if f.key_only:
        conditions.append(Proposal.is_key.is_(True))
    return conditions


def _assignments(f: FigureFilter, roles) -> list:
    """The live assignments in `roles` of the proposals the filter selects (joined to Proposal)."""
    conditions = [Assignment.role.in_([str(r) for r in roles]), Assignment.state != AssignmentState.WITHDRAWN]
    if f.bureau is not None:
        conditions.append(Assignment.bureau_id == f.bureau)
    return conditions + _proposals(f)


def _answering(f: FigureFilter):
    """The answering assignments of the proposals the filter selects (joined to Proposal)."""
    return and_(*_assignments(f, ANSWERING_ROLES))


def _sent_answer(reply) -> list:
    return [reply.kind == ReplyKind.ANSWER, reply.state == ReplyState.SENT]


def _count(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _assignment_counts(f: FigureFilter, now: datetime) -> dict[int, Counts]:
    replied = exists().where(Reply.assignment_id == Assignment.id, Reply.round == Assignment.round, *_sent_answer(Reply))
    overdue = exists().where(
        Clock.assignment_id == Assignment.id, Clock.kind.in_([str(k) for k in ANSWER_CLOCKS]),
        Clock.stopped_at.is_(None), Clock.due_date < local_date(now),
    )
    query = (
        select(
            Assignment.bureau_id, func.count(Assignment.id), _count(replied),
            _count(Proposal.state == ProposalState.CLOSED), _count(overdue),
        )
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(_answering(f))
        .group_by(Assignment.bureau_id)
    )
    return {
        bureau_id: Counts(assigned=assigned, replied=replied_n, filed=assigned, closed=closed, overdue=overdue_n)
        for bureau_id, assigned, replied_n, closed, overdue_n in db.session.execute(query)
    }


def _item_counts(f: FigureFilter) -> tuple[int, int]:
    """The items filed (立案) that the filter selects, each once, and how many of them are closed."""
    conditions = [Proposal.filed_at.is_not(None), *_proposals(f)]
    if f.bureau is not None:
        conditions.append(exists().where(Assignment.proposal_id == Proposal.id, _answering(f)))
    query = select(func.count(Proposal.id), _count(Proposal.state == ProposalState.CLOSED)).where(*conditions)
    filed, closed = db.session.execute(query).one()
    return int(filed), int(closed)


def _co_counts(f: FigureFilter) -> dict[int, CoCounts]:
    # Submitting stops the co-opinion clock at the submitting time itself (opinions.submit/approve).
    due = (
        select(func.min(Clock.due_date))
        .where(Clock.assignment_id == Assignment.id, Clock.kind == ClockKind.CO_OPINION,
               Clock.stopped_at == CoOpinion.submitted_at)
        .scalar_subquery()
    )
    given = CoOpinion.state == OpinionState.SUBMITTED
    query = (
        select(Assignment.bureau_id, func.count(Assignment.id), _count(given),
               _count(and_(given, local_day(CoOpinion.submitted_at) <= due)))
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .outerjoin(CoOpinion, CoOpinion.assignment_id == Assignment.id)
        .where(*_assignments(f, (AssignmentRole.CO,)))
        .group_by(Assignment.bureau_id)
    )
    return {
        bureau_id: CoCounts(assigned=assigned, given=given_n, on_time=on_time)
        for bureau_id, assigned, given_n, on_time in db.session.execute(query)
    }


def _reply_counts(f: FigureFilter) -> dict[int, Counts]:
    # Sending stops the running reply clock at the sending time itself (approval.send): that
    # clock's due date, extensions included, is the one the reply was due by.
    due = (
        select(func.min(Clock.due_date))
        .where(Clock.assignment_id == Reply.assignment_id, Clock.kind.in_([str(k) for k in ANSWER_CLOCKS]),
               Clock.stopped_at == Reply.sent_at)
        .scalar_subquery()
    )
    contacted = exists().where(Contact.assignment_id == Reply.assignment_id, Contact.created_at <= Reply.sent_at)
    first_round_days = case((Reply.round == 1, days_between(Assignment.assigned_at, Reply.sent_at)))
    query = (
        select(
            Assignment.bureau_id, func.count(Reply.id), _count(local_day(Reply.sent_at) <= due), _count(contacted),
            _count(Reply.feedback_outcome.in_([str(o) for o in RATED])),
            _count(Reply.feedback_outcome == Outcome.SATISFIED),
            _count(Reply.feedback_outcome == Outcome.BASICALLY_SATISFIED),
            func.coalesce(func.sum(first_round_days), 0), func.count(first_round_days),
        )
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(_answering(f), *_sent_answer(Reply))
        .group_by(Assignment.bureau_id)
    )
    return {
        row[0]: Counts(
            sent=row[1], on_time=row[2], contacted=row[3], feedback=row[4], satisfied=row[5],
            basically_satisfied=row[6], days_total=float(row[7]), days_count=row[8],
        )
        for row in db.session.execute(query)
    }


def _category_counts(f: FigureFilter) -> dict[int, Counts]:
    later = alias(Reply, "later_reply")
    superseded = exists().where(later.assignment_id == Reply.assignment_id, later.round > Reply.round, *_sent_answer(later))
    query = (
        select(Assignment.bureau_id, Reply.resolution, func.count(Reply.id))
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(_answering(f), *_sent_answer(Reply), Reply.resolution.is_not(None), ~superseded)
        .group_by(Assignment.bureau_id, Reply.resolution)
    )
    result: dict[int, dict[str, int]] = {}
    for bureau_id, code, n in db.session.execute(query):
        result.setdefault(bureau_id, {})[code] = n
    return {bureau_id: Counts(categories=codes) for bureau_id, codes in result.items()}


def _bureaus(ids) -> list[Bureau]:
    if not ids:
        return []
    return db.session.execute(select(Bureau).where(Bureau.id.in_(ids)).order_by(Bureau.code)).scalars().all()


def _category_columns(f: FigureFilter, totals: Counts) -> tuple[ResolutionCategory, ...]:
    """The filtered channel's categories (both channels' without a channel filter), then any code
    the replies carry that the settings no longer list, so no reply goes uncounted."""
    channels = [f.channel] if f.channel else [str(c) for c in Channel]
    columns: dict[str, ResolutionCategory] = {}
    for channel in channels:
        for category in settings.resolution_categories(channel):
            columns.setdefault(category.code, category)
    for code in sorted(totals.categories):
        columns.setdefault(code, ResolutionCategory(code, code))
    return tuple(columns.values())
