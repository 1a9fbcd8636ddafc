"""Who may see what, and what an actor is to an item (the roles the transition tables ask for)."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import Select, and_, or_, select, union_all

from workflow.domain import assignment as assignment_domain
from workflow.domain import lifecycle
from workflow.domain.assignment import AssignmentState
from workflow.domain.lifecycle import Channel, ProposalState
from workflow.extensions import db
from workflow.models import Assignment, Cosigner, CosignerState, Proposal, Role, User
from workflow.services.aliases import alias
from workflow.services.errors import NotFound


def sees_everything(user: User) -> bool:
    return user.has_role(Role.OFFICE) or user.has_role(Role.ADMIN)


def proposal_filter(user: User):
    """A WHERE clause limiting proposals to those the user may see (SPEC 1).

    For anyone but the office, the ids of what they see, each reason its own indexed query (their
    own items, invitations, merges, their bureau's assignments): one OR of EXISTS clauses read every
    proposal of ten years to find a member's few hundred (48 ms at 100,000 items)."""
    if sees_everything(user):
        # Everything but other people's drafts: a draft is its author's until submitted.
        return or_(Proposal.state != ProposalState.DRAFT, Proposal.proposer_id == user.id)
    reasons: list[Select] = []
    if user.has_role(Role.PROPOSER):
        reasons.append(select(Proposal.id).where(Proposal.proposer_id == user.id))
        # A joint draft is its author's until submitted: the co-signers named in it see it from
        # the submission on (a draft returned to its author, or withdrawn unsent, is hidden again).
        reasons.append(
            select(Proposal.id).join(Cosigner, Cosigner.proposal_id == Proposal.id)
            .where(Cosigner.user_id == user.id, Proposal.state != ProposalState.DRAFT,
                   Proposal.submitted_at.is_not(None))
        )
        # 并案: the proposer of a merged item follows the item it joined, whose reply answers theirs.
        joined = alias(Proposal, "joined")
        reasons.append(select(joined.merged_into_id).where(joined.proposer_id == user.id,
                                                           joined.merged_into_id.is_not(None)))
        if user.channel == Channel.NPC:
            # Deputies may second suggestions under review, so they can read them.
            reasons.append(select(Proposal.id).where(Proposal.channel == Channel.NPC,
                                                     Proposal.state == ProposalState.UNDER_REVIEW))
    if user.bureau_id and (user.has_role(Role.CLERK) or user.has_role(Role.APPROVER)):
        ours = (Assignment.bureau_id == user.bureau_id, Assignment.state != AssignmentState.WITHDRAWN)
        reasons.append(select(Assignment.proposal_id).where(*ours))
        # The bureaus of a merged item's target answer it too, so they read it.
        merged = alias(Proposal, "merged")
        reasons.append(
            select(merged.id).join(Assignment, Assignment.proposal_id == merged.merged_into_id).where(*ours)
        )
    if not reasons:
        return False
    # Each reason reads its own rows, never the enclosing query's proposal.
    return Proposal.id.in_(union_all(*(reason.correlate(None) for reason in reasons)))


def visible_proposals(user: User) -> Select:
    return select(Proposal).where(proposal_filter(user))


def get_proposal(user: User, proposal_id: int) -> Proposal:
    proposal = db.session.execute(
        visible_proposals(user).where(Proposal.id == proposal_id)
    ).scalar_one_or_none()
    if proposal is None:
        raise NotFound(_("No such proposal, or you may not see it."))
    return proposal


def assignment_filter(user: User):
    if sees_everything(user):
        return True
    if user.bureau_id and (user.has_role(Role.CLERK) or user.has_role(Role.APPROVER)):
        return and_(Assignment.bureau_id == user.bureau_id, Assignment.state != AssignmentState.WITHDRAWN)
    # Proposers see the assignments of the proposals they see.
    return Assignment.proposal_id.in_(select(Proposal.id).where(proposal_filter(user)))


def get_assignment(user: User, assignment_id: int) -> Assignment:
    query = select(Assignment).where(Assignment.id == assignment_id, assignment_filter(user))
    found = db.session.execute(query).scalar_one_or_none()
    if found is None:
        raise NotFound(_("No such assignment, or you may not see it."))
    return found


def proposal_roles(user: User, proposal: Proposal) -> set[str]:
    roles = set()
    if user.has_role(Role.OFFICE):
        roles.add(lifecycle.OFFICE)
    if proposal.proposer_id == user.id:
        roles.add(lifecycle.AUTHOR)
    if any(c.user_id == user.id and c.state == CosignerState.PENDING for c in proposal.cosigners):
        roles.add(lifecycle.COSIGNER)
    if (
        user.has_role(Role.PROPOSER)
        and user.channel == Channel.NPC
        and proposal.channel == Channel.NPC
        and proposal.proposer_id != user.id
        and all(c.user_id != user.id for c in proposal.cosigners)
        and all(s.user_id != user.id for s in proposal.seconders)
    ):
        roles.add(lifecycle.DEPUTY)
    return roles


def assignment_roles(user: User, assignment: Assignment) -> set[str]:
    roles = set()
    if user.has_role(Role.OFFICE):
        roles.add(assignment_domain.OFFICE)
    if user.bureau_id == assignment.bureau_id:
        answering = assignment.role != assignment_domain.AssignmentRole.CO
        if user.has_role(Role.CLERK):
            roles.add(assignment_domain.BUREAU_CLERK)
            roles.add(assignment_domain.ANSWERING_CLERK if answering else assignment_domain.CO_CLERK)
        if user.has_role(Role.APPROVER):
            roles.add(assignment_domain.BUREAU_APPROVER)
            roles.add(assignment_domain.ANSWERING_APPROVER if answering else assignment_domain.CO_APPROVER)
    return roles
