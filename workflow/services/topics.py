"""The office's topic list (参考选题目录, issue 12): topics per session, published to members, and
how many proposals each drew."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from workflow.domain.lifecycle import ProposalState
from workflow.extensions import db
from workflow.models import Proposal, Role, Session, Topic, User
from workflow.services.errors import Forbidden, Invalid, NotFound

TITLE_MAX = 200
PARAGRAPH_MAX = 2000
BUREAUS_MAX = 400
TOPICS_MAX = 200  # per session: a list members read, not a database


@dataclass
class TopicInput:
    session_id: int | None
    title: str
    paragraph: str = ""
    bureaus: str = ""
    published: bool = True
    position: int = 0


def _office(actor: User) -> None:
    if not actor.has_role(Role.OFFICE):
        raise Forbidden(_("Only the office keeps the topic list."))


def _validate(data: TopicInput) -> Session:
    errors = {}
    session = db.session.get(Session, data.session_id) if data.session_id else None
    if session is None:
        errors["session_id"] = _("Choose a session.")
    for name, value, limit in (("title", data.title, TITLE_MAX), ("paragraph", data.paragraph, PARAGRAPH_MAX),
                               ("bureaus", data.bureaus, BUREAUS_MAX)):
        if len((value or "").strip()) > limit:
            errors[name] = _("At most %(n)d characters.", n=limit)
    if not (data.title or "").strip():
        errors["title"] = _("This field is required.")
    if errors:
        raise Invalid(errors)
    return session


def create(actor: User, data: TopicInput, now: datetime) -> Topic:
    _office(actor)
    session = _validate(data)
    count = db.session.execute(select(func.count()).select_from(Topic).where(Topic.session_id == session.id)).scalar_one()
    if count >= TOPICS_MAX:
        raise Invalid({"title": _("A session has at most %(n)d topics.", n=TOPICS_MAX)})
    topic = Topic(session_id=session.id, created_at=now)
    _apply(topic, data)
    db.session.add(topic)
    db.session.commit()
    return topic


def update(actor: User, topic_id: int, data: TopicInput) -> Topic:
    _office(actor)
    topic = db.session.get(Topic, topic_id)
    if topic is None:
        raise NotFound(_("No such topic."))
    data.session_id = topic.session_id
    _validate(data)
    _apply(topic, data)
    db.session.commit()
    return topic


def _apply(topic: Topic, data: TopicInput) -> None:
    topic.title = data.title.strip()
    topic.paragraph = (data.paragraph or "").strip()
    topic.bureaus = (data.bureaus or "").strip()
    topic.published = bool(data.published)
    topic.position = int(data.position or 0)


def get(actor: User, topic_id: int) -> Topic:
    topic = db.session.get(Topic, topic_id)
    if topic is None or not (actor.has_role(Role.OFFICE) or topic.published):
        raise NotFound(_("No such topic."))
    return topic


def published_for(actor: User) -> list[Topic]:
    """What a member sees when starting to write: the published topics of the open sessions of
    their channel."""
    query = (select(Topic).join(Session, Session.id == Topic.session_id)
             .where(Topic.published.is_(True), Session.active.is_(True)))
    if actor.channel:
        query = query.where(Session.channel == actor.channel)
    return list(db.session.execute(query.order_by(Topic.session_id, Topic.position, Topic.id).limit(TOPICS_MAX)).scalars())


@dataclass
class TopicFigure:
    topic: Topic
    drafts: int  # written from it, not (yet) submitted
    submitted: int  # submitted or later, not withdrawn
    filed: int


def figures(actor: User, session_id: int | None) -> list[TopicFigure]:
    """The office's list with the number of proposals each topic drew."""
    _office(actor)
    query = select(Topic).order_by(Topic.session_id.desc(), Topic.position, Topic.id)
    if session_id:
        query = query.where(Topic.session_id == session_id)
    topics = list(db.session.execute(query.limit(TOPICS_MAX)).scalars())
    S = ProposalState
    before = (S.DRAFT, S.AWAITING_COSIGNERS)
    filed = (S.FILED, S.IN_HANDLING, S.REPLIED, S.REHANDLING, S.CLOSED)
    counts: dict[int, dict[str, int]] = {t.id: {"drafts": 0, "submitted": 0, "filed": 0} for t in topics}
    if topics:
        rows = db.session.execute(
            select(Proposal.topic_id, Proposal.state, func.count())
            .where(Proposal.topic_id.in_(list(counts))).group_by(Proposal.topic_id, Proposal.state)
        )
        for topic_id, state, n in rows:
            if state in before:
                counts[topic_id]["drafts"] += n
            elif state != S.WITHDRAWN:
                counts[topic_id]["submitted"] += n
            if state in filed:
                counts[topic_id]["filed"] += n
    return [TopicFigure(t, **counts[t.id]) for t in topics]


def usable_id(session: Session, topic_id: int | None) -> int | None:
    """A draft's topic: a published one of the draft's session, else none."""
    if not topic_id:
        return None
    topic = db.session.get(Topic, topic_id)
    return topic.id if topic is not None and topic.published and topic.session_id == session.id else None
