"""Does a reply answer every numbered suggestion of the proposal? (issue 11)

The reply is read in sections: a paragraph that starts with a number (一、 （一） 1. …) opens a
section and the unnumbered paragraphs after it belong to it, as a letter answering point by point
is written. Each suggestion is matched to the section that answers it best:
- a section whose heading (the start of its first line) quotes the suggestion
  (一、关于“设立专门的服务与管理机构”, 五、关于“商业信息中心”) or shares a run of QUOTE_RUN
  characters with the suggestion's heading answers it (score QUOTED);
- otherwise the TF-IDF cosine of their words, with the sections and suggestions as the corpus,
  so words every section uses weigh little.
A suggestion whose best section scores under ANSWERED is flagged as left unanswered.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from workflow.domain.suggestions import STYLES, Suggestion
from workflow.domain.term_index import TermIndex

ANSWERED = 0.2
HEADING_SPAN = 80  # how much of a section's first line counts as its heading
QUOTED = 1.0
QUOTE_RUN = 8
PREAMBLE = re.compile(r"收悉|现答复如下|现将.{0,12}答复|[：:]\s*$")
QUOTE = re.compile(r"[“「\"]([^”」\"]{4,40})[”」\"]")
_MARK = re.compile(r"[\s\u3000“”\"'‘’「」《》（）()，,。；;：:、.．!！?？]+")


@dataclass(frozen=True)
class Section:
    index: int
    text: str


@dataclass(frozen=True)
class Point:
    suggestion: Suggestion
    section: Section | None
    score: float
    answered: bool
    quoted: bool  # answered by quoting the suggestion


def sections(paragraphs: list[str]) -> list[Section]:
    """The reply's sections; the salutation and the acknowledgement (您提出的……收悉) answer
    nothing, though they repeat the proposal's title, so they are left out."""
    found: list[list[str]] = []
    numbered_yet = False
    for paragraph in paragraphs:
        numbered = any(pattern.match(paragraph) for pattern in STYLES.values())
        if not numbered and not numbered_yet and PREAMBLE.search(paragraph):
            continue
        if numbered or not numbered_yet:
            found.append([paragraph])
        else:
            found[-1].append(paragraph)
        numbered_yet = numbered_yet or numbered
    return [Section(i, "\n".join(parts)) for i, parts in enumerate(found)]


def cover(suggestions: list[Suggestion], reply_paragraphs: list[str],
          terms: Callable[[str], list[str]]) -> list[Point]:
    """Each suggestion with the section that answers it, or none. `terms` segments a text."""
    parts = sections(reply_paragraphs)
    index = TermIndex()
    for section in parts:
        index.add(section.index, Counter(terms(section.text)))
    for k, suggestion in enumerate(suggestions):  # the suggestions count in the IDF as well
        index.add(-1 - k, Counter(terms(suggestion.text)))
    points = []
    for suggestion in suggestions:
        quoted = next((s for s in parts if _quotes(s.text, suggestion)), None)
        if quoted is not None:
            points.append(Point(suggestion, quoted, QUOTED, True, True))
            continue
        query = Counter(terms(suggestion.text))
        matches = index.search(query, limit=1, accept=lambda doc_id, _doc: doc_id >= 0)
        best = matches[0] if matches else None
        section = parts[best.doc_id] if best else None
        score = round(best.score, 3) if best else 0.0
        points.append(Point(suggestion, section, score, score >= ANSWERED, False))
    return points


def _quotes(text: str, suggestion: Suggestion) -> bool:
    head = _MARK.sub("", suggestion.heading)
    if len(head) < 4:
        return False
    opening = text.split("\n", 1)[0][:HEADING_SPAN]
    if any(len(q) >= 4 and _MARK.sub("", q) in head for q in QUOTE.findall(opening)):
        return True  # 五、关于“商业信息中心” answers 5．建立商业信息中心
    flat = _MARK.sub("", opening)
    if head in flat:
        return True
    run = min(QUOTE_RUN, len(head))
    return any(head[i:i + run] in flat for i in range(len(head) - run + 1))
