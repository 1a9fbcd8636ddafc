"""Progress in the open (办理进度公开, issue 12): which filed items the public may follow and the
stage each stands in (交办, 办理中, 已答复, 已办结).

Only items that were filed and are still followed show: never a draft, one under review, one not
filed (不予立案) or a withdrawn one.
"""
from __future__ import annotations

from enum import StrEnum

from workflow.domain.lifecycle import ProposalState

S = ProposalState


class PublicStage(StrEnum):
    ASSIGNED = "assigned"  # 交办: filed, the bureaus named or being named, none has signed for it yet
    HANDLING = "handling"  # 办理中: a bureau signed for it, or it is handled again
    REPLIED = "replied"  # 已答复
    CLOSED = "closed"  # 已办结


PUBLIC_STATES = frozenset({S.FILED, S.IN_HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED})


def stage(state: str, signed_for: bool) -> PublicStage:
    """The public stage of an item in one of PUBLIC_STATES; `signed_for`: a bureau has signed for
    an assignment of it (签收)."""
    if state not in PUBLIC_STATES:
        raise ValueError(f"{state} is not shown to the public")
    if state == S.CLOSED:
        return PublicStage.CLOSED
    if state == S.REPLIED:
        return PublicStage.REPLIED
    if state == S.REHANDLING or (state == S.IN_HANDLING and signed_for):
        return PublicStage.HANDLING
    return PublicStage.ASSIGNED


def states_of(wanted: PublicStage) -> tuple[frozenset[str], bool | None]:
    """The proposal states of a stage and whether an item in handling (in_handling) must have been
    signed for (None: either); the other states pass whatever the flag says. What a filter on the
    stage asks of the database."""
    return {
        PublicStage.CLOSED: (frozenset({S.CLOSED}), None),
        PublicStage.REPLIED: (frozenset({S.REPLIED}), None),
        PublicStage.HANDLING: (frozenset({S.IN_HANDLING, S.REHANDLING}), True),
        PublicStage.ASSIGNED: (frozenset({S.FILED, S.IN_HANDLING}), False),
    }[wanted]
