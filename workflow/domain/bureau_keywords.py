"""A bureau's keywords (分办关键词): the everyday names of the matters it handles, as a proposal
office keeps them beside each bureau's duties, for suggested bureaus (issue 11).

Matched as substrings of the item's text, not as segmented words: Chinese titles join matter
words into local compounds (稻花鱼节广场, 钟马路建设资金) that segmentation cuts unpredictably,
while a keyword is found wherever its characters stand. A keyword inside a longer one found in the
same text is not counted (公交 inside 公交站台): the more specific word speaks. A keyword several
bureaus list weighs 1/n for each.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

_SEPARATORS = re.compile(r"[\s,，、;；/|]+")
TITLE_WEIGHT = 3  # a keyword in the title says more than one in the body


def parse(text: str | None) -> list[str]:
    """The keywords of an administrator's text: separated by spaces, commas, 、 or new lines;
    each once, in order."""
    seen: dict[str, None] = {}
    for word in _SEPARATORS.split((text or "").strip().lower()):
        if word:
            seen.setdefault(word, None)
    return list(seen)


@dataclass
class Hit:
    score: float = 0.0
    words: list[str] = field(default_factory=list)


@dataclass
class KeywordMatcher:
    """Every bureau's keywords; `match` scores the bureaus for one text."""

    owners: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, keywords: Mapping[int, list[str]]) -> KeywordMatcher:
        matcher = cls()
        for bureau_id, words in keywords.items():
            for word in words:
                matcher.owners[word].append(bureau_id)
        return matcher

    def match(self, title: str, body: str = "") -> dict[int, Hit]:
        title, body = (title or "").lower(), (body or "").lower()
        found = {w: (TITLE_WEIGHT if w in title else 1) for w in self.owners if w in title or w in body}
        kept = [w for w in found if not any(w != other and w in other for other in found)]
        hits: dict[int, Hit] = defaultdict(Hit)
        for word in sorted(kept, key=lambda w: (-found[w], -len(w), w)):
            owners = self.owners[word]
            for bureau_id in owners:
                hit = hits[bureau_id]
                hit.score += found[word] / len(owners)
                hit.words.append(word)
        return dict(hits)
