"""Masking personal data in a reply for publication (SPEC 3.5).

`find_spans` reports what would be masked as offsets into the original text, so the approver's
preview can highlight them and the stored original is never touched; `apply` builds the masked copy.

Decisions, so the next reader need not rediscover them:
- Names: proposers and co-signers become surname + `**`, the bureau's contact person surname + ` *`
  (as in the published samples: `何**代表`, `联系人:邵 *`). A name is found inside longer words
  (`何明代表`, `致何明：`) and with a space between its characters (`肖 刚`), longest listed
  name first, so `王海涛` is never cut to `王**涛` by a listed `王海`. An unlisted longer word
  that starts with a listed name is still masked (`王海洋` -> `王**洋`): over-masking beats a
  leak, and no dictionary can tell a name from a word. Names shorter than two characters are
  ignored: their mask would be the character itself, and they would hit every occurrence of a
  common character.
- Mobiles: an 11-digit `1[3-9]x` number standing alone, optionally `+86`/`(+86)`/`86-`/`0086 `
  and grouped 3-4-4 with one kind of separator. Part of a longer digit or code run, a decimal, an
  amount (`元`, `万` ...) or a document number (`号`) is not a mobile. The middle four digits become
  `****`; the prefix and separators stay (`138-****-5678`).
- ID cards: 18 characters (or grouped 6-8-4) with a valid GB 11643 check digit, a region
  starting 1-8 and a real birth date (1900-2099). Kept: the region (first 6) and the last 4, the
  birth date is starred (`330282********1237`), the usual practice in Chinese public notices.
  A random 18-digit serial passes all three checks about once in twenty thousand; it is then
  masked, the safe side. The 15-digit cards issued before 1999 carry no check digit and cannot
  be told from serials, so they are not detected.
- E-mails: local part -> first character + `***`; domains in `keep_emails_domains` (and their
  subdomains) stay.
- Landlines are never touched: nothing here matches them.
- Full-width digits and letters (`１３８…`) are detected like ASCII ones; the copy searched is a
  one-to-one translation, so offsets still index the original.
- Overlaps: a manual span wins. Where it covers part of a detected span, it grows to cover all of
  it, so half a phone number is never published. Between detected spans, the longer wins.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

SpanKind = Literal["person", "contact", "mobile", "id_card", "email", "manual"]

PERSON_MASK = "**"
CONTACT_MASK = " *"
MANUAL_MASK = "***"

# Two-character surnames from the 百家姓 and common usage, simplified and traditional forms.
COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "令狐", "夏侯", "端木", "轩辕", "西门", "南宫", "独孤", "百里",
    "呼延", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "仲孙",
    "钟离", "闻人", "万俟", "赫连", "拓跋", "第五", "公羊", "东郭", "左丘", "司空",
    "梁丘", "鲜于", "闾丘", "子车", "亓官", "巫马", "公西", "漆雕", "乐正", "壤驷",
    "公良", "谷梁", "段干", "东门", "羊舌", "微生", "南门", "归海", "夹谷", "宰父",
    "拓拔", "公户", "公玉", "公仪", "歐陽", "司馬", "諸葛", "東方", "尉遲", "長孫",
    "軒轅", "西門", "獨孤", "澹臺", "鍾離", "聞人", "赫連", "公孫", "鮮于", "閭丘",
    "樂正", "穀梁", "東郭", "東門", "南門",
})

# One-to-one so offsets in the searched copy are offsets in the original.
_FULLWIDTH = str.maketrans({chr(0xFF01 + i): chr(0x21 + i) for i in range(94)} | {"\u3000": " "})

_NAME_GAP = "[ \u00a0]?"  # 肖 刚: names padded to the width of three characters

# A mobile must not be a slice of an identifier, a dash-joined serial, a decimal or an amount.
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z¥$￥])(?<![0-9A-Za-z]-)"
    r"(?:(?:\(\+?86\)|\+86)[ -]?|(?:0086|86)[ -])?"
    r"1[3-9][0-9](?P<sep>[ -]?)(?P<middle>[0-9]{4})(?P=sep)[0-9]{4}"
    r"(?![0-9A-Za-z@])(?!-[0-9])(?!\.[0-9])(?![元万亿千百美%‰号])"
)
# 18 characters, or grouped 6-8-4 with one kind of separator as forms sometimes print them.
_ID_CARD = re.compile(
    r"(?<![0-9A-Za-z])(?P<region>[1-8][0-9]{5})(?P<sep>[ -]?)(?P<birth>[0-9]{8})(?P=sep)"
    r"(?P<tail>[0-9]{3}[0-9Xx])(?![0-9A-Za-z])"
)
# The lookbehind starts a match only at the head of a run, which keeps long runs linear.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])(?P<local>[A-Za-z0-9._%+-]+)"
    r"@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


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


def surname(name: str) -> str:
    """The surname of a Chinese name: a known compound surname when the name is long enough to
    hold a given name after it, else the first character (`欧阳修文` -> `欧阳`, `欧阳` -> `欧`).
    """
    name = _squeeze(name)
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


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
    searched = text.translate(_FULLWIDTH)
    found = _name_spans(text, searched, rules)
    if rules.mask_mobiles:
        found += _mobile_spans(text, searched)
    if rules.mask_id_cards:
        found += _id_card_spans(text, searched)
    if rules.mask_emails:
        found += _email_spans(text, searched, rules.keep_emails_domains)
    return _resolve(_manual_blocks(text, rules.manual), found)


# --- names -------------------------------------------------------------------------------

def _squeeze(name: str) -> str:
    return "".join(name.translate(_FULLWIDTH).split())


def _name_spans(text: str, searched: str, rules: MaskingRules) -> list[Span]:
    masks: dict[str, tuple[SpanKind, str]] = {}
    # A person listed as both proposer and contact gets the proposer's mask.
    for kind, names, suffix in (("contact", rules.contact_names, CONTACT_MASK),
                                ("person", rules.person_names, PERSON_MASK)):
        for name in map(_squeeze, names):
            if len(name) >= 2:
                masks[name] = (kind, surname(name) + suffix)
    if not masks:
        return []
    # Longest first: the regex takes the first alternative that matches at a position.
    ordered = sorted(masks, key=len, reverse=True)
    pattern = re.compile("|".join(_NAME_GAP.join(map(re.escape, name)) for name in ordered))
    spans = []
    for match in pattern.finditer(searched):
        kind, replacement = masks[_squeeze(match.group())]
        spans.append(Span(match.start(), match.end(), kind, replacement))
    return spans


# --- numbers and addresses ---------------------------------------------------------------

def _mobile_spans(text: str, searched: str) -> list[Span]:
    spans = []
    for match in _MOBILE.finditer(searched):
        middle_start, middle_end = match.span("middle")
        replacement = text[match.start():middle_start] + "****" + text[middle_end:match.end()]
        spans.append(Span(match.start(), match.end(), "mobile", replacement))
    return spans


def is_valid_id_card(number: str) -> bool:
    """An 18-character resident ID (GB 11643): a real birth date and a matching check digit."""
    number = number.translate(_FULLWIDTH).upper()
    if not re.fullmatch(r"[1-8][0-9]{16}[0-9X]", number):
        return False
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not 1900 <= birth.year <= 2099:
        return False
    return id_card_check_digit(number[:17]) == number[17]


def id_card_check_digit(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def _id_card_spans(text: str, searched: str) -> list[Span]:
    spans = []
    for match in _ID_CARD.finditer(searched):
        if is_valid_id_card("".join(match.group("region", "birth", "tail"))):
            start, end = match.span()
            birth_start, birth_end = match.span("birth")
            replacement = text[start:birth_start] + "*" * 8 + text[birth_end:end]
            spans.append(Span(start, end, "id_card", replacement))
    return spans


def _is_kept_domain(domain: str, kept: tuple[str, ...]) -> bool:
    domain = domain.lower()
    for entry in kept:
        entry = entry.lower().lstrip("@.")
        if entry and (domain == entry or domain.endswith("." + entry)):
            return True
    return False


def _email_spans(text: str, searched: str, kept: tuple[str, ...]) -> list[Span]:
    spans = []
    for match in _EMAIL.finditer(searched):
        if _is_kept_domain(match.group("domain"), kept):
            continue
        start, end = match.span()
        at = match.start("domain") - 1
        replacement = text[start] + "***" + text[at:end]
        spans.append(Span(start, end, "email", replacement))
    return spans


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
