"""What the handling services share: loading an assignment the actor works on, in a state in
which the bureau handles it (committing so that a lost race is refused: services/guard.py)."""
from __future__ import annotations

from flask_babel import gettext as _

from workflow.domain.assignment import ASSIGNMENT, HANDLING_STATES
from workflow.labels import STATE_LABELS, label
from workflow.models import Assignment, User
from workflow.services import access
from workflow.services.errors import StateConflict
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
