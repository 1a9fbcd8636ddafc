"""Similar proposals (查重, issue 11): beside a text being written, and at review.

Scores are TF-IDF cosine similarities (domain/term_index.py) over every stored proposal. What a
user is shown follows who may see what: a member sees the proposals of their channel that were
submitted and are being or were handled (title, number, session, state, who wrote it, the
published reply) and their own; the office every proposal but other people's drafts. The full
text is only linked when the user may open the proposal.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import case, false, or_, select

from workflow.domain import passages, text_terms
from workflow.domain.lifecycle import ProposalState
from workflow.domain.publication import PublicationState
from workflow.domain.term_index import Match
from workflow.extensions import db
from workflow.models import Proposal, Publication, Session, User
from workflow.services import access, text_index

S = ProposalState
# The proposals any member may find as similar: submitted, not refused, not withdrawn.
LISTED = (S.SUBMITTED, S.UNDER_REVIEW, S.FILED, S.IN_HANDLING, S.REPLIED, S.CLOSED)
SHOWN = 0.15  # below this, texts share words, not a subject
LIKELY_DUPLICATE = 0.5
LIMIT = 5
WORDS = 8


@dataclass(frozen=True)
class Listed:
    """What a similar proposal shows, read in one statement (no ORM objects: a search must stay
    cheap, see BENCHMARKS.md)."""

    id: int
    title: str
    number: str | None
    state: str
    channel: str
    session_id: int
    session_name: str
    author: str  # the collective's name or the proposer's
    body: str | None = None  # for the office's comparison at review only


@dataclass
class Similar:
    proposal: Listed
    score: float
    words: list[str]
    visible: bool  # may the user open it
    same_session: bool
    duplicate: bool
    publication: Publication | None = None
    passages: dict = field(default_factory=dict)  # review only: marked HTML of both texts


def listing_filter(user: User):
    return or_(Proposal.state.in_([str(s) for s in LISTED]), access.proposal_filter(user))


def for_text(user: User, title: str, body: str, channel: str | None, session_id: int | None = None,
             exclude_id: int | None = None, limit: int = LIMIT) -> list[Similar]:
    """The proposals most like a text being written (title and body), of the user's channel."""
    counts = text_terms.document_terms(title, body)
    return _found(user, counts, channel, session_id, exclude_id, limit)


def for_proposal(user: User, proposal_id: int, limit: int = LIMIT, same_session: bool = False) -> list[Similar]:
    proposal = access.get_proposal(user, proposal_id)
    counts = text_index.proposal_counts(proposal)
    return _found(user, counts, proposal.channel, proposal.session_id, proposal.id, limit, same_session)


def duplicates(user: User, proposal: Proposal, limit: int = LIMIT) -> list[Similar]:
    """For the office at review: likely duplicates and merge candidates of the same session,
    with the passages both texts share marked."""
    found = for_proposal(user, proposal.id, limit, same_session=True)
    bodies = dict(db.session.execute(
        select(Proposal.id, Proposal.body).where(Proposal.id.in_([item.proposal.id for item in found]))
    ).all()) if found else {}
    for item in found:
        theirs = bodies.get(item.proposal.id) or ""
        a, b = passages.shared(proposal.body or "", theirs)
        ta, tb = passages.shared(proposal.title, item.proposal.title, min_run=4)
        item.passages = {
            "mine": passages.marked(proposal.body or "", a), "theirs": passages.marked(theirs, b),
            "mine_title": passages.marked(proposal.title, ta), "theirs_title": passages.marked(item.proposal.title, tb),
            "share": round(passages.coverage_ratio(theirs, b), 2),
        }
    return found


def _found(user: User, counts: Mapping[str, int], channel: str | None, session_id: int | None,
           exclude_id: int | None, limit: int, same_session: bool = False) -> list[Similar]:
    index = text_index.proposals()

    def accept(doc_id: int, doc) -> bool:
        if channel and doc.group[0] != channel:
            return False
        return not same_session or doc.group[1] == session_id

    # More candidates than shown: some will be proposals the user may not list.
    matches = index.search(counts, limit=limit * 4, minimum=SHOWN, exclude=[exclude_id] if exclude_id else [],
                           accept=accept)
    if not matches:
        return []
    by_id = {m.doc_id: m for m in matches}
    sees = access.proposal_filter(user)
    visible = case((sees, True), else_=False) if sees is not False else false()
    rows = db.session.execute(
        select(Proposal.id, Proposal.title, Proposal.number, Proposal.state, Proposal.channel, Proposal.session_id,
               Session.name, Proposal.collective_name, User.name, visible.label("visible"))
        .join(Session, Session.id == Proposal.session_id).join(User, User.id == Proposal.proposer_id)
        .where(Proposal.id.in_(by_id), listing_filter(user))
    ).all()
    rows = sorted(rows, key=lambda r: (-by_id[r[0]].score, r[0]))[:limit]
    ids = [r[0] for r in rows]
    published = {
        pub.proposal_id: pub for pub in db.session.execute(
            select(Publication).where(Publication.proposal_id.in_(ids), Publication.state == PublicationState.PUBLISHED)
            .order_by(Publication.id)
        ).scalars()
    } if ids else {}
    return [
        _item(Listed(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or r[8]), by_id[r[0]], bool(r[9]), session_id,
              published.get(r[0]))
        for r in rows
    ]


def _item(proposal: Listed, match: Match, visible: bool, session_id: int | None, publication) -> Similar:
    score = round(match.score, 3)
    return Similar(
        proposal=proposal, score=score, words=list(match.shared[:WORDS]), visible=visible,
        same_session=proposal.session_id == session_id, duplicate=score >= LIKELY_DUPLICATE,
        publication=publication,
    )
