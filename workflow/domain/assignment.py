"""The assignment (交办) of a proposal to a bureau (SPEC 3.2)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum

from workflow.domain.lifecycle import ProposalState
from workflow.domain.machine import Machine, transition


class AssignmentRole(StrEnum):
    LEAD = "lead"  # 主办: writes the one reply
    CO = "co"  # 协办: sends an opinion to the lead
    SEPARATE = "separate"  # 分办: answers its own part, like a lead


class AssignmentState(StrEnum):
    PENDING_RECEIPT = "pending_receipt"
    RECEIVED = "received"
    REASSIGNMENT_REQUESTED = "reassignment_requested"
    WITHDRAWN = "withdrawn"


ACTIVE_STATES = frozenset(
    {AssignmentState.PENDING_RECEIPT, AssignmentState.RECEIVED, AssignmentState.REASSIGNMENT_REQUESTED}
)

# The states in which the bureau works on the item: it handles it until the office reassigns.
HANDLING_STATES = frozenset({AssignmentState.RECEIVED, AssignmentState.REASSIGNMENT_REQUESTED})

# Relationship roles of the actor to one assignment.
BUREAU_CLERK = "bureau_clerk"
BUREAU_APPROVER = "bureau_approver"
OFFICE = "office"
# The same people, narrowed by the assignment's role: lead/separate bureaus answer the proposer,
# co bureaus write an opinion for the lead (SPEC 3.2).
ANSWERING_CLERK = "answering_clerk"
ANSWERING_APPROVER = "answering_approver"
CO_CLERK = "co_clerk"
CO_APPROVER = "co_approver"

A = AssignmentState



ASSIGNMENT = Machine(
    "assignment",
    [
        transition("receive", {A.PENDING_RECEIPT}, A.RECEIVED, {BUREAU_CLERK, BUREAU_APPROVER}),
        transition(
            "request-reassignment",
            {A.PENDING_RECEIPT, A.RECEIVED},
            A.REASSIGNMENT_REQUESTED,
            {BUREAU_CLERK},
            ("reason",),
        ),
        transition("approve-reassignment", {A.REASSIGNMENT_REQUESTED}, A.WITHDRAWN, {OFFICE}),
        transition("refuse-reassignment", {A.REASSIGNMENT_REQUESTED}, A.RECEIVED, {OFFICE}, ("reason",)),
        transition("withdraw", ACTIVE_STATES, A.WITHDRAWN, {OFFICE}, ("reason",)),
        # Handling (SPEC 3.3): the assignment's state does not change.
        transition("add-contact", HANDLING_STATES, None, {ANSWERING_CLERK}, ("contacted_on", "way")),
        transition("save-draft", HANDLING_STATES, None, {ANSWERING_CLERK}),
        transition("request-extension", HANDLING_STATES, None, {ANSWERING_CLERK, ANSWERING_APPROVER}, ("reason", "asked_due")),
    ],
)


# Changing who answers is for an item still being handled: once it is replied, a withdrawal or a
# reassignment request could leave its rating with no bureau to answer for, and nobody's task.
WHILE_HANDLED = frozenset({"request-reassignment", "withdraw"})
HANDLED_ITEM_STATES = frozenset({ProposalState.IN_HANDLING, ProposalState.REHANDLING})


def open_in_item(action: str, item_state: str) -> bool:
    """Whether the item's state allows the assignment's action (the assignment's own state aside)."""
    return action not in WHILE_HANDLED or item_state in HANDLED_ITEM_STATES


def available(state: str, roles: set[str], item_state: str) -> list[str]:
    """The assignment's actions open to these roles, in its state and its item's."""
    return [a for a in ASSIGNMENT.available(state, roles) if open_in_item(a, item_state)]


class CompositionError(ValueError):
    """The set of bureaus would break SPEC 3.2's rule."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_composition(roles: Iterable[AssignmentRole], bureau_ids: Iterable[int]) -> None:
    """Exactly one lead, or one or more separate bureaus, plus any number of co bureaus;
    each bureau at most once."""
    roles = list(roles)
    duplicates = [b for b, n in Counter(bureau_ids).items() if n > 1]
    if duplicates:
        raise CompositionError("duplicate_bureau")
    leads = roles.count(AssignmentRole.LEAD)
    separates = roles.count(AssignmentRole.SEPARATE)
    if leads and separates:
        raise CompositionError("lead_and_separate")
    if leads > 1:
        raise CompositionError("several_leads")
    if not leads and not separates:
        raise CompositionError("no_lead")
