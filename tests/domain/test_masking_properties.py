"""Masking's invariants over generated text (issue 9 §6), Hypothesis drawing Chinese from the real
samples' own words:
- text without personal data comes out unchanged, also where a listed name's characters stand
  inside other words;
- every mobile and ID-card number, in any usual spelling, is masked, and nothing else is;
- masking is idempotent.
(The stored original is never changed: tests/public/test_masking_original.py.)"""
from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

import jieba
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow.domain.masking import INVISIBLE, MaskingRules, find_spans, mask
from workflow.domain.masking_numbers import PROVINCES

SAMPLES = Path(__file__).resolve().parents[2] / "workflow" / "demo" / "samples"
TODAY = dt.date(2026, 3, 10)
# The people of the samples, and names whose characters sit inside common words.
PERSONS = ("杨文艳", "何明", "戴培红", "李建国", "何文", "林平", "周明")
CONTACTS = ("邵军",)
NAMES = PERSONS + CONTACTS
RULES = MaskingRules(person_names=PERSONS, contact_names=CONTACTS, today=TODAY)
# After a mobile, these make it an amount or a document number (see masking_numbers).
NOT_AFTER_A_MOBILE = set("元万亿千百美%‰号")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def vocabulary() -> tuple[str, ...]:
    """The samples' words (jieba's accurate mode, dictionary words only) without any digit or
    Latin letter, without the masks the published samples carry, and without any word that holds a
    listed name or is the start or end of one: a listed name can then only occur across words."""
    words: set[str] = set()
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        words.update(jieba.lcut(text, HMM=False))
    return tuple(sorted(
        w for w in words
        if w.strip() and not re.search(r"[0-9A-Za-z*０-９]", w)
        and not any(name in w or name.startswith(w) or name.endswith(w) for name in NAMES)
        and not set(w) & INVISIBLE
    ))


@cache
def crossings() -> tuple[str, ...]:
    """A listed name's characters written across two common words of the dictionary, each word
    crossing one edge of the name (如何 明确, 任何 明显). Nobody is named there. (Three words with
    a name's middle character alone between them, 老李 建 国内, read as a name to people too.)"""
    jieba.initialize()
    frequency = jieba.dt.FREQ

    def common(words):
        return sorted(words, key=lambda w: (-frequency[w], w))[:6]

    found = []
    for name in NAMES:
        for i in range(1, len(name)):
            head, tail = name[:i], name[i:]
            lefts = common(w for w, f in frequency.items() if f > 50 and len(w) > len(head) and w.endswith(head))
            rights = common(w for w, f in frequency.items() if f > 50 and len(w) > len(tail) and w.startswith(tail))
            found += [left + right for left in lefts for right in rights]
    return tuple(found)


def chinese(min_size: int = 0, max_size: int = 30):
    words = st.one_of(st.sampled_from(vocabulary()), st.deferred(lambda: st.sampled_from(crossings())))
    return st.lists(words, min_size=min_size, max_size=max_size).map("".join)


def followed_by_chinese():
    """Chinese that may follow a number directly, as letters write it."""
    return chinese(1, 8).filter(lambda text: text[0] not in NOT_AFTER_A_MOBILE)


def with_invisible(draw, text: str) -> str:
    """`text` with zero-width characters or soft hyphens slipped in, where a copy-paste puts them."""
    positions = draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=2))
    for position in sorted(positions, reverse=True):
        text = text[:position] + draw(st.sampled_from(sorted(INVISIBLE))) + text[position:]
    return text


@st.composite
def mobiles(draw) -> tuple[str, str]:
    """(the number's digits, a usual spelling of it)."""
    digits = "1" + draw(st.sampled_from("3456789")) + "".join(draw(st.lists(st.sampled_from("0123456789"),
                                                                            min_size=9, max_size=9)))
    first, second = (draw(st.sampled_from(["", " ", "-", "."])) for _ in range(2))
    spelled = digits[:3] + first + digits[3:7] + second + digits[7:]
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "+86-", "(+86)", "0086 ", "0086-", "86-"]))
    word = draw(st.sampled_from(["", "Tel", "TEL:", "Tel. ", "tel", "Mobile ", "电话", "手机", "手机：", "联系电话:"]))
    return digits, word + with_invisible(draw, prefix + spelled)


@st.composite
def id_cards(draw) -> tuple[str, str, str]:
    """(the number, its birth digits, a usual spelling of it)."""
    region = draw(st.sampled_from(sorted(PROVINCES))) + "".join(draw(st.lists(st.sampled_from("0123456789"),
                                                                              min_size=4, max_size=4)))
    serial = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=3, max_size=3)))
    if draw(st.booleans()):
        birth = draw(st.dates(dt.date(1900, 1, 1), TODAY)).strftime("%Y%m%d")
        number = region + birth + serial + draw(st.sampled_from("0123456789Xx"))  # whatever the check digit
        groups = (number[:6], number[6:14], number[14:])
    else:
        birth = draw(st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31))).strftime("%y%m%d")
        number = region + birth + serial
        groups = (number[:6], number[6:12], number[12:])
    first, second = (draw(st.sampled_from(["", " ", "-"])) for _ in range(2))
    spelled = groups[0] + first + groups[1] + second + groups[2]
    label = draw(st.sampled_from(["", "身份证号：", "身份证号码", "证件号码:", "（身份证", "身份证"]))
    return number, birth, label + with_invisible(draw, spelled)


def digits_of(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text)


@SETTINGS
@given(chinese())
def test_text_without_personal_data_comes_out_unchanged(text: str) -> None:
    assert find_spans(text, RULES) == []
    assert mask(text, RULES) == text


@SETTINGS
@given(chinese(), mobiles(), followed_by_chinese())
def test_every_mobile_in_any_spelling_is_masked(before: str, mobile: tuple[str, str], after: str) -> None:
    digits, spelled = mobile
    text = before + spelled + after
    masked = mask(text, RULES)
    assert digits not in digits_of(masked)
    assert digits_of(masked).endswith(digits[:3] + digits[7:])
    assert "****" in masked
    assert masked.startswith(before) and masked.endswith(after)


@SETTINGS
@given(chinese(), id_cards(), chinese())
def test_every_id_card_in_any_spelling_is_masked(before: str, card: tuple[str, str, str], after: str) -> None:
    number, birth, spelled = card
    masked = mask(before + spelled + after, RULES)
    assert digits_of(masked) == number[:6] + number[6 + len(birth):]
    assert "*" * len(birth) in masked
    assert masked.startswith(before) and masked.endswith(after)


@st.composite
def letters(draw) -> str:
    """A letter's text: Chinese with names (alone, titled, in lists), numbers and addresses."""
    pieces = draw(st.lists(st.one_of(
        chinese(1, 6),
        st.sampled_from(NAMES).map(lambda name: name + "委员："),
        st.sampled_from(NAMES),
        st.tuples(st.sampled_from(NAMES), st.sampled_from(["同志", "代表", "、", "，", ""])).map("".join),
        mobiles().map(lambda m: m[1]),
        id_cards().map(lambda c: c[2]),
        st.sampled_from(["heming@163.com", "jxj@jinhua.gov.cn", "联系电话：0574-63012345", "热线12345"]),
    ), max_size=12))
    return with_invisible(draw, "".join(pieces))


@SETTINGS
@given(letters())
def test_masking_is_idempotent(text: str) -> None:
    once = mask(text, RULES)
    assert mask(once, RULES) == once
