"""A state machine as a table: action -> allowed source states, target state and roles.

Services ask the table before changing anything; the UI and the API list the actions it allows;
refusals carry what the message needs (the current state, or that the role does not fit).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[StrEnum]
    target: StrEnum | None  # None: the state does not change, or the service derives it
    roles: frozenset[str]
    required: tuple[str, ...] = ()


def transition(action: str, sources, target: StrEnum | None, roles, required=()) -> Transition:
    """A table row from plain collections, so the tables read as lists of rows."""
    return Transition(action, frozenset(sources), target, frozenset(roles), tuple(required))


class Refused(Exception):
    """Base of the refusals a machine raises."""

    def __init__(self, action: str, state: StrEnum):
        super().__init__(f"{action} refused in state {state}")
        self.action = action
        self.state = state


class WrongState(Refused):
    """The action exists but not from the current state (HTTP 409)."""


class WrongRole(Refused):
    """The actor holds none of the roles the action needs (HTTP 403)."""


@dataclass
class Machine:
    name: str
    transitions: list[Transition]
    _by_action: dict[str, Transition] = field(init=False)

    def __post_init__(self) -> None:
        self._by_action = {t.action: t for t in self.transitions}

    def __getitem__(self, action: str) -> Transition:
        return self._by_action[action]

    def __contains__(self, action: str) -> bool:
        return action in self._by_action

    def check(self, action: str, state: StrEnum, roles: set[str] | frozenset[str]) -> Transition:
        """Return the transition, or raise WrongRole / WrongState. Role is checked first so a
        stranger learns nothing about the state of an item they may not act on."""
        transition = self._by_action[action]
        if not transition.roles & set(roles):
            raise WrongRole(action, state)
        if state not in transition.sources:
            raise WrongState(action, state)
        return transition

    def available(self, state: StrEnum, roles: set[str] | frozenset[str]) -> list[str]:
        return [t.action for t in self.transitions if state in t.sources and t.roles & set(roles)]
