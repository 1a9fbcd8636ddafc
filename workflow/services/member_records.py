"""委员履职档案 / 代表履职档案: per member or deputy, for a session or a whole term, the items
written (alone or leading a joint one), co-signed and seconded, filed and not filed, the
categories of the replies and the ratings the member gave. Grouped queries, one per figure:
the number of statements does not grow with the members or the items.

Definitions:
- 提出 `written`: items the member submitted as proposer (not withdrawn, not a draft);
  领衔 `led`: those of them with at least one co-signer who confirmed (a joint item);
- 联名 `cosigned`: joint items of others the member confirmed as co-signer;
- 附议 `seconded`: NPC suggestions the deputy seconded;
- 立案 `filed`: written items filed (or merged, which files them); 不予立案 `not_filed`;
- categories: the resolution category of the latest sent reply of each answering assignment of
  the member's items (as the figures count them, services/figures.py);
- ratings: the member's rating of each sent reply to their items (满意, 基本满意, 不满意).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, select

from workflow.domain.lifecycle import ProposalState
from workflow.extensions import db
from workflow.models import (
    Assignment,
    Cosigner,
    CosignerState,
    Proposal,
    Reply,
    Role,
    Seconder,
    Session,
    User,
    UserRole,
)
from workflow.services import access
from workflow.services import figures as fig
from workflow.services.aliases import alias
from workflow.services.errors import Forbidden, NotFound
from workflow.terms import term as term_word

UNSUBMITTED = (ProposalState.DRAFT, ProposalState.AWAITING_COSIGNERS, ProposalState.WITHDRAWN)


@dataclass(frozen=True)
class Scope:
    """A session, or every session of a channel's term."""

    channel: str
    term: int
    session_ids: tuple[int, ...]
    label: str
    whole_term: bool = False

    @property
    def key(self) -> str:
        return f"{self.channel}-{self.term}"


@dataclass
class Record:
    user: User
    written: int = 0
    led: int = 0
    cosigned: int = 0
    seconded: int = 0
    filed: int = 0
    not_filed: int = 0
    categories: dict[str, int] = field(default_factory=dict)
    ratings: dict[str, int] = field(default_factory=dict)

    @property
    def alone(self) -> int:
        return self.written - self.led


def scopes() -> list[Scope]:
    """What the page offers: each channel's terms (all their sessions), each followed by its sessions."""
    sessions = db.session.execute(select(Session).order_by(Session.channel, Session.term.desc(),
                                                           Session.year.desc(), Session.id)).scalars().all()
    terms: dict[tuple[str, int], list[Session]] = defaultdict(list)
    for session in sessions:
        terms[(session.channel, session.term)].append(session)
    found = []
    for (channel, term), members in terms.items():
        found.append(_term_scope(channel, term, members))
        found += [Scope(s.channel, s.term, (s.id,), s.name) for s in members]
    return found


def scope_for(session_id: int | None = None, channel: str | None = None, term: int | None = None) -> Scope:
    """A session's scope, or a channel's whole term."""
    if session_id is not None:
        session = db.session.get(Session, session_id)
        if session is None:
            raise NotFound(_("No such session or term."))
        return Scope(session.channel, session.term, (session.id,), session.name)
    members = db.session.execute(
        select(Session).where(Session.channel == channel, Session.term == term).order_by(Session.year, Session.id)
    ).scalars().all()
    if not members:
        raise NotFound(_("No such session or term."))
    return _term_scope(channel, term, members)


def _term_scope(channel: str, term: int, members: list[Session]) -> Scope:
    return Scope(channel, term, tuple(s.id for s in members),
                 _("%(body)s, term %(term)d, all sessions", body=term_word(channel, "person"), term=term), True)


