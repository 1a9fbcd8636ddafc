"""Two versions of a reply side by side (SPEC 3.3: versions can be compared).

Paragraphs are matched with difflib; a changed paragraph is shown beside its counterpart with
the changed characters marked, which reads well for Chinese, where words are not separated.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

RowKind = Literal["same", "changed", "removed", "added"]


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class Row:
    kind: RowKind
    left: tuple[Segment, ...]  # empty when the paragraph was added
    right: tuple[Segment, ...]  # empty when it was removed


def side_by_side(left: list[str], right: list[str]) -> list[Row]:
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [Row("same", _plain(a), _plain(a)) for a in left[i1:i2]]
        elif tag == "delete":
            rows += [Row("removed", _marked(a), ()) for a in left[i1:i2]]
        elif tag == "insert":
            rows += [Row("added", (), _marked(b)) for b in right[j1:j2]]
        else:
            rows += _replaced(left[i1:i2], right[j1:j2])
    return rows


def _replaced(old: list[str], new: list[str]) -> list[Row]:
    rows = []
    for k in range(max(len(old), len(new))):
        a = old[k] if k < len(old) else None
        b = new[k] if k < len(new) else None
        if a is None:
            rows.append(Row("added", (), _marked(b)))
        elif b is None:
            rows.append(Row("removed", _marked(a), ()))
        else:
            left, right = inline(a, b)
            rows.append(Row("changed", left, right))
    return rows


def inline(a: str, b: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """The two texts cut into segments, the characters that differ marked as changed."""
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if a[i1:i2]:
            left.append(Segment(a[i1:i2], tag != "equal"))
        if b[j1:j2]:
            right.append(Segment(b[j1:j2], tag != "equal"))
    return tuple(left), tuple(right)


def _plain(text: str) -> tuple[Segment, ...]:
    return (Segment(text, False),)


def _marked(text: str) -> tuple[Segment, ...]:
    return (Segment(text, True),)
