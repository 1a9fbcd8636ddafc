"""Masking personal data in a reply for publication (SPEC 3.5, issue 9 §6).

`find_spans` reports what would be masked as offsets into the original text, so the approver's
preview can highlight them and the stored original is never touched; `apply` builds the masked copy.

What is found (each rule in its own module):
- names of proposers and co-signers (何**) and of the bureau's contact person (邵 *), where they
  stand as names and never inside another word: `masking_names`;
- personal mobile numbers, ID-card numbers (18 and 15 digits) and personal e-mail addresses in
  their usual spellings; official landlines, hotlines and organisations' 统一社会信用代码 stay:
  `masking_numbers`;
- spans a redactor marked by hand.

Every rule reads the text as a reader sees it (`View`): zero-width characters (U+200B-U+200D,
U+2060, U+FEFF) and soft hyphens (U+00AD) are dropped, so `何\\u200b明` is the name 何明 and a
mobile with a zero-width space inside is a mobile, and full-width digits and letters (`１３８…`)
are read as ASCII ones. A span found there covers the invisible characters inside it in the
original, and its replacement, built from the visible characters, drops them.

Overlaps: a manual span wins. Where it covers part of a detected span, it grows to cover all of
it, so half a phone number is never published. Between detected spans, the longer wins.

Masking is idempotent: nothing a mask leaves (何**, 邵 *, 138****5678, 330282********1237,
h***@163.com) is found again.
"""
from __future__ import annotations

from workflow.domain import masking_names, masking_numbers
from workflow.domain.masking_base import INVISIBLE, MaskingRules, Span, SpanKind, View

__all__ = ["INVISIBLE", "MANUAL_MASK", "MaskingRules", "Span", "SpanKind", "View", "apply", "find_spans", "mask"]

MANUAL_MASK = "***"


def mask(text: str, rules: MaskingRules) -> str:
    return apply(text, find_spans(text, rules))


def apply(text: str, spans: list[Span]) -> str:
    """The text with each span replaced; spans must be sorted, in range and non-overlapping."""
    pieces: list[str] = []
    cursor = 0
    for span in spans:
        if span.start < cursor or span.end < span.start or span.end > len(text):
            raise ValueError(f"span {span.start}-{span.end} is out of order or out of range")
        pieces += [text[cursor:span.start], span.replacement]
        cursor = span.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def find_spans(text: str, rules: MaskingRules) -> list[Span]:
    """What to mask, sorted and non-overlapping, as offsets into `text`."""
    view = View.of(text)
    found = masking_names.spans(view, rules)
    if rules.mask_mobiles:
        found += masking_numbers.mobile_spans(view)
    if rules.mask_id_cards:
        found += masking_numbers.id_card_spans(view, rules.today)
    if rules.mask_emails:
        found += masking_numbers.email_spans(view, rules.keep_emails_domains)
    return _resolve(_manual_blocks(text, rules.manual), found)


# --- overlaps ----------------------------------------------------------------------------

def _merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _manual_blocks(text: str, manual: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    # A span outside the text means it was marked on another version: refuse rather than guess.
    for start, end in manual:
        if not 0 <= start < end <= len(text):
            raise ValueError(f"manual span {start}-{end} is outside the text (length {len(text)})")
    return _merge(list(manual))


def _resolve(blocks: list[tuple[int, int]], found: list[Span]) -> list[Span]:
    # Grow manual blocks over detected spans they cut, until nothing is cut any more.
    grown = True
    while grown:
        grown = False
        for span in found:
            for start, end in blocks:
                if span.start < end and start < span.end and (span.start < start or span.end > end):
                    blocks = _merge([*blocks, (span.start, span.end)])
                    grown = True
                    break
    chosen = [Span(start, end, "manual", MANUAL_MASK) for start, end in blocks]
    for span in sorted(found, key=lambda s: (s.start - s.end, s.start)):
        if not any(span.overlaps(other) for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
