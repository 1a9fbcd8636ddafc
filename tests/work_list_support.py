"""The stored work list against its task sources (services/work_tasks.py's invariant)."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from workflow.extensions import db
from workflow.models import WorkTask
from workflow.services import work_tasks


def differences() -> tuple[Counter, Counter]:
    """(stored but not computed, computed but not stored), each a multiset of rows; both empty
    when the invariant holds."""
    computed = work_tasks.computed()
    stored = select(*(WorkTask.__table__.c[c.name] for c in computed.selected_columns))
    stored_rows = Counter(tuple(r) for r in db.session.execute(stored))
    computed_rows = Counter(tuple(r) for r in db.session.execute(computed))
    return stored_rows - computed_rows, computed_rows - stored_rows
