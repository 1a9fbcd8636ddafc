"""The co-handling opinion (协办意见) a co bureau sends to the lead bureau (SPEC 3.3).

Where the co bureau's leader signs opinions off (the bureau's choice, else the system's default),
submitting sends it to that leader first; otherwise it goes straight to the lead bureau.
"""
from __future__ import annotations

from enum import StrEnum

from workflow.domain.assignment import CO_APPROVER, CO_CLERK
from workflow.domain.machine import Machine, transition


class OpinionState(StrEnum):
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    RETURNED = "returned"
    SUBMITTED = "submitted"


OS = OpinionState
EDITABLE = frozenset({OS.DRAFT, OS.RETURNED})



OPINION = Machine(
    "opinion",
    [
        transition("save-opinion", EDITABLE, None, {CO_CLERK}, ("body",)),
        # To the leader for sign-off, or straight to the lead bureau: the service reads the setting.
        transition("submit-opinion", EDITABLE, None, {CO_CLERK}, ("body",)),
        transition("approve-opinion", {OS.AWAITING_APPROVAL}, OS.SUBMITTED, {CO_APPROVER}),
        transition("return-opinion", {OS.AWAITING_APPROVAL}, OS.RETURNED, {CO_APPROVER}, ("note",)),
    ],
)


def signs_off(bureau_choice: bool | None, default: bool) -> bool:
    """Whether a co bureau's leader signs its opinions off: as the bureau chose, else the default."""
    return default if bureau_choice is None else bureau_choice


def submit_target(signoff: bool) -> OpinionState:
    return OS.AWAITING_APPROVAL if signoff else OS.SUBMITTED
