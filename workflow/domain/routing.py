"""Suggested bureaus (智能分办, issue 11): which bureau should lead an item, and which should
co-handle it, each with a score and the words that made it.

Three kinds of evidence, combined:
- the bureau's duties (职能, its 三定 summary, with its name): TF-IDF cosine between the item
  and each bureau's duties; alone, this is the "duties" baseline of BENCHMARKS.md;
- the bureau's keywords (分办关键词, domain/bureau_keywords.py): the names of its matters found in
  the item's text. They weigh KEYWORD_WEIGHT times the duties: a title names its matter in
  everyday words (公交站台, 殡仪馆, 河堤) that a 三定 paragraph puts in general ones;
- how the office assigned earlier items with similar text: the NEIGHBOURS nearest earlier items
  vote for their lead bureau (and their co bureaus, for co-handling), each vote weighing its
  similarity squared, so one close item outweighs several loose ones.

The neighbours' share of the score grows with how close the nearest one is (CLOSE): with no
earlier item like this one, the duties and keywords decide; with a near duplicate, its bureau
does. Every part is normalised to 0..1 (the duties by the best bureau's similarity, the keywords
by the best bureau's hits, the votes by their sum), so the score is 0..1 and comparable between
items. The weights were chosen on the training items' leave-one-out (BENCHMARKS.md): between 1 and
3 for the keywords, 0.3 and 0.75 for the neighbours, they move at most 3 items of 112.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from workflow.domain.bureau_keywords import Hit
from workflow.domain.term_index import TermIndex

NEIGHBOURS = 12
NEIGHBOUR_MINIMUM = 0.08  # a neighbour less similar than this is no evidence
KNN_WEIGHT = 0.5  # the neighbours' share when the nearest is at least CLOSE
CLOSE = 0.7  # titles on different matters often share a third of their weight in generic words
CO_MINIMUM = 0.3  # a co bureau's own score must reach this
MAX_CO = 3
REASON_WORDS = 6
KEYWORD_WEIGHT = 2.0  # the keywords' weight beside the duties' (one)


@dataclass(frozen=True)
class Example:
    """An earlier item as the office assigned it."""

    lead: int
    co: tuple[int, ...] = ()
    title: str = ""


@dataclass
class Ranked:
    bureau_id: int
    score: float
    duties_score: float = 0.0  # the duties part, 0..1
    votes_score: float = 0.0  # the neighbours part, 0..1
    keyword_score: float = 0.0  # the keywords part, 0..1
    co_score: float = 0.0
    duty_words: list[str] = field(default_factory=list)
    keyword_words: list[str] = field(default_factory=list)
    neighbour_words: list[str] = field(default_factory=list)
    neighbours: list[tuple[int, float]] = field(default_factory=list)  # (example id, similarity)

    @property
    def knowledge(self) -> float:
        """What the bureau says of itself, duties and keywords together, 0..1."""
        return (self.duties_score + KEYWORD_WEIGHT * self.keyword_score) / (1 + KEYWORD_WEIGHT)


@dataclass(frozen=True)
class Suggestion:
    lead: Ranked | None
    co: list[Ranked]
    ranking: list[Ranked]  # every bureau with any evidence, best first


def rank(
    query: Mapping[str, int],
    duties: TermIndex,
    examples: TermIndex,
    labels: Mapping[int, Example],
    bureau_ids: set[int] | None = None,
    exclude_examples: set[int] | None = None,
    knn_weight: float | None = None,
    keyword_hits: Mapping[int, Hit] | None = None,
) -> Suggestion:
    """Rank bureaus for the item whose term counts are `query`. `duties` holds one document per
    bureau (document id = bureau id); `examples` the earlier items (id -> `labels`). Bureaus not
    in `bureau_ids` (inactive ones) are never suggested."""
    allowed = bureau_ids if bureau_ids is not None else set(duties.docs)
    rows: dict[int, Ranked] = {}

    def row(bureau_id: int) -> Ranked:
        return rows.setdefault(bureau_id, Ranked(bureau_id, 0.0))

    duty_matches = duties.search(query, limit=len(duties) or 1, accept=lambda d, _doc: d in allowed)
    best_duty = max((m.score for m in duty_matches), default=0.0)
    for match in duty_matches:
        r = row(match.doc_id)
        r.duties_score = match.score / best_duty if best_duty else 0.0
        r.duty_words = list(match.shared[:REASON_WORDS])
    hits = {b: h for b, h in (keyword_hits or {}).items() if b in allowed}
    best_hit = max((h.score for h in hits.values()), default=0.0)
    for bureau_id, hit in hits.items():
        r = row(bureau_id)
        r.keyword_score = hit.score / best_hit
        r.keyword_words = hit.words[:REASON_WORDS]

    neighbours = examples.search(
        query, limit=NEIGHBOURS, minimum=NEIGHBOUR_MINIMUM, exclude=exclude_examples or (),
        accept=lambda d, _doc: d in labels and labels[d].lead in allowed,
    )
    votes: dict[int, float] = defaultdict(float)
    co_votes: dict[int, float] = defaultdict(float)
    words: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for match in neighbours:
        example = labels[match.doc_id]
        weight = match.score ** 2
        votes[example.lead] += weight
        row(example.lead).neighbours.append((match.doc_id, match.score))
        for rank_, term in enumerate(match.shared[:REASON_WORDS]):
            words[example.lead][term] += weight / (1 + rank_)
        for bureau_id in example.co:
            if bureau_id in allowed:
                co_votes[bureau_id] += weight
    total = sum(votes.values())
    nearest = neighbours[0].score if neighbours else 0.0
    share = (KNN_WEIGHT if knn_weight is None else knn_weight) * min(1.0, nearest / CLOSE) if total else 0.0
    for bureau_id, vote in votes.items():
        r = row(bureau_id)
        r.votes_score = vote / total
        r.neighbour_words = sorted(words[bureau_id], key=lambda t: -words[bureau_id][t])[:REASON_WORDS]
    for r in rows.values():
        r.score = round((1 - share) * r.knowledge + share * r.votes_score, 4)

    ranking = sorted((r for r in rows.values() if r.score > 0), key=lambda r: (-r.score, r.bureau_id))
    lead = ranking[0] if ranking else None
    all_votes = total + sum(co_votes.values())
    for r in ranking:
        co_part = (co_votes.get(r.bureau_id, 0.0) + votes.get(r.bureau_id, 0.0)) / all_votes if all_votes else 0.0
        r.co_score = round((1 - share) * r.knowledge + share * co_part, 4)
    co = [r for r in ranking[1:] if r.co_score >= CO_MINIMUM][:MAX_CO]
    return Suggestion(lead, co, ranking)
