"""Progress in the open (办理进度公开, issue 12): the filed items of the sessions whose setting says
so, with their number, masked title, lead and co bureaus, public stage and published replies.

What a page reads follows the page: the items of the page and their count, then one query each
for their bureaus, their published replies and the names that masking hides.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, literal, or_, select

from workflow.domain import masking
from workflow.domain.assignment import AssignmentState
from workflow.domain.lifecycle import Channel
from workflow.domain.masking_base import MaskingRules
from workflow.domain.public_progress import PUBLIC_STATES, PublicStage, stage, states_of
from workflow.domain.publication import PublicationState
from workflow.extensions import db
from workflow.models import Assignment, Bureau, Category, Cosigner, Proposal, Publication, Session, User
from workflow.services import publication_settings
from workflow.services.errors import NotFound
from workflow.services.queries import Page

PAGE_SIZE = 20
Q_MAX = 100


@dataclass(frozen=True)
class ProgressFilter:
    q: str | None = None
    session: int | None = None
    channel: str | None = None
    bureau: int | None = None
    stage: str | None = None
    page: int = 1


@dataclass
class BureauPart:
    id: int
    name: str
    role: str  # lead, co, separate


@dataclass
class PublishedReply:
    id: int  # the publication's: /public/replies/<id>
    title: str
    publisher: str
    letter_date: object


@dataclass
class ProgressItem:
    id: int
    number: str
    title: str  # masked
    channel: str
    session_id: int
    session_name: str
    category: str | None
    stage: PublicStage
    filed_at: datetime | None
    closed_at: datetime | None
    bureaus: list[BureauPart] = field(default_factory=list)
    replies: list[PublishedReply] = field(default_factory=list)

    @property
    def lead(self) -> list[BureauPart]:
        return [b for b in self.bureaus if b.role in ("lead", "separate")]

    @property
    def co(self) -> list[BureauPart]:
        return [b for b in self.bureaus if b.role == "co"]


def _signed_for():
    return exists().where(
        Assignment.proposal_id == Proposal.id, Assignment.received_at.is_not(None),
        Assignment.state != AssignmentState.WITHDRAWN,
    )


def _visible():
    """Filed items of sessions that show their progress; never a draft, not filed or withdrawn one."""
    return and_(Session.progress_public.is_(True), Proposal.state.in_(PUBLIC_STATES), Proposal.number.is_not(None))


def open_sessions() -> list[Session]:
    query = select(Session).where(Session.progress_public.is_(True)).order_by(Session.year.desc(), Session.id)
    return list(db.session.execute(query).scalars())


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(f: ProgressFilter) -> list:
    where = [_visible()]
    if f.session:
        where.append(Proposal.session_id == f.session)
    if f.channel in set(Channel):
        where.append(Proposal.channel == f.channel)
    if f.bureau:
        where.append(exists().where(Assignment.proposal_id == Proposal.id, Assignment.bureau_id == f.bureau,
                                    Assignment.state != AssignmentState.WITHDRAWN))
    if f.stage in set(PublicStage):
        states, signed = states_of(PublicStage(f.stage))
        where.append(Proposal.state.in_(states))
        if signed is not None:
            # 交办 also takes every filed item not yet assigned, whatever `signed` says of in_handling
            where.append(or_(Proposal.state != "in_handling", _signed_for() if signed else ~_signed_for()))
    q = (f.q or "").strip()[:Q_MAX]
    if q:
        title = and_(Proposal.title.like(_like(q), escape="\\"), ~_names_in(q))
        where.append(or_(title, Proposal.number.like(_like(q), escape="\\")))
    return where


def _names_in(q: str):
    """The item's proposer or a co-signer has a name that the query overlaps: a title matched on it
    would give away a name the portal masks, so such a query finds the item by its number only."""
    overlaps = or_(User.name.like(_like(q), escape="\\"), literal(q).contains(User.name))
    people = (
        select(User.id).where(User.id == Proposal.proposer_id, overlaps)
        .union_all(select(User.id).join(Cosigner, Cosigner.user_id == User.id)
                   .where(Cosigner.proposal_id == Proposal.id, overlaps))
    )
    return exists(people.subquery().select())


def listing(f: ProgressFilter, size: int = PAGE_SIZE) -> Page:
    page = max(1, f.page)
    where = _conditions(f)
    total = db.session.execute(
        select(func.count()).select_from(Proposal).join(Session, Session.id == Proposal.session_id).where(*where)
    ).scalar_one()
    rows = db.session.execute(
        _columns().where(*where)
        .order_by(Session.year.desc(), Proposal.session_id.desc(), Proposal.number_seq, Proposal.id)
        .offset((page - 1) * size).limit(size)
    ).all()
    return Page(items=_items(rows), total=total, page=page, size=size)


def get(proposal_id: int) -> ProgressItem:
    row = db.session.execute(_columns().where(_visible(), Proposal.id == proposal_id)).first()
    if row is None:
        raise NotFound(_("No such item."))
    return _items([row])[0]


def _columns():
    return (
        select(Proposal.id, Proposal.number, Proposal.title, Proposal.channel, Proposal.session_id,
               Session.name.label("session_name"), Category.name.label("category"), Proposal.state,
               Proposal.filed_at, Proposal.closed_at, User.name.label("proposer"),
               _signed_for().label("signed_for"))
        .join(Session, Session.id == Proposal.session_id)
        .join(User, User.id == Proposal.proposer_id)
        .outerjoin(Category, Category.id == Proposal.category_id)
    )


def _items(rows) -> list[ProgressItem]:
    ids = [r.id for r in rows]
    if not ids:
        return []
    bureaus: dict[int, list[BureauPart]] = {i: [] for i in ids}
    for proposal_id, bureau_id, name, role in db.session.execute(
        select(Assignment.proposal_id, Bureau.id, Bureau.name, Assignment.role)
        .join(Bureau, Bureau.id == Assignment.bureau_id)
        .where(Assignment.proposal_id.in_(ids), Assignment.state != AssignmentState.WITHDRAWN)
        .order_by(Assignment.id)
    ):
        bureaus[proposal_id].append(BureauPart(bureau_id, name, role))
    replies: dict[int, list[PublishedReply]] = {i: [] for i in ids}
    for pub in db.session.execute(
        select(Publication.id, Publication.proposal_id, Publication.title, Publication.publisher,
               Publication.letter_date)
        .where(Publication.proposal_id.in_(ids), Publication.state == PublicationState.PUBLISHED)
        .order_by(Publication.id)
    ):
        replies[pub.proposal_id].append(PublishedReply(pub.id, pub.title, pub.publisher, pub.letter_date))
    names: dict[int, list[str]] = {r.id: [r.proposer] for r in rows}
    for proposal_id, name in db.session.execute(
        select(Cosigner.proposal_id, User.name).join(User, User.id == Cosigner.user_id)
        .where(Cosigner.proposal_id.in_(ids))
    ):
        names[proposal_id].append(name)
    masked = bool(publication_settings.get("publication.masking"))
    return [
        ProgressItem(
            id=r.id, number=r.number, title=_masked(r.title, names[r.id]) if masked else r.title,
            channel=r.channel, session_id=r.session_id, session_name=r.session_name, category=r.category,
            stage=stage(r.state, bool(r.signed_for)), filed_at=r.filed_at, closed_at=r.closed_at,
            bureaus=bureaus[r.id], replies=replies[r.id],
        )
        for r in rows
    ]


def _masked(text: str, names: list[str]) -> str:
    """The title as replies are masked (SPEC 3.5): proposers' names, mobiles, ID cards, e-mails."""
    return masking.mask(text, MaskingRules(person_names=tuple(n for n in dict.fromkeys(names) if n)))


def set_open(session_id: int, on: bool, now: datetime, actor: User | None = None) -> Session:
    """Turn progress in the open on or off for a session (the admin's session form does the same)."""
    from workflow.services import events

    session = db.session.get(Session, session_id)
    if session is None:
        raise NotFound(_("No such session."))
    changes = events.diff(session, {"progress_public": bool(on)})
    if changes:
        events.record("session-update", now, actor, note=session.name, changes=changes)
    db.session.commit()
    return session
