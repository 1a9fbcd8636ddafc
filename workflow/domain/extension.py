"""Extension requests (延期) for a reply deadline (SPEC 3.3, 4).

A lead or separate bureau asks with a reason and the date it needs. A clerk's request goes to the
bureau's leader first (SPEC 1: leaders approve the extensions their bureau asks for); a leader's
own request goes straight to the office. The office grants, possibly a shorter extension, or
refuses; a grant never takes the reply past the maximum total period from the clock's start.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from workflow.domain.assignment import ANSWERING_APPROVER, ANSWERING_CLERK, OFFICE
from workflow.domain.calendar import WorkCalendar
from workflow.domain.deadlines import Period, due_date
from workflow.domain.machine import Machine, transition


class ExtensionState(StrEnum):
    AWAITING_LEADER = "awaiting_leader"
    AWAITING_OFFICE = "awaiting_office"
    GRANTED = "granted"
    REFUSED = "refused"


E = ExtensionState
OPEN_STATES = frozenset({E.AWAITING_LEADER, E.AWAITING_OFFICE})



EXTENSION = Machine(
    "extension",
    [
        transition("endorse", {E.AWAITING_LEADER}, E.AWAITING_OFFICE, {ANSWERING_APPROVER}),
        transition("decline", {E.AWAITING_LEADER}, E.REFUSED, {ANSWERING_APPROVER}, ("note",)),
        transition("grant", {E.AWAITING_OFFICE}, E.GRANTED, {OFFICE}, ("due",)),
        transition("refuse", {E.AWAITING_OFFICE}, E.REFUSED, {OFFICE}, ("note",)),
    ],
)


def first_state(roles: set[str] | frozenset[str]) -> ExtensionState:
    """Where a new request starts: a leader's own request needs no leader's endorsement."""
    if ANSWERING_APPROVER in roles:
        return E.AWAITING_OFFICE
    if ANSWERING_CLERK in roles:
        return E.AWAITING_LEADER
    raise ValueError("only the answering bureau asks for an extension")


def ceiling(clock_start: date, maximum: Period, cal: WorkCalendar) -> date:
    """The latest due date any extension may reach: the maximum total period from the start."""
    return due_date(clock_start, maximum, cal).date


@dataclass(frozen=True)
class ExtensionProblem:
    code: str  # "not_later" or "past_ceiling"
    limit: date


def check_new_due(current_due: date, wanted: date, limit: date) -> ExtensionProblem | None:
    """An extension moves the due date later, and at most to the ceiling."""
    if wanted <= current_due:
        return ExtensionProblem("not_later", current_due)
    if wanted > limit:
        return ExtensionProblem("past_ceiling", limit)
    return None
