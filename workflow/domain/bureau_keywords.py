"""A bureau's keywords (分办关键词): the everyday names of the matters it handles, as a proposal
office keeps them beside each bureau's duties, for suggested bureaus (issue 11).

Matched as substrings of the item's text, not as segmented words: Chinese titles join matter
words into local compounds (稻花鱼节广场, 钟马路建设资金) that segmentation cuts unpredictably,
while a keyword is found wherever its characters stand. An occurrence inside a longer keyword's
occurrence does not count (公交 inside 公交站台): the more specific word speaks. A keyword several
bureaus list weighs 1/n for each.

The title names the matter; a body of two thousand characters names dozens of them in passing. So
each keyword in the title weighs TITLE_WEIGHT, and the body's keywords share BODY_WEIGHT between
the bureaus in proportion to what each found there: the body decides only where the title is mute.

The keywords are found in one pass over the text by an Aho-Corasick automaton (pyahocorasick):
about 5,700 keywords looked for one at a time cost 15 ms over a 2,500-character text.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import ahocorasick

_SEPARATORS = re.compile(r"[\s,，、;；/|]+")
TITLE_WEIGHT = 3
BODY_WEIGHT = 1


def parse(text: str | None) -> list[str]:
    """The keywords of an administrator's text: separated by spaces, commas, 、 or new lines;
    each once, in order."""
    seen: dict[str, None] = {}
    for word in _SEPARATORS.split((text or "").strip().lower()):
        if word:
            seen.setdefault(word, None)
    return list(seen)


def normal(text: str | None) -> str | None:
    """The keywords as stored: each once, space-separated; None when there are none."""
    return " ".join(parse(text)) or None


@dataclass
class Hit:
    score: float = 0.0
    words: list[str] = field(default_factory=list)


@dataclass
class KeywordMatcher:
    """Every bureau's keywords; `match` scores the bureaus for one text."""

    owners: dict[str, list[int]] = field(default_factory=dict)
    automaton: ahocorasick.Automaton | None = None

    @classmethod
    def of(cls, keywords: Mapping[int, list[str]]) -> KeywordMatcher:
        owners: dict[str, list[int]] = defaultdict(list)
        for bureau_id, words in keywords.items():
            for word in words:
                owners[word].append(bureau_id)
        automaton = None
        if owners:
            automaton = ahocorasick.Automaton()
            for word in owners:
                automaton.add_word(word, word)
            automaton.make_automaton()
        return cls(dict(owners), automaton)

    def found(self, text: str) -> list[str]:
        """The keywords standing in `text`, each once, in order of first occurrence, without the
        occurrences inside a longer keyword's occurrence."""
        if self.automaton is None or not text:
            return []
        # By start, the longer first: an occurrence lies inside an earlier one exactly when it ends
        # no later than the furthest end seen so far.
        spans = sorted((end - len(word) + 1, -end, word) for end, word in self.automaton.iter(text))
        kept: dict[str, None] = {}
        reach = -1
        for _start, negative_end, word in spans:
            if -negative_end > reach:
                kept.setdefault(word, None)
                reach = -negative_end
        return list(kept)

    def match(self, title: str, body: str = "") -> dict[int, Hit]:
        hits: dict[int, Hit] = defaultdict(Hit)
        in_title = self.found((title or "").lower())
        self._add(hits, in_title, TITLE_WEIGHT)
        in_body = [w for w in self.found((body or "").lower()) if w not in in_title]
        body_hits: dict[int, Hit] = defaultdict(Hit)
        self._add(body_hits, in_body, 1)
        total = sum(h.score for h in body_hits.values())
        for bureau_id, hit in body_hits.items():
            mine = hits[bureau_id]
            mine.score += BODY_WEIGHT * hit.score / total
            mine.words.extend(hit.words)
        return dict(hits)

    def _add(self, hits: dict[int, Hit], words: Iterable[str], weight: float) -> None:
        for word in words:
            owners = self.owners[word]
            for bureau_id in owners:
                hits[bureau_id].score += weight / len(owners)
                hits[bureau_id].words.append(word)
