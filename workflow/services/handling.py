"""What the handling services share: loading an assignment the actor works on, in a state in
which the bureau handles it, and committing so that a lost race reads as a stale edit."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from workflow.domain.assignment import ASSIGNMENT, HANDLING_STATES
from workflow.extensions import db
from workflow.labels import STATE_LABELS, label
from workflow.models import Assignment, User
from workflow.services import access
from workflow.services.errors import Stale, StateConflict
from workflow.services.guard import check


def checked_assignment(actor: User, assignment_id: int, action: str) -> Assignment:
    """The assignment (404 when not visible), the action allowed by the assignment's table."""
    assignment = access.get_assignment(actor, assignment_id)
    check(ASSIGNMENT, action, assignment.state, access.assignment_roles(actor, assignment))
    return assignment


def require_handling(assignment: Assignment) -> None:
    """The bureau works on an item it signed for, until the office reassigns it."""
    if assignment.state not in HANDLING_STATES:
        raise StateConflict(
            _("The assignment is “%(state)s”: sign for it first, or it is no longer your bureau's.",
              state=label(STATE_LABELS, assignment.state)),
            assignment.state,
        )


@contextmanager
def stale_guard(creates_unique: bool = False) -> Iterator[None]:
    """A concurrent writer that got there first (the row's version moved on or, with
    `creates_unique`, the row this block creates was created meanwhile) is answered as a stale
    edit, with nothing saved."""
    races = (StaleDataError, IntegrityError) if creates_unique else (StaleDataError,)
    try:
        yield
    except races:
        db.session.rollback()
        raise Stale(
            _("Someone else changed this item after you opened it. Reload it and make your change again.")
        ) from None


def commit(creates_unique: bool = False) -> None:
    with stale_guard(creates_unique):
        db.session.commit()
