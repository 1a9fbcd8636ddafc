"""Single characters and character pairs of a text: the index that answers search words of one
or two characters (SPEC 3.5, issue 5), which a trigram index cannot.

A text's grams are every character of the alphabet below and every pair of such characters that
stand side by side, ASCII letters lowered; any other character (punctuation, spaces, full-width
forms) breaks the text into runs and forms no gram. A word of one or two alphabet characters then
occurs in a text exactly when it is one of the text's grams, so the index answers it without
reading the text. Words of one or two characters holding anything else are read from the base
table (`gram()` answers None for them).

The database computes the same grams: SQLite through `as_tokens()`, registered as the SQL
function `publication_grams` on every connection, PostgreSQL through the SQL function of the same
name in migration 0005. A test holds the two to the same answers.
"""
from __future__ import annotations

import re

# ASCII digits and letters (lowered), CJK Unified Ideographs and Extension A.
ALPHABET = "0-9a-z\u3400-\u4dbf\u4e00-\u9fff"
_OUTSIDE = re.compile(f"[^{ALPHABET}]+")
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
MAX_GRAM = 2


def lower_ascii(text: str) -> str:
    """ASCII letters lowered, nothing else: SQLite's LIKE ignores case for ASCII only."""
    return text.translate(_LOWER)


def grams(text: str) -> set[str]:
    found: set[str] = set()
    for run in _OUTSIDE.split(lower_ascii(text)):
        found.update(run)
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    return found


def as_tokens(text: str | None) -> str:
    """The grams separated by spaces, sorted so the same text always gives the same string: what
    SQLite's FTS5 table indexes (unicode61 keeps each alphabet gram one token)."""
    return " ".join(sorted(grams(text or "")))


def gram(term: str) -> str | None:
    """The gram that answers a search word, or None when the grams cannot answer it."""
    lowered = lower_ascii(term)
    if 0 < len(lowered) <= MAX_GRAM and not _OUTSIDE.search(lowered):
        return lowered
    return None
