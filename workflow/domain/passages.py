"""The passages two texts share, for the office comparing likely duplicates (issue 11): every
run of at least MIN_RUN characters that occurs in both, as offsets in each, so both texts can be
shown with the shared passages marked.

Whitespace and punctuation are ignored while matching (a copied paragraph reformatted is still
copied); offsets are into the original texts.
"""
from __future__ import annotations

import html
import re

MIN_RUN = 10
_SKIP = re.compile(r"[\s\u3000，,。.；;：:、“”\"'‘’（）()《》!！?？]")


def _content(text: str) -> tuple[str, list[int]]:
    """The text without skipped characters, and each kept character's offset in the original."""
    kept, offsets = [], []
    for i, ch in enumerate(text):
        if not _SKIP.match(ch):
            kept.append(ch)
            offsets.append(i)
    return "".join(kept), offsets


def shared(a: str, b: str, min_run: int = MIN_RUN) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The shared passages as merged (start, end) offsets in `a` and in `b`."""
    ca, oa = _content(a)
    cb, ob = _content(b)
    if len(ca) < min_run or len(cb) < min_run:
        return [], []
    grams_b: dict[str, list[int]] = {}
    for j in range(len(cb) - min_run + 1):
        grams_b.setdefault(cb[j:j + min_run], []).append(j)
    hits_a, hits_b = [], []
    for i in range(len(ca) - min_run + 1):
        for j in grams_b.get(ca[i:i + min_run], ()):
            hits_a.append((i, i + min_run))
            hits_b.append((j, j + min_run))
    return _spans(hits_a, oa), _spans(hits_b, ob)


def _spans(hits: list[tuple[int, int]], offsets: list[int]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(hits):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(offsets[s], offsets[e - 1] + 1) for s, e in merged]


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """HTML: the text escaped, each span in <mark>."""
    pieces, cursor = [], 0
    for start, end in spans:
        pieces += [html.escape(text[cursor:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return "".join(pieces)


def coverage_ratio(text: str, spans: list[tuple[int, int]]) -> float:
    """The share of the text's characters inside the spans."""
    return sum(end - start for start, end in spans) / len(text) if text else 0.0
