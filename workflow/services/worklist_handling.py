"""The work-list task sources of handling, approval and feedback (SPEC 3.3, 3.4), beside the first
half's in worklist.py: what waits on each role, with the due date that applies. Each source is
one query with worklist.columns(); none reads rows one by one."""
from __future__ import annotations

from sqlalchemy import Select, and_, case, exists, or_, select

from workflow.domain.assignment import HANDLED_ITEM_STATES, AssignmentRole, AssignmentState
from workflow.domain.clocks import ClockKind
from workflow.domain.extension import ExtensionState
from workflow.domain.feedback import Outcome
from workflow.domain.lifecycle import ProposalState
from workflow.domain.opinion import EDITABLE as OPINION_EDITABLE
from workflow.domain.opinion import OpinionState
from workflow.domain.reply import EDITABLE as REPLY_EDITABLE
from workflow.domain.reply import ReplyKind, ReplyState
from workflow.models import (
    Assignment,
    Clock,
    CoOpinion,
    Cosigner,
    CosignerState,
    ExtensionRequest,
    Feedback,
    Proposal,
    Reply,
)
from workflow.models.reply import awaiting_rating
from workflow.services.aliases import alias
from workflow.services.reply_access import awaited_cosigns
from workflow.services.worklist import answer_clocks, columns, of, running

A = AssignmentState


def _current_reply(assignment=Assignment):
    """The assignment's reply of its current round, outer-joined: (alias, ON clause)."""
    reply = alias(Reply, "current_reply")
    on = and_(reply.assignment_id == assignment.id, reply.kind == ReplyKind.ANSWER, reply.round == assignment.round)
    return reply, on


def bureau_sources() -> list[Select]:
    """Signing for (clerks and leaders); writing the opinion, writing and sending the reply
    (clerks); approving, signing off and endorsing (leaders); co-signing (both): worklist.AUDIENCES."""
    return [_to_receive(), *_to_answer(), _replies_to_approve(), _opinions_to_sign_off(),
            _extensions(ExtensionRequest.state == ExtensionState.AWAITING_LEADER, "endorse_extension",
                        bureau_id=Assignment.bureau_id),
            _cosigns()]


def _to_receive() -> Select:
    receipt, receipt_on = running(ClockKind.RECEIPT, assignment_id=Assignment.id)
    opinion, opinion_on = running(ClockKind.CO_OPINION, assignment_id=Assignment.id)
    reply, reply_on = running(ClockKind.REPLY, assignment_id=Assignment.id)
    handling = and_(Assignment.role == AssignmentRole.CO, opinion.id.is_not(None))
    return (
        select(*columns("receive", Assignment.proposal_id, Assignment.id, clock=of(receipt),
                        handling=(case((handling, opinion.due_date), else_=reply.due_date),
                                  case((handling, opinion.provisional), else_=reply.provisional)),
                        bureau_id=Assignment.bureau_id))
        .outerjoin(receipt, receipt_on).outerjoin(opinion, opinion_on).outerjoin(reply, reply_on)
        .where(Assignment.state == A.PENDING_RECEIPT)
    )


def _to_answer() -> list[Select]:
    """A clerk's task on a received assignment while the item is handled: the co-opinion (none
    yet, or one still editable); the reply: to write while it is missing or editable, to send
    once approved. Each query starts from what is open now (the item's state, the reply's), not
    from the bureau's assignments of every year, which stay 已签收 for good."""
    answering = Proposal.state.in_([str(s) for s in HANDLED_ITEM_STATES])
    opinion_clock, opinion_on = running(ClockKind.CO_OPINION, assignment_id=Assignment.id)
    opinion = alias(CoOpinion, "opinion")
    co = (
        select(*columns("write_opinion", Assignment.proposal_id, Assignment.id, clock=of(opinion_clock),
                        handling=(opinion_clock.due_date, opinion_clock.provisional), bureau_id=Assignment.bureau_id))
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .outerjoin(opinion_clock, opinion_on)
        .outerjoin(opinion, opinion.assignment_id == Assignment.id)
        .where(answering, Assignment.state == A.RECEIVED, Assignment.role == AssignmentRole.CO,
               or_(opinion.id.is_(None), opinion.state.in_([str(s) for s in OPINION_EDITABLE])))
    )
    reply, reply_on = _current_reply()
    draft, clock = answer_clocks(
        select(Assignment).join(Proposal, Proposal.id == Assignment.proposal_id).outerjoin(reply, reply_on)
        .where(answering, Assignment.state == A.RECEIVED, Assignment.role != AssignmentRole.CO,
               or_(reply.id.is_(None), reply.state.in_([str(s) for s in REPLY_EDITABLE]))),
        Assignment.id,
    )
    draft = draft.with_only_columns(
        *columns("draft_reply", Assignment.proposal_id, Assignment.id, clock=clock, handling=(clock[0], clock[2]),
                 bureau_id=Assignment.bureau_id)
    )
    send, clock = answer_clocks(
        select(Reply).join(Assignment, Assignment.id == Reply.assignment_id)
        .where(Reply.state == ReplyState.APPROVED, Reply.kind == ReplyKind.ANSWER, Reply.round == Assignment.round,
               Assignment.state == A.RECEIVED, Assignment.role != AssignmentRole.CO),
        Assignment.id,
    )
    send = send.with_only_columns(
        *columns("send_reply", Assignment.proposal_id, Assignment.id, clock=clock, handling=(clock[0], clock[2]),
                 bureau_id=Assignment.bureau_id)
    )
    return [co, send, draft]


