"""Where an assignment really stands, for the status columns of the work lists and the bureau's
list (issue 9 §10): the assignment's own state says 已签收 from signing until the end, so the
reply's and the item's states decide once there are any. Pure: states in, a stage out."""
from __future__ import annotations

from enum import StrEnum

from workflow.domain.assignment import AssignmentRole, AssignmentState
from workflow.domain.lifecycle import ProposalState
from workflow.domain.opinion import OpinionState
from workflow.domain.reply import ReplyState

A = AssignmentState
P = ProposalState


class Stage(StrEnum):
    PENDING_RECEIPT = "pending_receipt"  # 待签收
    REASSIGNMENT_REQUESTED = "reassignment_requested"  # 申请退办
    WITHDRAWN = "withdrawn"  # taken back by the office
    HANDLING = "handling"  # 办理中: signed for, no reply out of the bureau's hands yet
    REHANDLING = "rehandling"  # 重新办理中
    OPINION_AWAITING_SIGNOFF = "opinion_awaiting_signoff"  # the co-opinion waits for the leader
    OPINION_SENT = "opinion_sent"  # the co-opinion went to the lead bureau
    COSIGNING = "cosigning"  # the reply waits for the co bureaus' co-signature
    AWAITING_APPROVAL = "awaiting_approval"  # 待签发
    APPROVED = "approved"  # 已签发, not sent yet
    REPLIED = "replied"  # 已答复
    CLOSED = "closed"  # 已办结


_REPLY_STAGES = {
    ReplyState.COSIGNING: Stage.COSIGNING,
    ReplyState.AWAITING_APPROVAL: Stage.AWAITING_APPROVAL,
    ReplyState.APPROVED: Stage.APPROVED,
    ReplyState.SENT: Stage.REPLIED,
}
_OPINION_STAGES = {
    OpinionState.AWAITING_APPROVAL: Stage.OPINION_AWAITING_SIGNOFF,
    OpinionState.SUBMITTED: Stage.OPINION_SENT,
}


def assignment_stage(state: str, role: str, proposal_state: str, reply_state: str | None,
                     opinion_state: str | None) -> Stage:
    """`reply_state`: the assignment's reply of the current round (None before one exists);
    `opinion_state`: a co bureau's opinion (None before one exists)."""
    if state == A.WITHDRAWN:
        return Stage.WITHDRAWN
    if proposal_state == P.CLOSED:
        return Stage.CLOSED
    if state == A.PENDING_RECEIPT:
        return Stage.PENDING_RECEIPT
    if state == A.REASSIGNMENT_REQUESTED:
        return Stage.REASSIGNMENT_REQUESTED
    if role == AssignmentRole.CO:
        if proposal_state == P.REPLIED:
            return Stage.REPLIED  # the lead bureau's reply is out: the item is answered
        return _OPINION_STAGES.get(opinion_state, Stage.HANDLING)
    if reply_state in _REPLY_STAGES:
        return _REPLY_STAGES[reply_state]
    return Stage.REHANDLING if proposal_state == P.REHANDLING else Stage.HANDLING
