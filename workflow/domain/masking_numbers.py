"""Mobile numbers, ID-card numbers and e-mail addresses in a reply (SPEC 3.5, issue 9 §6).

Each rule reads the View (workflow/domain/masking_base.py): invisible characters dropped,
full-width forms folded; a replacement keeps what the reader saw of the rest of the span.

- Mobiles: `1[3-9]x` and eight digits, contiguous or grouped 3-4-4 by spaces, dots or dashes (each
  gap its own), with an optional `+86`, `(+86)`, `0086` or `86-` before it, right after a prefix
  such as `Tel`, `Tel:`, `电话`, `手机`, and directly followed by Chinese text. Part of a longer
  digit or code run, a decimal, an amount (`元`, `万` ...) or a document number (`号`) is not a
  mobile; `HT13812345678` is a contract number. The middle four digits become `****`, the rest
  stays (`138-****-5678`).
- ID cards: 18 characters (the last may be X) or 15 digits (the cards issued before 1999), also
  grouped 6-8-4 or 6-6-3, with a real province code and a plausible birth date: a real day from
  1900 to `today`. The check digit is not asked for: an ID number with a typo in it is still
  someone's ID number. The birth date is starred, the region and the last digits stay
  (`330282********1237`), the usual practice in Chinese public notices.
- 统一社会信用代码 (GB 32100) stay: most hold letters, which no ID number does but for a final X;
  one that is all digits is told by what names it (`统一社会信用代码：`, `索引号` ...) or by the
  index number it starts (`{code}/2020-…`). An unnamed all-digit code that also reads as a region,
  a birth date and a serial is masked: the safe side.
- E-mails: local part -> first character + `***`; domains in `keep_emails_domains` (and their
  subdomains) stay, so official addresses are published. Addresses glued together
  (`a@163.comb@qq.com`) are masked as one.
- Landlines (`0574-63012345`, `(0579)82468101`), hotlines (`12345`, `400-888-1234`, `800-…`) and
  office numbers are never touched: nothing here matches them.
"""
from __future__ import annotations

import datetime as dt
import re

from workflow.domain.masking_base import Span, View

MIDDLE_MASK = "****"

# First two digits of a resident ID: the provinces of GB/T 2260, and 81-83 for the residence
# permits of Hong Kong, Macao and Taiwan residents.
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})
# Latin words that may stand right before a mobile's digits (`Tel13812345678`), lower case.
PHONE_WORDS = frozenset({"tel", "tele", "phone", "mobile", "mob", "cell", "cellphone", "m", "t"})

_GAP = r"[ .\-\u00a0]?"
# A mobile must not be a slice of an identifier, a dash-joined serial, a decimal or an amount.
_MOBILE = re.compile(
    r"(?<![0-9¥$￥])(?<![0-9A-Za-z]-)(?<![0-9]\.)"
    r"(?:(?:\(\+?86\)|\+86)[ \-]?|(?:0086|86)[ \-])?"
    rf"1[3-9][0-9]{_GAP}(?P<middle>[0-9]{{4}}){_GAP}[0-9]{{4}}"
    r"(?![0-9A-Za-z@])(?!-[0-9])(?!\.[0-9])(?![元万亿千百美%‰号])"
)
_ID_GAP = r"[ \-]?"
_ID_18 = re.compile(
    rf"(?<![0-9A-Za-z])(?P<region>[1-8][0-9]{{5}}){_ID_GAP}(?P<birth>[0-9]{{8}}){_ID_GAP}[0-9]{{3}}[0-9Xx]"
    r"(?![0-9A-Za-z])"
)
_ID_15 = re.compile(
    rf"(?<![0-9A-Za-z])(?P<region>[1-8][0-9]{{5}}){_ID_GAP}(?P<birth>[0-9]{{6}}){_ID_GAP}[0-9]{{3}}"
    r"(?![0-9A-Za-z])"
)
# What names an organisation's code just before it, on the same line.
_CODE_LABEL = re.compile(
    r"(?:统一社会信用代码|社会信用代码|信用代码|组织机构代码|机构代码|纳税人识别号|税号|索引号|登记证号)"
    r"[ \u00a0]*(?:[:：为是])?[ \u00a0]*$"
)
_INDEX_NUMBER_AFTER = re.compile(r"/[0-9]{4}")
# An address and whatever is glued to it (`a@b.cnc@d.com`), as one run. The lookbehind starts a
# match only at the head of a run, which keeps long runs linear.
_ADDRESS_RUN = re.compile(r"(?<![A-Za-z0-9._%+@-])[A-Za-z0-9._%+-]+(?:@[A-Za-z0-9._%+-]+)+")
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_LATEST_BIRTH = dt.date(2099, 12, 31)