def _replies_to_approve() -> Select:
    """Replies awaiting approval; a key item's only for the principal leader (SPEC 3.3)."""
    query = (
        select(Reply).join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Proposal, Proposal.id == Reply.proposal_id)
        .where(Reply.state == ReplyState.AWAITING_APPROVAL, Assignment.state != A.WITHDRAWN)
    )
    query, clock = answer_clocks(query, Reply.assignment_id)
    return query.with_only_columns(*columns("approve_reply", Reply.proposal_id, Reply.assignment_id, clock=clock,
                                            bureau_id=Reply.bureau_id, principal_only=Proposal.is_key))


def _opinions_to_sign_off() -> Select:
    clock, on = running(ClockKind.CO_OPINION, assignment_id=Assignment.id)
    return (
        select(*columns("approve_opinion", Assignment.proposal_id, Assignment.id, clock=of(clock),
                        bureau_id=Assignment.bureau_id))
        .select_from(CoOpinion).join(Assignment, Assignment.id == CoOpinion.assignment_id).outerjoin(clock, on)
        .where(Assignment.state != A.WITHDRAWN, CoOpinion.state == OpinionState.AWAITING_APPROVAL)
    )


def _extensions(condition, task: str, bureau_id=None) -> Select:
    """Extension requests, due when the clock they would move is."""
    clock = alias(Clock, "extended_clock")
    return (
        select(*columns(task, ExtensionRequest.proposal_id, ExtensionRequest.assignment_id, clock=of(clock),
                        bureau_id=bureau_id))
        .join(Assignment, Assignment.id == ExtensionRequest.assignment_id)
        .outerjoin(clock, clock.id == ExtensionRequest.clock_id)
        .where(condition)
    )


def _cosigns() -> Select:
    """Replies to co-sign, due when the lead bureau's reply is: the co-signature holds it back."""
    query, clock = answer_clocks(awaited_cosigns(), Reply.assignment_id)
    return query.with_only_columns(*columns("cosign_reply", Assignment.proposal_id, Assignment.id, clock=clock,
                                            bureau_id=Assignment.bureau_id))


def office_sources() -> list[Select]:
    """Extension requests to decide; items rated unsatisfied, to re-handle or close: a current
    reply of an answering assignment rated so (progress.unsatisfied, in SQL for the whole list)."""
    answering = alias(Assignment, "rated_assignment")
    unsatisfied = exists().where(
        Reply.proposal_id == Proposal.id, Reply.assignment_id == answering.id, Reply.kind == ReplyKind.ANSWER,
        Reply.round == answering.round, Reply.feedback_outcome == Outcome.UNSATISFIED,
        answering.role != AssignmentRole.CO, answering.state != A.WITHDRAWN,
    )
    feedback = select(*columns("decide_feedback", Proposal.id)).where(
        Proposal.state == ProposalState.REPLIED, unsatisfied
    )
    return [_extensions(ExtensionRequest.state == ExtensionState.AWAITING_OFFICE, "decide_extension"), feedback]


def proposer_sources() -> list[Select]:
    """Sent replies a member may rate and has not, while their feedback window is open: the
    proposer's and each confirmed co-signer's. Read from the replies waiting for a rating (a
    partial index), not from the items of every year."""
    clock, on = running(ClockKind.FEEDBACK, assignment_id=Reply.assignment_id)

    def rating(member, *joined) -> Select:
        query = select(*columns("rate_reply", Reply.proposal_id, Reply.assignment_id, clock=of(clock), user_id=member))
        for target, on_clause in joined:
            query = query.join(target, on_clause)
        rated = exists().where(Feedback.reply_id == Reply.id, Feedback.user_id == member)
        return query.outerjoin(clock, on).where(*awaiting_rating(Reply), ~rated)

    proposer = rating(Proposal.proposer_id, (Proposal, Proposal.id == Reply.proposal_id))
    cosigner = rating(Cosigner.user_id, (Cosigner, and_(Cosigner.proposal_id == Reply.proposal_id,
                                                        Cosigner.state == CosignerState.CONFIRMED)))
    return [proposer, cosigner]
