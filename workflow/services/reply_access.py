"""Who may see the handling of an item (replies, contacts, co-opinions, extension requests,
attachments) and what an actor is to a reply: the roles the reply's transition table asks for.

- A bureau sees its own replies in every state; a co bureau sees a reply it is asked to
  co-sign, and every reply once sent (it gets a copy); the office sees all.
- The proposer and the co-signers who confirmed see a reply once it is sent.
- What is internal to a reply stays inside, with the office and the bureau that writes it
  (sees_inside): its saved versions and their comparison, files taken off a draft, the comments
  of a return or an objection, who withdrew its publication and why. Proposers, co-signers and
  co bureaus see the reply, never the drafts that led to it.
- Contacts and co-opinions are working papers: the office and the bureaus of the item see them
  (a co-opinion reaches the others once submitted); proposers do not.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, exists, or_, select

from workflow.domain import reply as reply_domain
from workflow.domain.assignment import AssignmentState
from workflow.domain.opinion import OpinionState
from workflow.domain.reply import CosignState, ReplyState
from workflow.extensions import db
from workflow.models import (
    Assignment,
    Attachment,
    Contact,
    CoOpinion,
    Cosigner,
    CosignerState,
    ExtensionRequest,
    Proposal,
    Reply,
    ReplyCosign,
    Role,
    User,
)
from workflow.services.access import sees_everything
from workflow.services.errors import NotFound

# The bureaus' working steps, which the timeline shows to the office and the bureaus only.
INTERNAL_EVENTS = (
    "reply-save", "reply-submit", "reply-return", "reply-object", "reply-cosign", "reply-cosigned", "reply-approve",
    "proceed-without-opinions", "opinion-submit", "opinion-approve", "opinion-return", "request-extension",
    "endorse-extension", "decline-extension", "refuse-extension", "supervise",
)


def _bureau_user(user: User) -> bool:
    return bool(user.bureau_id) and (user.has_role(Role.CLERK) or user.has_role(Role.APPROVER))


def _own_assignment(user: User, proposal_id_column):
    """An active assignment of the user's bureau on the proposal."""
    return exists().where(
        Assignment.proposal_id == proposal_id_column,
        Assignment.bureau_id == user.bureau_id,
        Assignment.state != AssignmentState.WITHDRAWN,
    )


def reply_filter(user: User):
    if sees_everything(user):
        return True
    clauses = []
    if _bureau_user(user):
        clauses.append(and_(Reply.bureau_id == user.bureau_id, _own_assignment(user, Reply.proposal_id)))
        asked_to_cosign = exists().where(
            ReplyCosign.reply_id == Reply.id,
            ReplyCosign.assignment_id == Assignment.id,
            Assignment.bureau_id == user.bureau_id,
            Assignment.state != AssignmentState.WITHDRAWN,
        )
        clauses.append(asked_to_cosign)
        clauses.append(and_(Reply.state == ReplyState.SENT, _own_assignment(user, Reply.proposal_id)))
    if user.has_role(Role.PROPOSER):
        signed = exists().where(
            Cosigner.proposal_id == Reply.proposal_id, Cosigner.user_id == user.id,
            Cosigner.state == CosignerState.CONFIRMED,
        )
        own = exists().where(Proposal.id == Reply.proposal_id, Proposal.proposer_id == user.id)
        # 并案: the reply to the item theirs was merged into answers theirs too (they read, not rate, it).
        merged = exists().where(Proposal.merged_into_id == Reply.proposal_id, Proposal.proposer_id == user.id)
        clauses.append(and_(Reply.state == ReplyState.SENT, or_(own, signed, merged)))
    return or_(*clauses) if clauses else False


def get_reply(user: User, reply_id: int) -> Reply:
    found = db.session.execute(select(Reply).where(Reply.id == reply_id, reply_filter(user))).scalar_one_or_none()
    if found is None:
        raise NotFound(_("No such reply, or you may not see it."))
    return found


def sees_inside(user: User, reply: Reply) -> bool:
    """The office, and the bureau that writes the reply while it is still assigned to it."""
    if sees_everything(user):
        return True
    return (
        _bureau_user(user) and user.bureau_id == reply.bureau_id
        and reply.assignment.state != AssignmentState.WITHDRAWN
    )


def replies_of(user: User, proposal_id: int) -> list[Reply]:
    query = select(Reply).where(Reply.proposal_id == proposal_id, reply_filter(user))
    return db.session.execute(query.order_by(Reply.assignment_id, Reply.kind, Reply.round)).scalars().all()


