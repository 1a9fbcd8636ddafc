"""Split a reply body into paragraphs and find the GB/T 9704 heading levels.

The structure levels of 公文 are "一、", "（一）", "1." and "（1）" (GB/T 9704-2012 7.3.3): the first
is set in 黑体, the second in 楷体, the others in the body font. A heading that ends in a full
stop and runs on into its text ("一、关于……。我区目前……") keeps the heading font for the
heading only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class BlockKind(Enum):
    HEADING_1 = "heading_1"  # 一、
    HEADING_2 = "heading_2"  # （一）
    HEADING_3 = "heading_3"  # 1. / 1．/ 1、
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    heading: str  # the part in the heading font; "" for a plain paragraph
    text: str  # the rest, in the body font

    @property
    def full_text(self) -> str:
        return self.heading + self.text


_CHINESE_NUMERAL = "[一二三四五六七八九十百]+"
_PATTERNS = (
    (BlockKind.HEADING_1, re.compile(rf"^{_CHINESE_NUMERAL}、")),
    (BlockKind.HEADING_2, re.compile(rf"^[（(]{_CHINESE_NUMERAL}[）)]")),
    # "1.5万元" is no heading: the mark must not be a decimal point.
    (BlockKind.HEADING_3, re.compile(r"^\d{1,2}(?:[.．](?!\d)|、)")),
)
# Where a run-on heading ends: the first full stop that has text after it.
_RUN_ON_END = re.compile(r"^(.+?[。！？])(.+)$", re.DOTALL)
# Leading spaces of any width that hand-typed replies use instead of a first-line indent.
_INDENT = " \t\u3000\u00a0"


def parse_body(body: str) -> list[Block]:
    """One block per non-empty line; blank lines and hand-typed indents are dropped."""
    blocks = []
    for line in body.splitlines():
        text = line.strip(_INDENT).rstrip()
        if text:
            blocks.append(_block(text))
    return blocks


def _block(text: str) -> Block:
    for kind, pattern in _PATTERNS:
        if pattern.match(text):
            run_on = _RUN_ON_END.match(text)
            if run_on:
                return Block(kind, run_on.group(1), run_on.group(2))
            return Block(kind, text, "")
    return Block(BlockKind.PARAGRAPH, "", text)
