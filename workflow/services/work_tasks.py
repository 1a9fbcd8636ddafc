"""Keeping the stored work list (models/work_task.py) equal to its task sources.

Invariant: at every commit, the work_tasks rows are exactly the UNION ALL of worklist.sources().
The session notes each proposal for which a flush wrote a row, or a column of a row, that the
sources read (its item, assignments, clocks, co-signers, replies, co-signs, opinions, extension
requests, ratings, publications: read off the sources' SQL, `_watched`); before the commit (or
before a work list is read in the same transaction) that proposal's rows are deleted and selected
again from the sources, filtered to it. So no service has to say what it changed, and a path forgotten
cannot leave a stale task: tests/services/test_owner_invariant.py checks the table against the
sources after every step of random sequences of the real services.

Statements that bypass the session's flush (a bulk UPDATE) must leave these tables' task columns
alone or call `refresh`; the reminder sweep writes only clocks' next_remind_at. A change of the
sources themselves (new code) is caught by `stale`, which `flask worklist rebuild --if-stale`
(make run, flask up) acts on.
"""
from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from itertools import chain

from sqlalchemy import Column, Table, bindparam, delete, event, func, insert, inspect, select, union_all
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.sql import visitors

from workflow.extensions import db
from workflow.models import Proposal, Reply, WorkTask

_PENDING = "work_tasks_pending"
CHUNK = 1000  # proposals per statement: within SQLite's bound parameters, and a bulk change's lock set
STAMP = "work_tasks.sources"  # the settings key of the sources' fingerprint


@functools.cache
def _union():
    """The sources' UNION ALL, built once per process: it depends on no user, setting or time."""
    from workflow.services import worklist

    return union_all(*worklist.sources()).subquery("sources")


@functools.cache
def computed():
    """Every task the sources give now: what the table must hold."""
    return select(_union())


def _insert(query):
    names = [c.name for c in query.selected_columns]
    return insert(WorkTask.__table__).from_select(names, query)  # Core: executed with parameters, not ORM bulk


def refresh(session: OrmSession, proposal_ids: Iterable[int]) -> None:
    """Write these proposals' tasks again from the sources. Their rows are locked first, in id
    order, so two transactions changing one item write its tasks one after the other (each
    select then sees the other's commit), never both from what each saw alone."""
    ids = sorted(set(proposal_ids))
    for start in range(0, len(ids), CHUNK):
        for statement in _refreshing():
            session.execute(statement, {"ids": ids[start:start + CHUNK]})


@functools.cache
def _refreshing() -> tuple:
    """The statements of `refresh`, built once: SQLAlchemy's cache key of the sources' union
    costs more to make than a small item's refresh costs to run."""
    ids = bindparam("ids", expanding=True)
    sources = _union()
    # FOR NO KEY UPDATE, the lock an UPDATE of the item takes: FOR UPDATE would also wait for
    # another transaction's inserts that refer to the item (an event: FOR KEY SHARE) while that
    # one waits to update it, a deadlock.
    return (select(Proposal.id).where(Proposal.id.in_(ids)).order_by(Proposal.id).with_for_update(key_share=True),
            delete(WorkTask.__table__).where(WorkTask.proposal_id.in_(ids)),
            _insert(select(sources).where(sources.c.proposal_id.in_(ids))))


def rebuild(session: OrmSession) -> int:
    """Write every task again (after an upgrade, or a bulk load that bypassed the session)."""
    from workflow.services import settings

    session.execute(delete(WorkTask))
    session.execute(_insert(computed()))
    settings.put(STAMP, fingerprint(session))
    return session.execute(select(func.count()).select_from(WorkTask)).scalar_one()


def fingerprint(session: OrmSession) -> str:
    """The sources' SQL, hashed: it changes when the code that says what is a task does."""
    sql = str(computed().compile(dialect=session.get_bind().dialect))
    return hashlib.sha256(sql.encode()).hexdigest()[:16]


def stale(session: OrmSession) -> bool:
    from workflow.services import settings

    return settings.get(STAMP) != fingerprint(session)


def rebuild_if_stale(session: OrmSession) -> int | None:
    """Rebuild and commit when the sources changed since the last rebuild (an upgrade): how many
    tasks were stored, or None when the table was up to date."""
    if not stale(session):
        return None
    count = rebuild(session)
    session.commit()
    return count


def settle(session: OrmSession) -> None:
    """Flush, then write the tasks of every proposal this transaction has changed so far."""
    session.flush()
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    proposals, replies = pending
    if replies:
        proposals |= set(session.execute(select(Reply.proposal_id).where(Reply.id.in_(replies))).scalars())
    refresh(session, proposals)


def _value(obj, name: str):
    """An attribute of a flushed object, deleted ones included, without loading anything."""
    state = inspect(obj)
    return state.dict.get(name, state.committed_state.get(name))


@functools.cache
def _watched() -> dict[type, tuple[str, ...]]:
    """The models the sources read, each with the attributes they read: read off the sources'
    SQL, so a source that reads one more column is watched for it without anyone saying so. A
    change of anything else (a text being written, a version number, a reminder time) changes no
    task and writes nothing."""
    columns = defaultdict(set)
    for element in visitors.iterate(_union().element, {}):
        for base in getattr(element, "proxy_set", ()):
            if isinstance(base, Column) and isinstance(base.table, Table):
                columns[base.table].add(base)
    found = {}
    for mapper in db.Model.registry.mappers:
        if mapper.local_table in columns:
            found[mapper.class_] = tuple(mapper.get_property_by_column(c).key for c in columns[mapper.local_table])
    return found


def _proposal_or_reply(obj) -> tuple[int | None, int | None]:
    """The proposal a changed row belongs to, or, for a row of a reply (a rating, a co-sign), its reply."""
    if isinstance(obj, Proposal):
        return _value(obj, "id"), None
    if hasattr(obj, "proposal_id"):
        return _value(obj, "proposal_id"), None
    return None, _value(obj, "reply_id")


@event.listens_for(OrmSession, "after_flush")
def _note_changes(session: OrmSession, _context) -> None:
    watched = _watched()
    changed = [obj for obj in chain(session.new, session.deleted) if type(obj) in watched]
    for obj in session.dirty:
        keys = watched.get(type(obj))
        if keys and any(inspect(obj).attrs[key].history.has_changes() for key in keys):
            changed.append(obj)
    if not changed:
        return
    proposals, replies = session.info.setdefault(_PENDING, (set(), set()))
    for obj in changed:
        proposal_id, reply_id = _proposal_or_reply(obj)
        proposals.add(proposal_id)
        replies.add(reply_id)
    proposals.discard(None)
    replies.discard(None)


@event.listens_for(OrmSession, "before_commit")
def _write_before_commit(session: OrmSession) -> None:
    settle(session)  # flushes first: the commit's own flush would come after this hook


@event.listens_for(OrmSession, "after_rollback")
def _forget(session: OrmSession) -> None:
    session.info.pop(_PENDING, None)
