"""Gap-free number series drawn inside the caller's transaction."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from workflow.extensions import db
from workflow.models import Counter


def next_value(scope: str) -> int:
    """Increment and return the series' value. The UPDATE takes the row lock on PostgreSQL and
    the write lock on SQLite, so concurrent transactions queue here; a rollback returns the number."""
    _ensure_row(scope)
    db.session.execute(update(Counter).where(Counter.scope == scope).values(value=Counter.value + 1))
    return db.session.execute(select(Counter.value).where(Counter.scope == scope)).scalar_one()


def _ensure_row(scope: str) -> None:
    if db.session.get(Counter, scope) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(Counter(scope=scope, value=0))
    except IntegrityError:
        pass  # another transaction created it first; the UPDATE below waits for it


def raise_to(scope: str, value: int) -> None:
    """Move the series on to at least `value` (numbers given outside it, on paper), in one UPDATE
    that never moves it back."""
    _ensure_row(scope)
    db.session.execute(update(Counter).where(Counter.scope == scope, Counter.value < value).values(value=value))
