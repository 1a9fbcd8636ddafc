"""The work-list tasks of handling, approval and feedback (SPEC 3.3, 3.4), beside the first
half's in worklist.py: what waits on each role, with the due date that applies."""
from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from workflow.domain.assignment import AssignmentRole, AssignmentState
from workflow.domain.clocks import ClockKind
from workflow.domain.extension import ExtensionState
from workflow.domain.lifecycle import ProposalState
from workflow.domain.opinion import EDITABLE as OPINION_EDITABLE
from workflow.domain.opinion import OpinionState
from workflow.domain.reply import EDITABLE as REPLY_EDITABLE
from workflow.domain.reply import ReplyKind, ReplyState
from workflow.extensions import db
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
    Role,
    User,
)
from workflow.services import progress
from workflow.services.reply_access import awaited_cosigns
from workflow.services.worklist import WorkItem

A = AssignmentState
ANSWERING_PROPOSAL_STATES = (ProposalState.IN_HANDLING, ProposalState.REHANDLING)


def _clocks(assignment_ids: list[int]) -> dict[tuple[int, str], Clock]:
    if not assignment_ids:
        return {}
    query = select(Clock).where(Clock.assignment_id.in_(assignment_ids), Clock.stopped_at.is_(None))
    return {(c.assignment_id, c.kind): c for c in db.session.execute(query).scalars()}


def _item(task: str, proposal: Proposal, clock: Clock | None, assignment: Assignment | None = None,
          handling: Clock | None = None) -> WorkItem:
    return WorkItem(
        task, proposal, assignment, clock.due_date if clock else None, bool(clock and clock.provisional),
        handling_due=handling.due_date if handling else None, handling_provisional=bool(handling and handling.provisional),
        clock_kind=clock.kind if clock else None,
    )


def answer_clock(clocks: dict, assignment_id: int) -> Clock | None:
    return clocks.get((assignment_id, ClockKind.REHANDLING)) or clocks.get((assignment_id, ClockKind.REPLY))


def handling_task(user: User, assignment: Assignment, clocks: dict, replies: dict, opinions: dict) -> WorkItem | None:
    """The clerk's task on a received assignment: write the co-opinion, write or send the reply."""
    if not user.has_role(Role.CLERK):
        return None
    proposal = assignment.proposal
    if assignment.role == AssignmentRole.CO:
        opinion = opinions.get(assignment.id)
        if opinion is None or opinion.state in OPINION_EDITABLE:
            clock = clocks.get((assignment.id, ClockKind.CO_OPINION))
            return _item("write_opinion", proposal, clock, assignment, clock)
        return None
    reply = replies.get(assignment.id)
    clock = answer_clock(clocks, assignment.id)
    if reply is not None and reply.state == ReplyState.APPROVED:
        return _item("send_reply", proposal, clock, assignment, clock)
    if proposal.state in ANSWERING_PROPOSAL_STATES and (reply is None or reply.state in REPLY_EDITABLE):
        return _item("draft_reply", proposal, clock, assignment, clock)
    return None


def current_of(assignments: list[Assignment]) -> tuple[dict, dict]:
    """The current-round replies and the co-opinions of these assignments, by assignment id."""
    ids = [a.id for a in assignments]
    if not ids:
        return {}, {}
    rounds = {a.id: a.round for a in assignments}
    replies = {
        r.assignment_id: r
        for r in db.session.execute(
            select(Reply).where(Reply.assignment_id.in_(ids), Reply.kind == ReplyKind.ANSWER)
        ).scalars()
        if r.round == rounds[r.assignment_id]
    }
    opinions = {
        o.assignment_id: o
        for o in db.session.execute(select(CoOpinion).where(CoOpinion.assignment_id.in_(ids))).scalars()
    }
    return replies, opinions


