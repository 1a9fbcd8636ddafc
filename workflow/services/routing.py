"""Suggested bureaus (智能分办, issue 11) for the office filing an item: the lead and co bureaus,
each with a score and the words that made it (domain/routing.py); they learn from every
assignment the office makes (text_index.learn)."""
from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from workflow.domain import bureau_keywords, routing, text_terms
from workflow.domain.term_index import TermIndex
from workflow.extensions import db
from workflow.models import Bureau, Proposal, Role, User
from workflow.services import access, text_index
from workflow.services.errors import Forbidden

NAME_WEIGHT = 2
SHOWN_NEIGHBOURS = 3


@dataclass
class BureauScore:
    bureau: Bureau
    score: float
    role: str | None  # "lead", "co", or None (ranked, not suggested)
    duty_words: list[str] = field(default_factory=list)
    keyword_words: list[str] = field(default_factory=list)
    neighbour_words: list[str] = field(default_factory=list)
    neighbours: list[tuple[str, float]] = field(default_factory=list)  # (earlier item's title, similarity)


@dataclass
class Suggested:
    lead: BureauScore | None
    co: list[BureauScore]
    ranking: list[BureauScore]


def duty_counts(bureau: Bureau) -> Counter[str]:
    counts = Counter(text_terms.terms(bureau.duties or ""))
    for term in text_terms.terms(f"{bureau.name} {bureau.short_name or ''}"):
        counts[term] += NAME_WEIGHT
    return counts


@dataclass(frozen=True)
class Knowledge:
    """What the bureaus say of themselves: their duties as an index, their keywords as a matcher."""

    duties: TermIndex
    keywords: bureau_keywords.KeywordMatcher


_knowledge: dict[str, tuple[str, Knowledge]] = {}
_knowledge_lock = threading.Lock()


def knowledge(bureaus: list[Bureau]) -> Knowledge:
    """The active bureaus' duties and keywords, rebuilt in this process when any changed."""
    key = db.engine.url.render_as_string(hide_password=True)
    digest = hashlib.sha1("\x1e".join(
        f"{b.id}\x1f{b.name}\x1f{b.short_name or ''}\x1f{b.duties or ''}\x1f{b.keywords or ''}" for b in bureaus
    ).encode(), usedforsecurity=False).hexdigest()  # a cache key
    with _knowledge_lock:
        cached = _knowledge.get(key)
        if cached is None or cached[0] != digest:
            cached = _knowledge[key] = (digest, knowledge_of(bureaus))
        return cached[1]


def knowledge_of(bureaus: list[Bureau]) -> Knowledge:
    """The bureaus' duties and keywords as suggestions read them (no database: bench/text_bench.py
    builds them from the demo's bureaus)."""
    index = TermIndex()
    for bureau in bureaus:
        index.add(bureau.id, duty_counts(bureau))
    return Knowledge(index, bureau_keywords.KeywordMatcher.of({b.id: bureau_keywords.parse(b.keywords) for b in bureaus}))


def suggest_text(title: str, body: str = "", exclude_proposal_id: int | None = None) -> Suggested:
    bureaus = db.session.execute(select(Bureau).where(Bureau.active.is_(True)).order_by(Bureau.id)).scalars().all()
    by_id = {b.id: b for b in bureaus}
    examples, labels = text_index.examples()
    own = {doc_id for doc_id, doc in examples.docs.items() if doc.group and doc.group[0] == exclude_proposal_id} \
        if exclude_proposal_id else set()
    known = knowledge(bureaus)
    result = routing.rank(
        text_terms.document_terms(title, body), known.duties, examples, labels,
        bureau_ids=set(by_id), exclude_examples=own, keyword_hits=known.keywords.match(title, body),
    )
    lead_id = result.lead.bureau_id if result.lead else None
    co_ids = {r.bureau_id for r in result.co}

    def score(r: routing.Ranked) -> BureauScore:
        role = "lead" if r.bureau_id == lead_id else "co" if r.bureau_id in co_ids else None
        neighbours = [(labels[d].title, round(s, 3)) for d, s in r.neighbours[:SHOWN_NEIGHBOURS]]
        return BureauScore(by_id[r.bureau_id], round(r.co_score if role == "co" else r.score, 3), role,
                           r.duty_words, r.keyword_words, r.neighbour_words, neighbours)

    ranking = [score(r) for r in result.ranking]
    lead = next((s for s in ranking if s.role == "lead"), None)
    return Suggested(lead, [s for s in ranking if s.role == "co"], ranking)


def suggest_for(user: User, proposal_id: int) -> Suggested:
    """For the office: suggestions for a proposal it may assign."""
    proposal: Proposal = access.get_proposal(user, proposal_id)
    if not user.has_role(Role.OFFICE):
        raise Forbidden(_("Only the office assigns bureaus."))
    return suggest_text(proposal.title, proposal.body, exclude_proposal_id=proposal.id)
