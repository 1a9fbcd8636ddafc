"""The stored term counts and the in-process indexes built from them (issue 11).

Writing: the services that change a proposal's text call `store_proposal` and the assignment
service calls `learn`, in their own transactions; each row gets a `stamp` from the real clock.

Reading: each process keeps one TermIndex per table, built on first use (about a second per
10,000 proposals, no segmentation: the terms are stored) and brought up to date before every
search by one cheap statement, the table's fingerprint (count, greatest stamp, sum of stamps):
- unchanged: nothing to do;
- otherwise the rows stamped since the newest one it holds, less a margin for transactions that
  committed late, are read and applied, and the fingerprint compared again; any difference left
  (a deleted row, a write older than the margin) rebuilds the index from the table.
So every web worker, Celery worker and CLI process sees every committed change at its next search,
without messages between processes.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import exists, func, select

from workflow.domain import routing, text_terms
from workflow.domain.assignment import ACTIVE_STATES, AssignmentRole
from workflow.domain.term_index import TermIndex
from workflow.extensions import db
from workflow.models import Assignment, Proposal, ProposalTerms, RoutingExample

LATE_COMMIT_MS = 60_000


def stamp(previous: int | None = None) -> int:
    """Milliseconds of the real clock (not the injected `now`: this orders writes between
    processes), always past the row's previous stamp."""
    now = time.time_ns() // 1_000_000
    return max(now, (previous or 0) + 1)


def proposal_counts(proposal: Proposal) -> Counter[str]:
    return text_terms.document_terms(proposal.title, proposal.body)


def store_proposal(proposal: Proposal) -> None:
    """Write the proposal's term counts (call before the service commits)."""
    db.session.flush()
    row = db.session.get(ProposalTerms, proposal.id)
    if row is None:
        row = ProposalTerms(proposal_id=proposal.id)
        db.session.add(row)
    row.channel, row.session_id = proposal.channel, proposal.session_id
    row.terms = text_terms.pack(proposal_counts(proposal))
    row.stamp = stamp(row.stamp)


def learn(proposal: Proposal) -> None:
    """Record how the office assigned this proposal now (its active lead or first separate
    bureau, and the co bureaus), replacing what an earlier assignment taught; an item taken back
    from its bureau (reassignment, withdrawal) teaches nothing until it is assigned again."""
    db.session.flush()
    active = db.session.execute(
        select(Assignment).where(Assignment.proposal_id == proposal.id, Assignment.state.in_([str(s) for s in ACTIVE_STATES]))
    ).scalars().all()
    leads = [a for a in active if a.role != AssignmentRole.CO]
    row = db.session.execute(
        select(RoutingExample).where(RoutingExample.proposal_id == proposal.id)
    ).scalar_one_or_none()
    if not leads:
        if row is not None:
            db.session.delete(row)
        return
    if row is None:
        row = RoutingExample(proposal_id=proposal.id, source="assignment")
        db.session.add(row)
    row.lead_bureau_id = min(leads, key=lambda a: a.id).bureau_id
    row.co_bureau_ids = ",".join(str(a.bureau_id) for a in active if a.role == AssignmentRole.CO)
    row.title = proposal.title[:200]
    row.terms = text_terms.pack(proposal_counts(proposal))
    row.stamp = stamp(row.stamp)


@dataclass
class Mirror:
    """One table's rows as a TermIndex in this process."""

    table: type
    index: TermIndex = field(default_factory=TermIndex)
    labels: dict[int, object] = field(default_factory=dict)
    stamps: dict[int, int] = field(default_factory=dict)
    fingerprint: tuple = ()
    lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> TermIndex:
        with self.lock:
            found = self._fingerprint()
            if found != self.fingerprint:
                self._catch_up(found)
            return self.index

    def _fingerprint(self) -> tuple:
        t = self.table
        count, newest, total = db.session.execute(
            select(func.count(), func.max(t.stamp), func.sum(t.stamp))
        ).one()
        return int(count or 0), int(newest or 0), int(total or 0)

    def _mine(self) -> tuple:
        return len(self.stamps), max(self.stamps.values(), default=0), sum(self.stamps.values())

    def _catch_up(self, found: tuple) -> None:
        if self.stamps:
            since = max(self.stamps.values()) - LATE_COMMIT_MS
            rows = db.session.execute(self._columns().where(self.table.stamp > since)).all()
            for row in rows:
                self._apply(row)
            if self._mine() == found:
                self.fingerprint = found
                return
        self._rebuild()

    def _rebuild(self) -> None:
        self.index, self.labels, self.stamps = TermIndex(), {}, {}
        for row in db.session.execute(self._columns()):
            self._apply(row)
        self.fingerprint = self._mine()

    def _columns(self):
        """Plain rows, not ORM objects: a rebuild reads every row once and keeps none."""
        if self.table is ProposalTerms:
            t = ProposalTerms
            return select(t.proposal_id.label("key"), t.stamp, t.terms, t.channel, t.session_id)
        t = RoutingExample
        return select(t.id.label("key"), t.stamp, t.terms, t.lead_bureau_id, t.co_bureau_ids, t.title, t.proposal_id)

    def _apply(self, row) -> None:
        if self.stamps.get(row.key) == row.stamp:
            return
        self.stamps[row.key] = row.stamp
        if self.table is ProposalTerms:
            self.index.add(row.key, text_terms.unpack(row.terms), row.stamp, (row.channel, row.session_id))
        else:
            co = tuple(int(v) for v in row.co_bureau_ids.split(",") if v.isdigit())
            self.labels[row.key] = routing.Example(row.lead_bureau_id, co, row.title)
            self.index.add(row.key, text_terms.unpack(row.terms), row.stamp, (row.proposal_id,))


_mirrors: dict[tuple[str, str], Mirror] = {}
_mirrors_lock = threading.Lock()


def _mirror(table: type) -> Mirror:
    """One mirror per database and table (tests and tools may hold several apps)."""
    name = (db.engine.url.render_as_string(hide_password=True), table.__tablename__)
    with _mirrors_lock:
        if name not in _mirrors:
            _mirrors[name] = Mirror(table)
        return _mirrors[name]


def proposals() -> TermIndex:
    """Every proposal's terms; documents keyed by proposal id, grouped by (channel, session id)."""
    return _mirror(ProposalTerms).current()


def examples() -> tuple[TermIndex, dict[int, routing.Example]]:
    """The routing examples, keyed by example id, with their bureaus."""
    mirror = _mirror(RoutingExample)
    index = mirror.current()
    return index, mirror.labels  # type: ignore[return-value]


def missing_proposals(limit: int | None = None) -> list[int]:
    """Proposals without stored terms (written before this version): `flask text reindex`."""
    query = select(Proposal.id).outerjoin(ProposalTerms).where(ProposalTerms.proposal_id.is_(None)).order_by(Proposal.id)
    if limit:
        query = query.limit(limit)
    return list(db.session.execute(query).scalars())


def missing_examples() -> list[int]:
    """Assigned proposals the routing examples do not know yet."""
    assigned = select(Assignment.proposal_id).where(Assignment.state.in_(ACTIVE_STATES)).distinct()
    known = exists().where(RoutingExample.proposal_id == Proposal.id)
    query = select(Proposal.id).where(Proposal.id.in_(assigned), ~known).order_by(Proposal.id)
    return list(db.session.execute(query).scalars())
