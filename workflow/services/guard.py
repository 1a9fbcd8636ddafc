"""Asking a transition table, turning its refusal into a message for the actor, and keeping every
state change safe from a concurrent one.

Concurrency (SPEC 7, issue 9 §11): proposals, assignments, publications and replies carry a
`version` that SQLAlchemy checks and moves on in every UPDATE (`version_id_col`), so of two
transactions that read the same row and change it, the second one's UPDATE matches no row and
fails (StaleDataError). A use case that decides on a row without changing it (the last co-signer
to answer, a second bureau sending its reply) `touch`es it, so its decision is checked the same
way. `guarded` turns the lost race, wherever in the use case it surfaces, into `ChangedMeanwhile`
with nothing saved; `check_version` refuses a write based on a version the client read earlier.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from workflow.domain.machine import Machine, Transition, WrongRole, WrongState
from workflow.extensions import db
from workflow.labels import ACTION_LABELS, STATE_LABELS, label
from workflow.services.errors import ChangedMeanwhile, Forbidden, Stale, StateConflict

P = ParamSpec("P")
T = TypeVar("T")


def check(machine: Machine, action: str, state: str, roles: set[str]) -> Transition:
    try:
        return machine.check(action, state, roles)
    except WrongRole:
        raise Forbidden(
            _("You may not do this: %(action)s.", action=label(ACTION_LABELS, action))
        ) from None
    except WrongState:
        raise StateConflict(
            _(
                "“%(action)s” is not possible while the item is “%(state)s”.",
                action=label(ACTION_LABELS, action),
                state=label(STATE_LABELS, state),
            ),
            str(state),
        ) from None


def check_version(current: int, expected: int | None) -> None:
    """Refuse a write based on an older version of the row (SPEC 7)."""
    if expected is not None and int(expected) != current:
        raise Stale(_("Someone else changed this item after you opened it. Reload it and make your change again."))


def touch(row) -> None:
    """Move the row's version on, so the transaction's UPDATE checks that nobody changed the row
    since it was read, also when nothing else of it changes."""
    row.version = row.version + 1


def changed_meanwhile() -> ChangedMeanwhile:
    return ChangedMeanwhile(
        _("Someone else changed this item at the same moment, so nothing was saved. Reload it to see where it stands.")
    )


@contextmanager
def committing(creates_unique: bool = False) -> Iterator[None]:
    """A block whose flush may lose a race: to a writer that moved a row's version on or, with
    `creates_unique`, one that created meanwhile the row this block creates. Rolled back and
    refused as changed meanwhile."""
    races = (StaleDataError, IntegrityError) if creates_unique else (StaleDataError,)
    try:
        yield
    except races:
        db.session.rollback()
        raise changed_meanwhile() from None


def commit(creates_unique: bool = False) -> None:
    with committing(creates_unique):
        db.session.commit()


def guarded(service: Callable[P, T]) -> Callable[P, T]:
    """A use case whose lost race (a version that moved on, wherever the flush happens: an
    autoflush before a query, or the commit) rolls back and is refused as changed meanwhile."""

    @wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        with committing():
            return service(*args, **kwargs)

    return run
