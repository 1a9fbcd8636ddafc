"""What a visitor typed into the search box, made safe to answer (SPEC 3.5, issue 5 "Bad input").

A query is split on white space (ASCII or the full-width 　) into terms; every term must occur
(AND) as a substring of the title or the text. Terms of three characters or more go to the
trigram index (SQLite FTS5, PostgreSQL pg_trgm); shorter ones cannot use a trigram index: those
made of Chinese characters, ASCII letters and digits go to the index of characters and character
pairs (search_grams.py), the rest are read from the base table. Nothing the visitor types is syntax: each term becomes one quoted
FTS5 phrase (a `"` inside doubled) or one LIKE pattern with `%`, `_` and `\\` escaped, so `"*^():-`,
`OR`, `NEAR(` or `'; DROP TABLE` are searched for as the characters they are.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from workflow.domain.search_grams import gram

MAX_CHARS = 100  # longer input is cut, not refused: the page still answers
MAX_TERMS = 8
TRIGRAM = 3
LIKE_ESCAPE = "\\"

_SPACE = re.compile(r"\s+")  # str's \s includes U+3000, the ideographic space


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def text(self) -> str:
        return " ".join(self.terms)

    @property
    def indexed_terms(self) -> tuple[str, ...]:
        """Terms a trigram index can answer."""
        return tuple(t for t in self.terms if len(t) >= TRIGRAM)

    @property
    def short_terms(self) -> tuple[str, ...]:
        """Terms of one or two characters: answered from the base table."""
        return tuple(t for t in self.terms if len(t) < TRIGRAM)

    @property
    def grams(self) -> tuple[str, ...]:
        """The grams that answer short terms, for those the gram index can answer."""
        return tuple(g for g in map(gram, self.short_terms) if g is not None)

    @property
    def unindexed_terms(self) -> tuple[str, ...]:
        """Short terms no index answers (punctuation, full-width forms): read from the rows."""
        return tuple(t for t in self.short_terms if gram(t) is None)


def parse(raw: str | None) -> SearchQuery:
    """Terms in order of first appearance, without control characters or duplicates."""
    text = "".join(" " if unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co"} else c for c in raw or "")
    text = text[: MAX_CHARS * 4].strip()  # bound the work before splitting
    terms: list[str] = []
    used = 0
    for term in _SPACE.split(text):
        if not term or term in terms:
            continue
        term = term[: MAX_CHARS - used]
        if not term:
            break
        terms.append(term)
        used += len(term)
        if len(terms) == MAX_TERMS:
            break
    return SearchQuery(tuple(terms))


def fts5_phrase(term: str) -> str:
    """One FTS5 phrase: the term's characters, and nothing they could mean as syntax."""
    return '"' + term.replace('"', '""') + '"'


def fts5_match(terms: tuple[str, ...]) -> str:
    return " AND ".join(fts5_phrase(term) for term in terms)


def like_pattern(term: str) -> str:
    """`%term%` with LIKE's wildcards and the escape character itself escaped."""
    escaped = term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"
