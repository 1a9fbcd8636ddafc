"""How the item moves with its replies (SPEC 3.1): replied once every lead or separate bureau
sent its reply of the current round; closed once every current reply is settled; with the
office when one was rated unsatisfied."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from workflow.domain.assignment import AssignmentRole, AssignmentState
from workflow.domain.clocks import ClockKind
from workflow.domain.feedback import Outcome, Verdict, close_reason, verdict
from workflow.domain.lifecycle import PROPOSAL, ProposalState
from workflow.domain.reply import ReplyKind, ReplyState
from workflow.extensions import db
from workflow.models import Assignment, Event, Proposal, Reply, User
from workflow.services import access, clocks
from workflow.services.guard import touch
from workflow.services.moves import move_proposal

S = ProposalState
DECISIONS = ("order-rehandling", "close")
K = ClockKind
BEFORE_THE_REPLY = (K.RECEIPT, K.REASSIGN_WINDOW, K.REASSIGN_ANSWER, K.FIRST_CONTACT, K.CO_OPINION)
# Closing stops these; a clock that runs after the reply on its own terms (publication) goes on.
HANDLING_CLOCKS = (*BEFORE_THE_REPLY, K.REPLY, K.REHANDLING, K.FEEDBACK)


def answering(proposal: Proposal) -> list[Assignment]:
    """The active lead or separate assignments: each owes the proposer a reply."""
    return [
        a for a in proposal.assignments
        if a.role != AssignmentRole.CO and a.state != AssignmentState.WITHDRAWN
    ]


def current_replies(proposal: Proposal) -> list[tuple[Assignment, Reply | None]]:
    """Each answering assignment with its reply of the current round (None before one exists)."""
    pairs = []
    for assignment in answering(proposal):
        reply = db.session.execute(
            select(Reply).where(
                Reply.assignment_id == assignment.id, Reply.kind == ReplyKind.ANSWER, Reply.round == assignment.round
            )
        ).scalar_one_or_none()
        pairs.append((assignment, reply))
    return pairs


def unsatisfied(proposal: Proposal) -> list[tuple[Assignment, Reply]]:
    """Current replies rated unsatisfied, waiting for the office's decision."""
    if proposal.state != S.REPLIED:
        return []
    return [(a, r) for a, r in current_replies(proposal) if r is not None and r.feedback_outcome == Outcome.UNSATISFIED]


def advance(proposal: Proposal, now: datetime) -> None:
    """Move the item on after a reply was sent or its feedback settled; the caller commits.
    The decision reads every current reply, so it is checked against a concurrent one (two
    bureaus sending at once): the proposal's version moves on either way."""
    touch(proposal)
    db.session.flush()
    pairs = current_replies(proposal)
    if proposal.state in (S.IN_HANDLING, S.REHANDLING):
        if pairs and all(r is not None and r.state == ReplyState.SENT for _, r in pairs):
            move_proposal(proposal, S.REPLIED, "replied", None, now)
            # The replies are out: what was still to come before them no longer runs.
            clocks.stop(now, proposal_id=proposal.id, kinds=BEFORE_THE_REPLY)
    if proposal.state == S.REPLIED:
        outcomes = [r.feedback_outcome for _, r in pairs]
        if verdict(outcomes) == Verdict.CLOSE:
            reason = close_reason(outcomes)
            close(proposal, reason, None, None, now, f"closed-{reason}".replace("_", "-"))


def close(proposal: Proposal, reason: str, note: str | None, actor: User | None, now: datetime, event: str) -> Event:
    proposal.closed_at, proposal.close_reason, proposal.close_note = now, reason, note
    recorded = move_proposal(proposal, S.CLOSED, event, actor, now, note=note)
    clocks.stop(now, proposal_id=proposal.id, kinds=HANDLING_CLOCKS)
    # 并案: the items merged into it were answered by its reply, and close with it.
    members = select(Proposal).where(Proposal.merged_into_id == proposal.id, Proposal.state == S.FILED)
    for member in db.session.execute(members).scalars():
        member.closed_at, member.close_reason, member.close_note = now, reason, note
        move_proposal(member, S.CLOSED, "close-with-target", actor, now, note=proposal.number)
    return recorded


def proposal_actions(user: User, proposal: Proposal) -> list[str]:
    """What the transition table allows, less the office's decisions when no unsatisfied
    feedback waits for one (the page and the API list the same)."""
    actions = PROPOSAL.available(proposal.state, access.proposal_roles(user, proposal))
    if any(a in actions for a in DECISIONS) and not unsatisfied(proposal):
        actions = [a for a in actions if a not in DECISIONS]
    if proposal.merged_into_id is not None:  # 并案: assigned with the item it joined, never alone
        actions = [a for a in actions if a != "assign"]
    return actions
