"""Marking a visitor's search terms in what the portal shows: escape the text first, then wrap
each match in <mark>, so neither the text nor the query can inject markup.

Matching ignores case like the search does (FTS5 trigram and ILIKE); overlapping or touching
matches merge into one mark.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

ELLIPSIS = "…"


def matches(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where any term occurs in `text`, as merged, sorted (start, end) offsets."""
    found: list[tuple[int, int]] = []
    for term in {t for t in terms if t}:
        found += [m.span() for m in re.finditer(re.escape(term), text, re.IGNORECASE)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: Iterable[str]) -> str:
    """HTML: `text` escaped, every match of a term inside <mark>…</mark>."""
    pieces: list[str] = []
    cursor = 0
    for start, end in matches(text, terms):
        pieces += [html.escape(text[cursor:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return "".join(pieces)


def excerpt(text: str, terms: Iterable[str], width: int = 120) -> str:
    """HTML: about `width` characters around the first match (or the start), highlighted, with an
    ellipsis where text was cut."""
    terms = list(terms)
    text = " ".join(text.split())
    found = matches(text, terms)
    if len(text) <= width:
        return highlight(text, terms)
    first = found[0][0] if found else 0
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    cut = text[start:end]
    return (ELLIPSIS if start > 0 else "") + highlight(cut, terms) + (ELLIPSIS if end < len(text) else "")


def masked_lines(document: str, spans) -> list[str]:
    """HTML of a masked document for the redactor's preview, one string a line: the masked text,
    each replacement in <mark class="masked" data-kind=…> with the original in its title, so
    every masked span shows and can be checked. `spans` are masking.Span in `document`."""
    pieces: list[str] = []
    cursor = 0
    for span in spans:
        original = document[span.start:span.end]
        pieces += [
            html.escape(document[cursor:span.start]),
            f'<mark class="masked masked-{span.kind}" data-kind="{span.kind}" title="{html.escape(original)}">'
            f"{html.escape(span.replacement)}</mark>",
        ]
        cursor = span.end
    pieces.append(html.escape(document[cursor:]))
    return "".join(pieces).split("\n")