# --- mobiles -----------------------------------------------------------------------------

def mobile_spans(view: View) -> list[Span]:
    spans = []
    for match in _MOBILE.finditer(view.searched):
        if not _free_start(view.searched, match.start()):
            continue
        middle_start, middle_end = match.span("middle")
        replacement = view.visible[match.start():middle_start] + MIDDLE_MASK + view.visible[middle_end:match.end()]
        spans.append(view.span(match.start(), match.end(), "mobile", replacement))
    return spans


def _free_start(text: str, start: int) -> bool:
    """A number may follow a Latin letter only when the letters are a phone word (`Tel`)."""
    head = start
    while head > 0 and text[head - 1].isascii() and text[head - 1].isalpha():
        head -= 1
    return head == start or text[head:start].lower() in PHONE_WORDS


# --- ID cards ----------------------------------------------------------------------------

def plausible_birth(birth: str, today: dt.date | None = None) -> bool:
    """YYYYMMDD (or YYMMDD of a 15-digit card, born in the 1900s): a real day from 1900 to today."""
    if len(birth) == 6:
        birth = "19" + birth
    try:
        day = dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:8]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= day <= (today or _LATEST_BIRTH)


def looks_like_id_card(number: str, today: dt.date | None = None) -> bool:
    """An 18-character or 15-digit resident ID number by its region and birth date, whatever its
    check digit."""
    number = View.of(number).searched.upper()
    if re.fullmatch(r"[0-9]{17}[0-9X]", number):
        birth = number[6:14]
    elif re.fullmatch(r"[0-9]{15}", number):
        birth = number[6:12]
    else:
        return False
    return number[:2] in PROVINCES and plausible_birth(birth, today)


def id_card_check_digit(first17: str) -> str:
    """The GB 11643 check digit, for building test numbers and telling a typo."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_card_spans(view: View, today: dt.date | None = None) -> list[Span]:
    spans = []
    taken: list[tuple[int, int]] = []
    for pattern in (_ID_18, _ID_15):
        for match in pattern.finditer(view.searched):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            region, birth = match.group("region", "birth")
            if region[:2] not in PROVINCES or not plausible_birth(birth, today):
                continue
            if _is_organisation_code(view.searched, start, end):
                continue
            taken.append((start, end))
            birth_start, birth_end = match.span("birth")
            replacement = view.visible[start:birth_start] + "*" * len(birth) + view.visible[birth_end:end]
            spans.append(view.span(start, end, "id_card", replacement))
    return spans


def _is_organisation_code(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 24):start]
    return bool(_CODE_LABEL.search(before)) or bool(_INDEX_NUMBER_AFTER.match(text, end))


# --- e-mail ------------------------------------------------------------------------------

def _is_kept_domain(domain: str, kept: tuple[str, ...]) -> bool:
    domain = domain.lower()
    for entry in kept:
        entry = entry.lower().lstrip("@.")
        if entry and (domain == entry or domain.endswith("." + entry)):
            return True
    return False


def email_spans(view: View, kept: tuple[str, ...]) -> list[Span]:
    spans = []
    for match in _ADDRESS_RUN.finditer(view.searched):
        run = match.group().rstrip(".-")  # a sentence's full stop is not the domain's
        parts = run.split("@")
        domain = parts[-1]
        if not _DOMAIN.fullmatch(domain) or not parts[0]:
            continue
        # Several addresses glued together are masked as one, so nothing of them shows afterwards.
        if len(parts) == 2 and _is_kept_domain(domain, kept):
            continue
        start, end = match.start(), match.start() + len(run)
        replacement = view.visible[start] + "***" + view.visible[end - len(domain) - 1:end]
        spans.append(view.span(start, end, "email", replacement))
    return spans
