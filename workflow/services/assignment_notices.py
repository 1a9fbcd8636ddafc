"""The 交办通知单 (issue 10): what the office sends each bureau with a batch of assignments: the
items, each one's role (主办/协办/分办), its due dates, and whom at the office to ask. One notice
per bureau and channel; read in a fixed number of statements whatever the batch's size."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workflow.domain.clocks import ClockKind
from workflow.domain.deadlines import local_date
from workflow.extensions import db
from workflow.models import Assignment, Bureau, Clock, Proposal, User
from workflow.services import access
from workflow.services.errors import NotFound

MAX_ITEMS = 500


@dataclass(frozen=True)
class NoticeLine:
    number: str
    title: str
    proposer: str
    role: str
    receipt_due: Clock | None
    reply_due: Clock | None  # the reply clock, or the co-handling opinion's for a co bureau
    is_key: bool


@dataclass(frozen=True)
class BureauNotice:
    bureau: Bureau
    channel: str
    sessions: list[str]
    assigned_on: date
    assigned_by: User | None
    lines: list[NoticeLine]


def notices(actor: User, assignment_ids: list[int]) -> list[BureauNotice]:
    """The notices for these assignments, those the actor may see (the office: all; a bureau:
    its own)."""
    ids = list(dict.fromkeys(assignment_ids))[:MAX_ITEMS]
    query = select(Assignment).where(Assignment.id.in_(ids), access.assignment_filter(actor)).options(
        selectinload(Assignment.proposal).selectinload(Proposal.proposer),
        selectinload(Assignment.proposal).selectinload(Proposal.session),
        selectinload(Assignment.bureau),
    )
    found = db.session.execute(query.order_by(Assignment.bureau_id, Assignment.id)).scalars().all()
    if not found:
        raise NotFound(_("No such assignment, or you may not see it."))
    clocks = _clocks([a.id for a in found])
    users = {u.id: u for u in db.session.execute(
        select(User).where(User.id.in_({a.assigned_by_id for a in found if a.assigned_by_id}))).scalars()}
    grouped: dict[tuple[int, str], list[Assignment]] = defaultdict(list)
    for a in found:
        grouped[(a.bureau_id, a.proposal.channel)].append(a)
    result = []
    for (_bureau, channel), rows in grouped.items():
        rows.sort(key=lambda a: (a.proposal.session_id, a.proposal.number_seq or 0, a.id))
        lines = [NoticeLine(
            a.proposal.number or "", a.proposal.title, a.proposal.collective_name or a.proposal.proposer.name, a.role,
            clocks.get((a.id, ClockKind.RECEIPT)),
            clocks.get((a.id, ClockKind.REPLY)) or clocks.get((a.id, ClockKind.CO_OPINION)), a.proposal.is_key,
        ) for a in rows]
        result.append(BureauNotice(
            rows[0].bureau, channel, list(dict.fromkeys(a.proposal.session.name for a in rows)),
            max(local_date(a.assigned_at) for a in rows), users.get(rows[-1].assigned_by_id), lines,
        ))
    return result


def _clocks(ids: list[int]) -> dict[tuple[int, str], Clock]:
    kinds = [str(ClockKind.RECEIPT), str(ClockKind.REPLY), str(ClockKind.CO_OPINION)]
    query = select(Clock).where(Clock.assignment_id.in_(ids), Clock.kind.in_(kinds)).order_by(Clock.id)
    return {(c.assignment_id, c.kind): c for c in db.session.execute(query).scalars()}


def batch_of(proposal_ids: list[int], assigned_at) -> list[int]:
    """The assignments a batch made: of these items, at that moment."""
    query = select(Assignment.id).where(Assignment.proposal_id.in_(proposal_ids), Assignment.assigned_at == assigned_at)
    return list(db.session.execute(query.order_by(Assignment.id)).scalars())