def bureau_approvals(user: User) -> list[WorkItem]:
    """A leader's: replies to approve (key items only for the principal leader), co-opinions
    to sign off, extension requests to endorse. A clerk's or leader's: replies to co-sign."""
    found: list[WorkItem] = []
    if user.has_role(Role.APPROVER):
        replies = db.session.execute(
            select(Reply).join(Assignment, Assignment.id == Reply.assignment_id).where(
                Reply.bureau_id == user.bureau_id, Reply.state == ReplyState.AWAITING_APPROVAL,
                Assignment.state != A.WITHDRAWN,
            ).options(selectinload(Reply.proposal), selectinload(Reply.assignment))
        ).scalars().all()
        clocks = _clocks([r.assignment_id for r in replies])
        found += [
            _item("approve_reply", r.proposal, answer_clock(clocks, r.assignment_id), r.assignment)
            for r in replies if user.principal_leader or not r.proposal.is_key
        ]
        found += _opinions_to_sign_off(user)
        found += _extensions(and_(ExtensionRequest.state == ExtensionState.AWAITING_LEADER,
                                  Assignment.bureau_id == user.bureau_id), "endorse_extension")
    # Due when the lead bureau's reply is: the co-signature holds it back.
    rows = db.session.execute(
        awaited_cosigns().add_columns(Reply.assignment_id).where(Assignment.bureau_id == user.bureau_id)
    ).all()
    clocks = _clocks([lead for _, lead in rows])
    found += [_item("cosign_reply", row.assignment.proposal, answer_clock(clocks, lead), row.assignment)
              for row, lead in rows]
    return found


def _opinions_to_sign_off(user: User) -> list[WorkItem]:
    rows = db.session.execute(
        select(CoOpinion).join(Assignment, Assignment.id == CoOpinion.assignment_id).where(
            Assignment.bureau_id == user.bureau_id, Assignment.state != A.WITHDRAWN,
            CoOpinion.state == OpinionState.AWAITING_APPROVAL,
        )
    ).scalars().all()
    clocks = _clocks([o.assignment_id for o in rows])
    return [
        _item("approve_opinion", o.assignment.proposal, clocks.get((o.assignment_id, ClockKind.CO_OPINION)),
              o.assignment)
        for o in rows
    ]


def _extensions(condition, task: str) -> list[WorkItem]:
    rows = db.session.execute(
        select(ExtensionRequest).join(Assignment, Assignment.id == ExtensionRequest.assignment_id).where(condition)
    ).scalars().all()
    return [_item(task, row.assignment.proposal, row.clock, row.assignment) for row in rows]


def office_items() -> list[WorkItem]:
    """Extension requests to decide; items rated unsatisfied, to re-handle or close."""
    found = _extensions(ExtensionRequest.state == ExtensionState.AWAITING_OFFICE, "decide_extension")
    replied = db.session.execute(select(Proposal).where(Proposal.state == ProposalState.REPLIED)).scalars().all()
    found += [_item("decide_feedback", p, None) for p in replied if progress.unsatisfied(p)]
    return found


def proposer_items(user: User) -> list[WorkItem]:
    """Sent replies the user may rate and has not, while their feedback window is open."""
    own = select(Proposal.id).where(Proposal.proposer_id == user.id)
    signed = select(Cosigner.proposal_id).where(Cosigner.user_id == user.id, Cosigner.state == CosignerState.CONFIRMED)
    rated = select(Feedback.reply_id).where(Feedback.user_id == user.id)
    replies = db.session.execute(
        select(Reply).where(
            Reply.state == ReplyState.SENT, Reply.kind == ReplyKind.ANSWER, Reply.feedback_outcome.is_(None),
            Reply.proposal_id.in_(own.union(signed)), Reply.id.not_in(rated),
        ).options(selectinload(Reply.proposal), selectinload(Reply.assignment))
    ).scalars().all()
    clocks = _clocks([r.assignment_id for r in replies])
    return [_item("rate_reply", r.proposal, clocks.get((r.assignment_id, ClockKind.FEEDBACK)), r.assignment)
            for r in replies]