def records(actor: User, scope: Scope, user_id: int | None = None) -> list[Record]:
    """Every member of the scope's channel (or the one asked for), with their figures."""
    if not (access.sees_everything(actor) or (user_id is not None and user_id == actor.id)):
        raise Forbidden(_("A member's record is for the member and the office."))
    query = (select(User).join(UserRole, UserRole.user_id == User.id)
             .where(UserRole.role == Role.PROPOSER, User.channel == scope.channel).order_by(User.name, User.id))
    if user_id is not None:
        query = query.where(User.id == user_id)
    people = db.session.execute(query).scalars().all()
    if user_id is not None and not people:
        raise NotFound(_("No such member or deputy."))
    result = {user.id: Record(user) for user in people}
    in_scope = Proposal.session_id.in_(scope.session_ids)
    joint = exists().where(Cosigner.proposal_id == Proposal.id, Cosigner.state == CosignerState.CONFIRMED)
    written = (
        select(Proposal.proposer_id, func.count(Proposal.id), fig._count(joint),
               fig._count(Proposal.filed_at.is_not(None)), fig._count(Proposal.state == ProposalState.NOT_FILED))
        .where(in_scope, Proposal.state.not_in([str(s) for s in UNSUBMITTED]))
        .group_by(Proposal.proposer_id)
    )
    for uid, n, led, filed, not_filed in _only(written, Proposal.proposer_id, user_id):
        if uid in result:
            record = result[uid]
            record.written, record.led, record.filed, record.not_filed = n, int(led), int(filed), int(not_filed)
    cosigned = (
        select(Cosigner.user_id, func.count(Cosigner.id)).join(Proposal, Proposal.id == Cosigner.proposal_id)
        .where(in_scope, Cosigner.state == CosignerState.CONFIRMED,
               Proposal.state.not_in([str(s) for s in UNSUBMITTED]))
        .group_by(Cosigner.user_id)
    )
    for uid, n in _only(cosigned, Cosigner.user_id, user_id):
        if uid in result:
            result[uid].cosigned = n
    seconded = (
        select(Seconder.user_id, func.count(Seconder.id)).join(Proposal, Proposal.id == Seconder.proposal_id)
        .where(in_scope).group_by(Seconder.user_id)
    )
    for uid, n in _only(seconded, Seconder.user_id, user_id):
        if uid in result:
            result[uid].seconded = n
    later = alias(Reply, "later_reply")
    superseded = exists().where(later.assignment_id == Reply.assignment_id, later.round > Reply.round,
                                *fig._sent_answer(later))
    replies = (
        select(Proposal.proposer_id, Reply.resolution, func.count(Reply.id))
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(in_scope, and_(*fig._assignments(fig.FigureFilter(), fig.ANSWERING_ROLES)), *fig._sent_answer(Reply),
               Reply.resolution.is_not(None), ~superseded)
        .group_by(Proposal.proposer_id, Reply.resolution)
    )
    for uid, code, n in _only(replies, Proposal.proposer_id, user_id):
        if uid in result:
            result[uid].categories[code] = n
    ratings = (
        select(Proposal.proposer_id, Reply.feedback_outcome, func.count(Reply.id))
        .join(Assignment, Assignment.id == Reply.assignment_id)
        .join(Proposal, Proposal.id == Assignment.proposal_id)
        .where(in_scope, *fig._sent_answer(Reply), Reply.feedback_outcome.in_([str(o) for o in fig.RATED]))
        .group_by(Proposal.proposer_id, Reply.feedback_outcome)
    )
    for uid, outcome, n in _only(ratings, Proposal.proposer_id, user_id):
        if uid in result:
            result[uid].ratings[outcome] = n
    return list(result.values())


def items(actor: User, scope: Scope, user_id: int) -> list[Proposal]:
    """The member's own items of the scope, for their record page."""
    records(actor, scope, user_id)  # the same check
    query = (select(Proposal).where(Proposal.session_id.in_(scope.session_ids), Proposal.proposer_id == user_id,
                                    Proposal.state.not_in([str(s) for s in UNSUBMITTED]))
             .order_by(Proposal.session_id, Proposal.number_seq, Proposal.id))
    return db.session.execute(query).scalars().all()


def _only(query, column, user_id: int | None):
    if user_id is not None:
        query = query.where(column == user_id)
    return db.session.execute(query).all()
