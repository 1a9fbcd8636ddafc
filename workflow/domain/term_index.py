"""An in-memory index of term counts that finds the documents nearest a query by TF-IDF cosine
similarity, with the words that made each match (issue 11).

Why cosine of TF-IDF: the score lies between 0 and 1 and means the same for a short title and a
long text, so a fixed threshold can say "likely duplicate"; sublinear term frequency (1 + ln tf)
keeps one word repeated many times from dominating. BM25 ranks a little better for short queries
but its scores have no fixed scale. Inverse document frequency is smoothed as scikit-learn does,
ln((1 + N) / (1 + df)) + 1, so a word in every document still counts a little.

Why an inverted index of our own: it updates one document at a time (every save of a draft, every
assignment), which scikit-learn's vectorizers and rank-bm25 do not, and rank-bm25 scores every
document per query. A query is answered in two steps, as Lucene's "more like this" does: the
query's most distinctive terms (KEY_TERMS) collect candidates from their postings, ranked by the
partial dot product; the best CANDIDATES are then scored exactly on all their terms. Words in more
than KEY_MAX_SHARE of the documents collect no candidates (their postings are long and their weight
small), though they count in the exact score.

Document norms depend on every document (through IDF): each is cached with the corpus size it
was computed at and recomputed once the corpus has grown or shrunk by more than NORM_DRIFT.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

KEY_TERMS = 25
KEY_MAX_SHARE = 0.1  # a word in more than this share of the documents collects no candidates
CANDIDATES = 100
NORM_DRIFT = 0.02


@dataclass
class Doc:
    counts: dict[str, int]
    stamp: int = 0  # when the stored row was written (see services/text_index.py)
    group: tuple = ()  # what a search may be limited to, e.g. (channel, session id)
    norm: float = 0.0
    norm_at: int = 0  # corpus size when the norm was computed


@dataclass(frozen=True)
class Match:
    doc_id: int
    score: float  # cosine similarity, 0..1
    shared: tuple[str, ...]  # shared terms, the largest contribution first


@dataclass
class TermIndex:
    docs: dict[int, Doc] = field(default_factory=dict)
    postings: dict[str, dict[int, int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.docs)

    def add(self, doc_id: int, counts: Mapping[str, int], stamp: int = 0, group: tuple = ()) -> None:
        """Add or replace a document."""
        self.remove(doc_id)
        kept = {term: count for term, count in counts.items() if count > 0}
        self.docs[doc_id] = Doc(kept, stamp, group)
        for term, count in kept.items():
            self.postings.setdefault(term, {})[doc_id] = count

    def remove(self, doc_id: int) -> None:
        doc = self.docs.pop(doc_id, None)
        if doc is None:
            return
        for term in doc.counts:
            posting = self.postings.get(term)
            if posting is not None:
                posting.pop(doc_id, None)
                if not posting:
                    del self.postings[term]

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        return math.log((1 + len(self.docs)) / (1 + df)) + 1.0

    def vector(self, counts: Mapping[str, int]) -> dict[str, float]:
        return {term: _sublinear(count) * self.idf(term) for term, count in counts.items() if count > 0}

    def norm(self, doc_id: int) -> float:
        doc = self.docs[doc_id]
        size = len(self.docs)
        if not doc.norm or abs(size - doc.norm_at) > NORM_DRIFT * max(size, doc.norm_at):
            doc.norm = math.sqrt(sum(w * w for w in self.vector(doc.counts).values())) or 1.0
            doc.norm_at = size
        return doc.norm

    def similarity(self, counts: Mapping[str, int], doc_id: int) -> Match:
        """The exact score of one document against a query."""
        query = self.vector(counts)
        return self._score(query, _norm(query), doc_id)

    def search(
        self,
        counts: Mapping[str, int],
        limit: int = 10,
        minimum: float = 0.0,
        exclude: Iterable[int] = (),
        accept: Callable[[int, Doc], bool] | None = None,
    ) -> list[Match]:
        """The `limit` documents nearest the query, best first, scoring at least `minimum`;
        `accept(doc_id, doc)` limits the search (by group, say)."""
        query = self.vector(counts)
        if not query or not self.docs:
            return []
        norm = _norm(query)
        skip = set(exclude)
        common = max(64, KEY_MAX_SHARE * len(self.docs))
        ordered = sorted(query, key=lambda t: (-query[t], t))
        keys = [t for t in ordered if len(self.postings.get(t, ())) <= common][:KEY_TERMS] or ordered[:3]
        partial: dict[int, float] = {}
        get = partial.get
        for term in keys:
            weight = query[term] * self.idf(term)
            for doc_id, count in self.postings.get(term, {}).items():
                partial[doc_id] = get(doc_id, 0.0) + weight * _sublinear(count)
        idf = {term: self.idf(term) for term in query}
        scored: list[tuple[float, int]] = []
        for doc_id in _best_first(partial, CANDIDATES * 4):
            if doc_id in skip or (accept is not None and not accept(doc_id, self.docs[doc_id])):
                continue
            scored.append((self._cosine(query, norm, doc_id, idf), doc_id))
            if len(scored) >= CANDIDATES:
                break
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [self._score(query, norm, doc_id, idf) for score, doc_id in scored[:limit]
                if score >= minimum and score > 0]

    def _cosine(self, query: dict[str, float], norm: float, doc_id: int, idf: dict[str, float]) -> float:
        counts = self.docs[doc_id].counts
        dot = 0.0
        for term, weight in query.items():
            count = counts.get(term)
            if count:
                dot += weight * _sublinear(count) * idf[term]
        return min(1.0, dot / (norm * self.norm(doc_id))) if dot else 0.0

    def _score(self, query: dict[str, float], norm: float, doc_id: int, idf: dict[str, float] | None = None) -> Match:
        doc = self.docs[doc_id]
        contributions = {}
        for term, weight in query.items():
            count = doc.counts.get(term)
            if count:
                contributions[term] = weight * _sublinear(count) * (idf[term] if idf else self.idf(term))
        score = sum(contributions.values()) / (norm * self.norm(doc_id)) if contributions else 0.0
        shared = tuple(sorted(contributions, key=lambda t: (-contributions[t], t)))
        return Match(doc_id, min(1.0, score), shared)


def _best_first(scores: dict[int, float], head: int):
    """The keys by descending score: the first `head` by a partial sort (most searches stop
    there), the rest sorted only if they are reached."""
    top = heapq.nlargest(head, scores, key=scores.__getitem__)
    yield from top
    if len(scores) > head:
        seen = set(top)
        yield from sorted((d for d in scores if d not in seen), key=lambda d: (-scores[d], d))


_LOGS = [0.0] + [1.0 + math.log(n) for n in range(1, 64)]


def _sublinear(count: int) -> float:
    return _LOGS[count] if count < 64 else 1.0 + math.log(count)


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values())) or 1.0
