"""Who an audience of the reminder plans is, for a batch of clocks, in a handful of queries."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from workflow.domain.reminders import Audience
from workflow.extensions import db
from workflow.models import Assignment, Cosigner, CosignerState, Proposal, Role, User, UserRole


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str | None
    digest: bool


class Directory:
    """The people behind the audiences of a set of items, loaded once per sweep batch."""

    def __init__(self, proposal_ids: Iterable[int], assignment_ids: Iterable[int]):
        proposal_ids, assignment_ids = set(proposal_ids), set(assignment_ids)
        self.people: dict[int, Person] = {}
        self._proposer: dict[int, int] = {}
        self._cosigners: dict[int, list[int]] = defaultdict(list)
        self._bureau_of: dict[int, int] = {}
        self._bureau_roles: dict[tuple[int, str], list[int]] = defaultdict(list)
        self._office: list[int] = []
        if proposal_ids:
            rows = db.session.execute(
                select(Proposal.id, Proposal.proposer_id).where(Proposal.id.in_(proposal_ids))
            ).all()
            self._proposer = dict(rows)
            pending = db.session.execute(
                select(Cosigner.proposal_id, Cosigner.user_id).where(
                    Cosigner.proposal_id.in_(proposal_ids), Cosigner.state == CosignerState.PENDING
                )
            ).all()
            for proposal_id, user_id in pending:
                self._cosigners[proposal_id].append(user_id)
        if assignment_ids:
            rows = db.session.execute(
                select(Assignment.id, Assignment.bureau_id).where(Assignment.id.in_(assignment_ids))
            ).all()
            self._bureau_of = dict(rows)
        self._load_people()

    def resolve(self, audiences: Iterable[Audience], proposal_id: int, assignment_id: int | None) -> list[Person]:
        ids: set[int] = set()
        for audience in audiences:
            ids.update(self._ids(audience, proposal_id, assignment_id))
        return [self.people[i] for i in sorted(ids) if i in self.people]

    def _ids(self, audience: Audience, proposal_id: int, assignment_id: int | None) -> list[int]:
        if audience == Audience.PROPOSER:
            return [self._proposer[proposal_id]] if proposal_id in self._proposer else []
        if audience == Audience.PENDING_COSIGNERS:
            return self._cosigners.get(proposal_id, [])
        if audience == Audience.OFFICE:
            return self._office
        bureau = self._bureau_of.get(assignment_id) if assignment_id else None
        if bureau is None:
            return []
        role = Role.CLERK if audience == Audience.CLERKS else Role.APPROVER
        return self._bureau_roles.get((bureau, role), [])

    def _load_people(self) -> None:
        bureaus = set(self._bureau_of.values())
        wanted = (UserRole.role == Role.OFFICE) | (
            User.bureau_id.in_(bureaus) & UserRole.role.in_([Role.CLERK, Role.APPROVER])
        )
        rows = db.session.execute(
            select(User.id, User.name, User.email, User.email_digest, User.bureau_id, UserRole.role)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.active.is_(True), wanted)
        ).all()
        for user_id, name, email, digest, bureau_id, role in rows:
            self.people[user_id] = Person(user_id, name, email, digest)
            if role == Role.OFFICE:
                self._office.append(user_id)
            else:
                self._bureau_roles[(bureau_id, role)].append(user_id)
        proposers = set(self._proposer.values()) | {u for ids in self._cosigners.values() for u in ids}
        missing = proposers - set(self.people)
        if missing:
            rows = db.session.execute(
                select(User.id, User.name, User.email, User.email_digest).where(
                    User.id.in_(missing), User.active.is_(True)
                )
            ).all()
            for user_id, name, email, digest in rows:
                self.people[user_id] = Person(user_id, name, email, digest)
