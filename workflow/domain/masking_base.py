"""What the masking rules share: the rules themselves, a span to mask, and the text as a reader
sees it (see workflow/domain/masking.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

SpanKind = Literal["person", "contact", "mobile", "id_card", "email", "manual"]

# Characters a reader does not see, which must not hide a name or a number from the rules.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

# One-to-one so offsets in the searched copy are offsets in the visible text.
_FULLWIDTH = str.maketrans({chr(0xFF01 + i): chr(0x21 + i) for i in range(94)} | {"\u3000": " "})


@dataclass(frozen=True)
class Span:
    start: int  # offsets in the original text
    end: int
    kind: SpanKind
    replacement: str

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class MaskingRules:
    person_names: tuple[str, ...] = ()  # proposers and co-signers: 何明 -> 何**
    contact_names: tuple[str, ...] = ()  # bureau contact person: 邵军 -> 邵 *
    mask_mobiles: bool = True
    mask_id_cards: bool = True
    mask_emails: bool = True
    keep_emails_domains: tuple[str, ...] = ()  # official domains kept (e.g. "gov.cn")
    manual: tuple[tuple[int, int], ...] = ()  # spans a redactor marked by hand
    # The latest plausible birth date of an ID-card holder; None: no later than 2099.
    today: dt.date | None = None


@dataclass(frozen=True)
class View:
    """The text as a reader sees it. `visible` drops the invisible characters; `searched` is
    `visible` with full-width forms folded, one character for one; `origin[i]` is where visible
    character i stands in the original."""

    visible: str
    searched: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> View:
        origin = tuple(i for i, ch in enumerate(text) if ch not in INVISIBLE)
        visible = "".join(text[i] for i in origin)
        return cls(visible, visible.translate(_FULLWIDTH), origin)

    def span(self, start: int, end: int, kind: SpanKind, replacement: str) -> Span:
        """A span found at visible offsets start:end, as offsets into the original."""
        return Span(self.origin[start], self.origin[end - 1] + 1, kind, replacement)


