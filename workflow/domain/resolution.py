"""Resolution categories (解决类别), SPEC 3.3: a configurable set per channel.

The default is A/B/C; localities use A/B/C/D or 甲/乙/丙. A category marked `follow_up` (B by
default: being solved or planned) stays followed up: the bureau may send a follow-up reply later.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

CODE_MAX = 8
LABEL_MAX = 64
FOLLOW_UP_MARK = "跟踪办理"  # written after a category that stays followed up; "follow-up" is read too
FOLLOW_UP_MARKS = (FOLLOW_UP_MARK, "follow-up")


@dataclass(frozen=True)
class ResolutionCategory:
    code: str
    label: str
    follow_up: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULT_CATEGORIES: tuple[ResolutionCategory, ...] = (
    ResolutionCategory("A", "已解决或采纳"),
    ResolutionCategory("B", "正在解决或列入计划", follow_up=True),
    ResolutionCategory("C", "因条件限制暂时不能解决，留作参考"),
)


class CategoryError(ValueError):
    def __init__(self, code: str, line: int | None = None):
        super().__init__(code)
        self.code = code  # "empty", "format", "duplicate", "too_long"
        self.line = line


def from_setting(value: object) -> tuple[ResolutionCategory, ...]:
    """The categories as stored in a setting (a list of dicts); the defaults when unreadable."""
    if not isinstance(value, list) or not value:
        return DEFAULT_CATEGORIES
    try:
        return tuple(
            ResolutionCategory(str(item["code"]), str(item["label"]), bool(item.get("follow_up"))) for item in value
        )
    except (KeyError, TypeError):
        return DEFAULT_CATEGORIES


def to_setting(categories: tuple[ResolutionCategory, ...]) -> list[dict]:
    return [c.as_dict() for c in categories]


def parse_lines(text: str) -> tuple[ResolutionCategory, ...]:
    """Read the admin's text: one category a line, `code | label` or `code | label | 跟踪办理` (or `follow-up`)."""
    categories: list[ResolutionCategory] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1] or (len(parts) == 3 and parts[2].lower() not in FOLLOW_UP_MARKS):
            raise CategoryError("format", number)
        if len(parts[0]) > CODE_MAX or len(parts[1]) > LABEL_MAX:
            raise CategoryError("too_long", number)
        if any(c.code == parts[0] for c in categories):
            raise CategoryError("duplicate", number)
        categories.append(ResolutionCategory(parts[0], parts[1], len(parts) == 3))
    if not categories:
        raise CategoryError("empty")
    return tuple(categories)


def to_lines(categories: tuple[ResolutionCategory, ...]) -> str:
    return "\n".join(
        f"{c.code} | {c.label}" + (f" | {FOLLOW_UP_MARK}" if c.follow_up else "") for c in categories
    )