def reply_roles(user: User, reply: Reply) -> set[str]:
    roles: set[str] = set()
    if user.has_role(Role.OFFICE):
        roles.add(reply_domain.OFFICE)
    proposal = reply.proposal
    if proposal.proposer_id == user.id:
        roles.add(reply_domain.AUTHOR)
    if any(c.user_id == user.id and c.state == CosignerState.CONFIRMED for c in proposal.cosigners):
        roles.add(reply_domain.SIGNATORY)
    if _bureau_user(user):
        if user.bureau_id == reply.bureau_id and reply.assignment.state != AssignmentState.WITHDRAWN:
            if user.has_role(Role.CLERK):
                roles.add(reply_domain.DRAFTER)
            if user.has_role(Role.APPROVER):
                roles.add(reply_domain.SIGNER)
        if pending_cosign(user, reply) is not None:
            roles.add(reply_domain.CO_BUREAU)
    return roles


def awaited_cosigns():
    """The co-signatures replies wait for, as a query of ReplyCosign joined to its Assignment: a
    co bureau's pending row, its assignment not withdrawn, the reply in co-signature. Any clerk or
    leader of that bureau may give it (pending_cosign, reply_roles)."""
    return (
        select(ReplyCosign)
        .join(Assignment, Assignment.id == ReplyCosign.assignment_id)
        .join(Reply, Reply.id == ReplyCosign.reply_id)
        .where(ReplyCosign.state == CosignState.PENDING, Assignment.state != AssignmentState.WITHDRAWN,
               Reply.state == ReplyState.COSIGNING)
    )


def pending_cosign(user: User, reply: Reply) -> ReplyCosign | None:
    for row in reply.cosigns:
        if (
            row.state == CosignState.PENDING
            and row.assignment.bureau_id == user.bureau_id
            and row.assignment.state != AssignmentState.WITHDRAWN
        ):
            return row
    return None


# Working papers ------------------------------------------------------------------------------

def sees_handling(user: User, proposal_id: int) -> bool:
    """The office, and the bureaus working on the item."""
    if sees_everything(user):
        return True
    if not _bureau_user(user):
        return False
    return db.session.execute(select(_own_assignment(user, proposal_id))).scalar()


def contacts_of(user: User, proposal_id: int) -> list[Contact]:
    if not sees_handling(user, proposal_id):
        return []
    query = select(Contact).where(Contact.proposal_id == proposal_id)
    return db.session.execute(query.order_by(Contact.contacted_on, Contact.id)).scalars().all()


def opinion_filter(user: User):
    if sees_everything(user):
        return True
    if not _bureau_user(user):
        return False
    own = exists().where(
        Assignment.id == CoOpinion.assignment_id, Assignment.bureau_id == user.bureau_id,
        Assignment.state != AssignmentState.WITHDRAWN,
    )
    return or_(own, and_(CoOpinion.state == OpinionState.SUBMITTED, _own_assignment(user, CoOpinion.proposal_id)))


def opinions_of(user: User, proposal_id: int) -> list[CoOpinion]:
    query = select(CoOpinion).where(CoOpinion.proposal_id == proposal_id, opinion_filter(user))
    return db.session.execute(query.order_by(CoOpinion.id)).scalars().all()


def extension_filter(user: User):
    if sees_everything(user):
        return True
    if not _bureau_user(user):
        return False
    return exists().where(
        Assignment.id == ExtensionRequest.assignment_id, Assignment.bureau_id == user.bureau_id,
        Assignment.state != AssignmentState.WITHDRAWN,
    )


def get_extension(user: User, request_id: int) -> ExtensionRequest:
    query = select(ExtensionRequest).where(ExtensionRequest.id == request_id, extension_filter(user))
    found = db.session.execute(query).scalar_one_or_none()
    if found is None:
        raise NotFound(_("No such extension request, or you may not see it."))
    return found


def extensions_of(user: User, proposal_id: int) -> list[ExtensionRequest]:
    query = select(ExtensionRequest).where(ExtensionRequest.proposal_id == proposal_id, extension_filter(user))
    return db.session.execute(query.order_by(ExtensionRequest.id)).scalars().all()


def get_attachment(user: User, attachment_id: int) -> Attachment:
    """An attachment, if the user may see what it belongs to. One taken off a reply's draft
    stays readable to those who see the drafting, as older versions list it."""
    row = db.session.get(Attachment, attachment_id)
    if row is not None and _may_see_owner(user, row) and (row.removed_at is None or _sees_removed(user, row)):
        return row
    raise NotFound(_("No such file, or you may not see it."))


def _sees_removed(user: User, row: Attachment) -> bool:
    if row.reply_id is not None:
        return sees_inside(user, db.session.get(Reply, row.reply_id))
    return sees_handling(user, row.proposal_id)  # an opinion's: a working paper already


def _may_see_owner(user: User, row: Attachment) -> bool:
    if row.reply_id is not None:
        query = select(Reply.id).where(Reply.id == row.reply_id, reply_filter(user))
    elif row.opinion_id is not None:
        query = select(CoOpinion.id).where(CoOpinion.id == row.opinion_id, opinion_filter(user))
    else:
        return sees_handling(user, row.proposal_id)
    return db.session.execute(query).first() is not None
