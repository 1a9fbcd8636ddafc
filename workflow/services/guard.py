"""Asking a transition table, and turning its refusal into a message for the actor."""
from __future__ import annotations

from flask_babel import gettext as _

from workflow.domain.machine import Machine, Transition, WrongRole, WrongState
from workflow.labels import ACTION_LABELS, STATE_LABELS, label
from workflow.services.errors import Forbidden, Stale, StateConflict


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
