"""Geometry of the figures' charts, drawn as inline SVG by templates/office/figures.html: no
script and no style attribute (the CSP forbids both), only SVG presentation attributes."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from workflow.domain.figures import show_percent

LABEL_WIDTH = 140  # room for a bureau's short name on the left
BAR_SPACE = 300  # the width of 100%
ROW_HEIGHT = 26
BAR_HEIGHT = 18
# One fill per resolution category, in order; distinguishable in grey too.
FILLS = ("#2f6fb0", "#7fb0de", "#c9ddf0", "#8a6d3b", "#d8c39a", "#555555")


@dataclass(frozen=True)
class Bar:
    y: int
    label: str
    width: float  # 0 when there is nothing to measure
    text: str  # "85.7%" or "—"


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    width: int = LABEL_WIDTH + BAR_SPACE + 60
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def bars(values: list[tuple[str, Decimal | None]]) -> BarChart:
    """A horizontal bar per labelled percentage."""
    rows = [
        Bar(i * ROW_HEIGHT, label, float(value or 0) * BAR_SPACE / 100, show_percent(value))
        for i, (label, value) in enumerate(values)
    ]
    return BarChart(rows, max(len(rows), 1) * ROW_HEIGHT)


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: str
    label: str
    text: str


def stacked(shares: list[tuple[str, Decimal | None]]) -> list[Segment]:
    """The shares as consecutive segments of one 100% bar; empty when nothing was counted."""
    segments, x = [], 0.0
    for i, (label, value) in enumerate(shares):
        if value is None:
            return []
        width = float(value) * BAR_SPACE / 100
        segments.append(Segment(x, width, FILLS[i % len(FILLS)], label, show_percent(value)))
        x += width
    return segments
