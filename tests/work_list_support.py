"""The stored work list against its task sources (services/work_tasks.py's invariant)."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from workflow.extensions import db
from workflow.models import WorkTask
from workflow.services import work_tasks


def stored_and_computed() -> tuple[Counter, Counter]:
    """The stored tasks and the task sources' rows, each as a multiset of rows."""
    computed = work_tasks.computed()
    stored = select(*(WorkTask.__table__.c[c.name] for c in computed.selected_columns))
    return (Counter(tuple(r) for r in db.session.execute(stored)),
            Counter(tuple(r) for r in db.session.execute(computed)))


def differences() -> tuple[Counter, Counter]:
    """(stored but not computed, computed but not stored); both empty when the invariant holds."""
    stored, computed = stored_and_computed()
    return stored - computed, computed - stored
