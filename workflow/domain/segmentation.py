"""Chinese word segmentation, to tell a name standing as a name from the same characters inside
other words (何明 in 何明代表, but not in 如何明确 or 任何明显).

The segmentation is jieba's "accurate mode" without its HMM: the most probable way to cut a run of
Chinese characters into words of jieba's dictionary, words weighted by their frequency. The names
the caller lists are added for this one call, each with jieba's own suggested frequency for a
word (`suggest_freq`: just enough that the name is cut as one word when nothing stronger crosses
it), so a name wins where it stands alone and loses to real words that cross its edges. The route
is computed here over jieba's dictionary (`FREQ`, `total`, read only) rather than by adding words
to a tokenizer: `add_word` changes a tokenizer shared by every thread for good, and its
`del_word` leaves a forced split behind in jieba's global state. The HMM is left out on purpose:
it glues unknown characters into guessed words, which would make a name's edges depend on a
statistical guess rather than on the dictionary.

jieba's dictionary ships inside the package (no download); building its prefix dictionary takes
a second or two once per process, cached by jieba in the temporary directory.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from math import log

import jieba

# A listed name is this many times likelier than its characters written apart: it wins where
# nothing crosses it and loses to words that do (如何 明确 are far likelier than 如 何明 确).
NAME_ODDS = 10.0

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _dictionary() -> jieba.Tokenizer:
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            logging.getLogger("jieba").setLevel(logging.WARNING)  # it logs every load at DEBUG
            tokenizer = jieba.Tokenizer()  # our own, so nobody's add_word changes our cuts
            tokenizer.initialize()
            _tokenizer = tokenizer
    return _tokenizer


def cuts(text: str, words: Iterable[str] = ()) -> frozenset[int]:
    """The offsets between words of `text` (0 and len(text) included) in its most probable
    segmentation, with `words` added to the dictionary. Meant for short runs of Chinese text."""
    extra = {word: NAME_ODDS * _chance(word) for word in words if word}
    found = {0}
    for word in _words(text, extra):
        found.add(max(found) + len(word))
    return frozenset(found)


def _chance(word: str) -> float:
    """How often the dictionary expects `word` as its own best pieces written together: the
    frequency a word needs to be as likely as its pieces apart (jieba's `suggest_freq`, without
    its rounding up to a whole count, which makes a rare three-character name hundreds of times
    likelier than its characters)."""
    dictionary = _dictionary()
    total = dictionary.total
    chance = float(total)
    for piece in _words(word, {}):
        chance *= (dictionary.FREQ.get(piece) or 1) / total
    return chance


def _words(text: str, extra: dict[str, float]) -> list[str]:
    """jieba's most probable route through `text` (its `calc` over its DAG), `extra` added."""
    dictionary = _dictionary()
    freq = dictionary.FREQ
    prefixes = {word[:i] for word in extra for i in range(1, len(word))}
    log_total = log(dictionary.total + sum(extra.values()))

    def weight(word: str) -> float:
        return extra.get(word) or freq.get(word) or 0

    def known(fragment: str) -> bool:
        return fragment in extra or fragment in prefixes or fragment in freq

    n = len(text)
    # best[i]: the score of the best route through text[i:] and where its first word ends.
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        ends = {i + 1}
        j = i + 1
        while j <= n and known(text[i:j]):
            if weight(text[i:j]):
                ends.add(j)
            j += 1
        best[i] = max((log(weight(text[i:end]) or 1) - log_total + best[end][0], end) for end in ends)
    words = []
    i = 0
    while i < n:
        words.append(text[i:best[i][1]])
        i = best[i][1]
    return words
