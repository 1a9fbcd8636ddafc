"""The work list (待办): what waits on this user now, with its due date."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from workflow.domain.assignment import AssignmentRole, AssignmentState
from workflow.domain.clocks import ClockKind, counts_as_overdue
from workflow.domain.lifecycle import ProposalState
from workflow.extensions import db
from workflow.models import Assignment, Clock, Cosigner, CosignerState, Proposal, Role, User

S = ProposalState
A = AssignmentState


@dataclass(frozen=True)
class WorkItem:
    task: str  # what to do, a key of TASK_LABELS in the templates
    proposal: Proposal
    assignment: Assignment | None
    due: date | None
    provisional: bool = False
    handling_due: date | None = None  # a bureau's reply or co-opinion due date, beside the task's own
    handling_provisional: bool = False  # that date is 待定
    reply_id: int | None = None  # the reply a publication task is about
    clock_kind: str | None = None  # the clock `due` is of: a window that has passed is closed, not overdue

    def overdue(self, now: datetime) -> bool:
        return counts_as_overdue(self.clock_kind, self.due, now)


def items(user: User, now: datetime) -> list[WorkItem]:
    from workflow.services import worklist_handling as handling
    from workflow.services.worklist_publication import publication_items

    found: list[WorkItem] = []
    if user.has_role(Role.PROPOSER):
        found += _proposer_items(user) + handling.proposer_items(user)
    if user.has_role(Role.OFFICE):
        found += _office_items() + handling.office_items()
    if user.bureau_id and (user.has_role(Role.CLERK) or user.has_role(Role.APPROVER)):
        found += _bureau_items(user) + handling.bureau_approvals(user)
    found += publication_items(user)
    return sorted(found, key=lambda i: (i.due is None, i.due or date.max, i.proposal.id))


def counts(user: User, now: datetime) -> dict[str, int]:
    listed = items(user, now)
    return {"total": len(listed), "overdue": sum(1 for i in listed if i.overdue(now))}


def _due_by_proposal(kind: ClockKind) -> dict[int, Clock]:
    query = select(Clock).where(Clock.kind == kind, Clock.stopped_at.is_(None), Clock.assignment_id.is_(None))
    return {c.proposal_id: c for c in db.session.execute(query).scalars()}


def _due_by_assignment(ids: list[int]) -> dict[tuple[int, str], Clock]:
    if not ids:
        return {}
    query = select(Clock).where(Clock.assignment_id.in_(ids), Clock.stopped_at.is_(None))
    return {(c.assignment_id, c.kind): c for c in db.session.execute(query).scalars()}


def _item(task, proposal, clock: Clock | None, assignment=None) -> WorkItem:
    return WorkItem(task, proposal, assignment, clock.due_date if clock else None, bool(clock and clock.provisional),
                    clock_kind=clock.kind if clock else None)


def _proposer_items(user: User) -> list[WorkItem]:
    cosign = _due_by_proposal(ClockKind.COSIGN)
    own = select(Proposal).where(
        Proposal.proposer_id == user.id,
        (Proposal.state == S.DRAFT) | and_(Proposal.state == S.NOT_FILED, Proposal.opinion_letter_consent.is_(None)),
    )
    invited = select(Proposal).join(Cosigner).where(
        Cosigner.user_id == user.id, Cosigner.state == CosignerState.PENDING, Proposal.state == S.AWAITING_COSIGNERS
    )
    result = [
        _item("finish_draft" if p.state == S.DRAFT else "opinion_letter", p, None)
        for p in db.session.execute(own).scalars()
    ]
    result += [_item("cosign", p, cosign.get(p.id)) for p in db.session.execute(invited).scalars()]
    return result


def _office_items() -> list[WorkItem]:
    review = _due_by_proposal(ClockKind.REVIEW)
    query = select(Proposal).where(Proposal.state.in_([S.SUBMITTED, S.UNDER_REVIEW, S.FILED]))
    result = []
    for p in db.session.execute(query).scalars():
        task = {S.SUBMITTED: "start_review", S.UNDER_REVIEW: "review", S.FILED: "assign"}[S(p.state)]
        result.append(_item(task, p, review.get(p.id)))
    requests = db.session.execute(
        select(Assignment)
        .where(Assignment.state == A.REASSIGNMENT_REQUESTED)
        .options(selectinload(Assignment.proposal))
    ).scalars().all()
    clocks = _due_by_assignment([a.id for a in requests])
    result += [
        _item("decide_reassignment", a.proposal, clocks.get((a.id, ClockKind.REASSIGN_ANSWER)), a) for a in requests
    ]
    return result


def _bureau_items(user: User) -> list[WorkItem]:
    query = (
        select(Assignment)
        .where(Assignment.bureau_id == user.bureau_id, Assignment.state.in_([A.PENDING_RECEIPT, A.RECEIVED]))
        .options(selectinload(Assignment.proposal))
    )
    from workflow.services import worklist_handling as handling_tasks

    assignments = db.session.execute(query).scalars().all()
    clocks = _due_by_assignment([a.id for a in assignments])
    replies, opinions = handling_tasks.current_of(assignments)
    result = []
    for a in assignments:
        if a.state == A.PENDING_RECEIPT:
            kind = ClockKind.CO_OPINION if a.role == AssignmentRole.CO else ClockKind.REPLY
            handling = clocks.get((a.id, kind))
            item = _item("receive", a.proposal, clocks.get((a.id, ClockKind.RECEIPT)), a)
            result.append(replace(item, handling_due=handling.due_date if handling else None,
                                  handling_provisional=bool(handling and handling.provisional)))
        else:
            # Write the opinion, write or send the reply (worklist_handling).
            item = handling_tasks.handling_task(user, a, clocks, replies, opinions)
            if item is not None:
                result.append(item)
    return result
