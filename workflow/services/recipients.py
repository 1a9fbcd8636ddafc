"""Who an audience of the reminder plans and notice rules is, for a batch of items, in a handful
of queries."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from workflow.domain import notices
from workflow.domain.reminders import Audience
from workflow.extensions import db
from workflow.models import (
    Assignment,
    Cosigner,
    CosignerState,
    Proposal,
    Reply,
    ReplyCosign,
    ReplyVersion,
    Role,
    User,
    UserRole,
)
from workflow.services.reply_access import awaited_cosigns


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str | None
    digest: bool
    mobile: str | None = None
    sms: bool = False  # chose text messages
    email_on: bool = True  # chose e-mail


class Directory:
    """The people behind the audiences of a set of items, loaded once per sweep batch or event."""

    def __init__(self, proposal_ids: Iterable[int], assignment_ids: Iterable[int], reply_ids: Iterable[int] = ()):
        proposal_ids, assignment_ids, reply_ids = set(proposal_ids), set(assignment_ids), set(reply_ids)
        self.people: dict[int, Person] = {}
        self._proposer: dict[int, int] = {}
        self._key_items: set[int] = set()
        self._cosigners: dict[tuple[int, str], list[int]] = defaultdict(list)
        self._bureau_of: dict[int, int] = {}
        self._bureau_roles: dict[tuple[int, str], list[int]] = defaultdict(list)
        self._principal: set[int] = set()
        self._authors: dict[int, set[int]] = defaultdict(set)
        self._cosigning: dict[int, set[int]] = defaultdict(set)  # reply → the co bureaus it awaits
        self._office: list[int] = []
        self._merged_proposers: dict[int, list[int]] = defaultdict(list)
        if proposal_ids:
            rows = db.session.execute(
                select(Proposal.id, Proposal.proposer_id, Proposal.is_key).where(Proposal.id.in_(proposal_ids))
            ).all()
            self._proposer = {proposal_id: proposer_id for proposal_id, proposer_id, _ in rows}
            self._key_items = {proposal_id for proposal_id, _, is_key in rows if is_key}
            answered = db.session.execute(
                select(Cosigner.proposal_id, Cosigner.user_id, Cosigner.state).where(
                    Cosigner.proposal_id.in_(proposal_ids),
                    Cosigner.state.in_([CosignerState.PENDING, CosignerState.CONFIRMED]),
                )
            ).all()
            for proposal_id, user_id, state in answered:
                self._cosigners[(proposal_id, state)].append(user_id)
            merged = db.session.execute(
                select(Proposal.merged_into_id, Proposal.proposer_id).where(Proposal.merged_into_id.in_(proposal_ids))
            ).all()
            for target_id, user_id in merged:
                self._merged_proposers[target_id].append(user_id)
        if assignment_ids:
            rows = db.session.execute(
                select(Assignment.id, Assignment.bureau_id).where(Assignment.id.in_(assignment_ids))
            ).all()
            self._bureau_of = dict(rows)
        if reply_ids:
            self._load_authors(reply_ids)
            self._load_cosigning(reply_ids)
        self._load_people()

    def resolve(
        self, audiences: Iterable[Audience], proposal_id: int, assignment_id: int | None, reply_id: int | None = None
    ) -> list[Person]:
        ids: set[int] = set()
        for audience in audiences:
            ids.update(self.ids(audience, proposal_id, assignment_id, reply_id))
        return [self.people[i] for i in sorted(ids) if i in self.people]

    def ids(
        self, audience: Audience, proposal_id: int, assignment_id: int | None, reply_id: int | None = None
    ) -> Iterable[int]:
        if audience == Audience.PROPOSER:
            return [self._proposer[proposal_id]] if proposal_id in self._proposer else []
        if audience == Audience.PENDING_COSIGNERS:
            return self._cosigners.get((proposal_id, CosignerState.PENDING), [])
        if audience == Audience.COSIGNERS:
            return self._cosigners.get((proposal_id, CosignerState.CONFIRMED), [])
        if audience == Audience.OFFICE:
            return self._office
        if audience == Audience.MERGED_PROPOSERS:
            return self._merged_proposers.get(proposal_id, [])
        if audience == Audience.CO_SIGNING:
            return self._co_signing(reply_id)
        bureau = self._bureau_of.get(assignment_id) if assignment_id else None
        if bureau is None:
            return []
        clerks = self._bureau_roles.get((bureau, Role.CLERK), [])
        approvers = self._bureau_roles.get((bureau, Role.APPROVER), [])
        if audience == Audience.CLERKS:
            return clerks
        if audience == Audience.APPROVERS:
            return approvers
        if audience == Audience.SIGNERS:
            return notices.signers([(i, i in self._principal) for i in approvers], proposal_id in self._key_items)
        if audience == Audience.DRAFTERS:
            return notices.drafters(self._authors.get(reply_id, ()), clerks)
        return []

    def _load_authors(self, reply_ids: set[int]) -> None:
        """Who wrote each reply: its creator and the authors of its saved versions."""
        created = select(Reply.id, Reply.created_by_id).where(Reply.id.in_(reply_ids))
        saved = select(ReplyVersion.reply_id, ReplyVersion.author_id).where(ReplyVersion.reply_id.in_(reply_ids))
        for reply_id, user_id in [*db.session.execute(created), *db.session.execute(saved)]:
            self._authors[reply_id].add(user_id)

    def _load_cosigning(self, reply_ids: set[int]) -> None:
        query = awaited_cosigns().where(ReplyCosign.reply_id.in_(reply_ids))
        query = query.with_only_columns(ReplyCosign.reply_id, Assignment.bureau_id)
        for reply_id, bureau_id in db.session.execute(query):
            self._cosigning[reply_id].add(bureau_id)

    def _co_signing(self, reply_id: int | None) -> set[int]:
        """Whoever may give a co-signature the reply awaits: any clerk or leader of that bureau."""
        return {
            user_id
            for bureau in self._cosigning.get(reply_id, ())
            for role in (Role.CLERK, Role.APPROVER)
            for user_id in self._bureau_roles.get((bureau, role), [])
        }

    def _load_people(self) -> None:
        bureaus = set(self._bureau_of.values()) | {b for found in self._cosigning.values() for b in found}
        wanted = (UserRole.role == Role.OFFICE) | (
            User.bureau_id.in_(bureaus) & UserRole.role.in_([Role.CLERK, Role.APPROVER])
        )
        rows = db.session.execute(
            select(User.id, User.name, User.email, User.email_digest, User.bureau_id, User.principal_leader,
                   UserRole.role, User.mobile, User.notify_sms, User.notify_email)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.active.is_(True), wanted)
        ).all()
        for user_id, name, email, digest, bureau_id, principal, role, mobile, sms, email_on in rows:
            self.people[user_id] = Person(user_id, name, email, digest, mobile, sms, email_on)
            if role == Role.OFFICE:
                self._office.append(user_id)
            else:
                self._bureau_roles[(bureau_id, role)].append(user_id)
            if principal:
                self._principal.add(user_id)
        proposers = set(self._proposer.values()) | {u for ids in self._cosigners.values() for u in ids}
        proposers |= {u for ids in self._merged_proposers.values() for u in ids}
        missing = proposers - set(self.people)
        if missing:
            rows = db.session.execute(
                select(User.id, User.name, User.email, User.email_digest, User.mobile, User.notify_sms,
                       User.notify_email).where(User.id.in_(missing), User.active.is_(True))
            ).all()
            for user_id, name, email, digest, mobile, sms, email_on in rows:
                self.people[user_id] = Person(user_id, name, email, digest, mobile, sms, email_on)
