"""Read-side queries shared by pages and the API: filtered lists, a proposal's clocks and log."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Text, cast, exists, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.orm import selectinload

from workflow.domain.assignment import AssignmentState
from workflow.domain.clocks import WINDOWS
from workflow.domain.deadlines import local_date
from workflow.domain.search_grams import grams
from workflow.extensions import db
from workflow.models import Assignment, Clock, Event, Proposal, User
from workflow.models.proposal import GRAMS_COLUMN
from workflow.services.access import visible_proposals

PAGE_SIZE = 20
# A list counts its rows up to this many and then says "more than": counting every proposal of
# ten years for the pager cost the office's list 33 ms of its page at 100,000 items (issue 13).
COUNT_CAP = 10_000
# A search counts its matches up to this many, the portal's (search.COUNT_CAP) and the list of
# proposals' alike: a common word matches a tenth of ten years' items, and they need not be
# counted to be listed.
SEARCH_COUNT_CAP = 1_000


@dataclass
class ProposalFilter:
    state: str | None = None
    session: int | None = None
    channel: str | None = None
    bureau: int | None = None
    overdue: bool = False
    q: str | None = None
    page: int = 1


@dataclass
class Page:
    items: list
    total: int
    page: int
    size: int
    capped: bool = False  # `total` stopped at its cap: more rows pass the filter

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    # The names of Flask-SQLAlchemy's Pagination, so one pager macro serves both.
    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def proposals(user: User, f: ProposalFilter, now: datetime, size: int = PAGE_SIZE) -> Page:
    query = filtered_proposals(user, f, now)
    cap = SEARCH_COUNT_CAP if f.q else COUNT_CAP
    counted = query.with_only_columns(Proposal.id).limit(cap + 1).subquery()
    total = db.session.execute(select(func.count()).select_from(counted)).scalar_one()
    page = max(1, f.page)
    rows = db.session.execute(
        query.options(selectinload(Proposal.proposer), selectinload(Proposal.session))
        .order_by(Proposal.updated_at.desc(), Proposal.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).scalars().all()
    return Page(rows, min(total, cap), page, size, capped=total > cap)


def filtered_proposals(user: User, f: ProposalFilter, now: datetime):
    """The proposals the user sees that pass the filter (the list page and its export)."""
    query = visible_proposals(user)
    if f.state:
        query = query.where(Proposal.state == f.state)
    if f.session:
        query = query.where(Proposal.session_id == f.session)
    if f.channel:
        query = query.where(Proposal.channel == f.channel)
    if f.bureau:
        query = query.where(
            exists().where(
                Assignment.proposal_id == Proposal.id,
                Assignment.bureau_id == f.bureau,
                Assignment.state != AssignmentState.WITHDRAWN,
            )
        )
    if f.overdue:
        query = query.where(
            exists().where(
                Clock.proposal_id == Proposal.id, Clock.stopped_at.is_(None), Clock.due_date < local_date(now),
                Clock.kind.not_in([str(k) for k in WINDOWS]),  # a window that has passed is closed, not late
            )
        )
    if f.q:
        # Short Chinese queries: a LIKE on the base table (escaped), fine at a session's scale.
        pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                Proposal.title.like(pattern, escape="\\"),
                Proposal.number.like(pattern, escape="\\"),
                Proposal.body.like(pattern, escape="\\"),
            )
        )
        found = grams(f.q)
        # The term's pairs (they imply its characters), or its one character: few elements for the
        # planner to multiply, so a common word is estimated common and its page read newest first.
        needed = sorted(g for g in found if len(g) == 2) or sorted(found)
        if needed and db.session.get_bind().dialect.name == "postgresql":
            # Each is among the grams of a text that holds the term: the GIN index of migration
            # 0020 gives the candidates, the LIKE above decides.
            stored = literal_column(f"proposals.{GRAMS_COLUMN}")
            query = query.where(stored.op("@>")(cast(array(needed), ARRAY(Text))))
    return query


def timeline(proposal_id: int, internal: bool = True) -> list[Event]:
    """The item's log; without `internal`, the bureaus' working steps are left out (drafts,
    returns, opinions, extension requests), as proposers see it."""
    from workflow.services.reply_access import INTERNAL_EVENTS

    query = (
        select(Event)
        .where(Event.proposal_id == proposal_id)
        .options(selectinload(Event.actor), selectinload(Event.assignment).selectinload(Assignment.bureau))
        .order_by(Event.id)
    )
    if not internal:
        query = query.where(Event.action.not_in(INTERNAL_EVENTS))
    return db.session.execute(query).scalars().all()


def clocks(proposal_id: int) -> list[Clock]:
    query = select(Clock).where(Clock.proposal_id == proposal_id).order_by(Clock.stopped_at.is_not(None), Clock.due_date)
    return db.session.execute(query).scalars().all()
