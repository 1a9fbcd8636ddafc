"""Masking for publication (SPEC 3.5): tables of cases, then the real published samples."""
from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from workflow.domain.masking import MaskingRules, Span, apply, find_spans, mask
from workflow.domain.masking_names import surname
from workflow.domain.masking_numbers import id_card_check_digit, looks_like_id_card

# Independent of the module's own pattern, so the sample checks do not trust what they test.
ANY_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def with_check(first17: str) -> str:
    """A well-formed ID number for the first 17 characters (GB 11643 check digit)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def wrong_check(first17: str) -> str:
    right = with_check(first17)[-1]
    return first17 + ("0" if right != "0" else "1")


def id_ending_in_x() -> str:
    for seq in range(100, 1000):
        number = with_check(f"33078219850612{seq}")
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence number gives check digit X")


def grouped(number: str, sep: str) -> str:
    return sep.join((number[:6], number[6:14], number[14:]))


VALID_ID = with_check("33028219900307123")
TODAY = dt.date(2026, 3, 10)
X_ID = id_ending_in_x()


SAMPLES = Path(__file__).resolve().parents[2] / "workflow" / "demo" / "samples"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def assert_well_formed(text: str, spans: list[Span]) -> None:
    """Sorted, non-overlapping and inside the text, so `apply` can use them."""
    cursor = 0
    for span in spans:
        assert cursor <= span.start < span.end <= len(text)
        cursor = span.end


# --- surnames ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("何明", "何"),
        ("杨文艳", "杨"),
        ("欧阳修文", "欧阳"),
        ("欧阳修", "欧阳"),
        ("司马光", "司马"),
        ("诸葛亮", "诸葛"),
        ("上官婉儿", "上官"),
        ("东方朔", "东方"),
        ("尉迟恭", "尉迟"),
        ("令狐冲", "令狐"),
        ("歐陽修", "歐陽"),
        ("欧阳", "欧"),  # two characters: a single surname and a given name
        ("司马", "司"),
        ("肖 刚", "肖"),
        ("邵　军", "邵"),
        ("王海涛", "王"),
    ],
)
def test_surname(name: str, expected: str) -> None:
    assert surname(name) == expected


# --- names -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "persons", "contacts", "expected"),
    [
        ("何明代表：", ("何明",), (), "何**代表："),
        ("致何明：", ("何明",), (), "致何**："),
        ("何明同志，何明代表", ("何明",), (), "何**同志，何**代表"),
        ("欧阳修文委员:", ("欧阳修文",), (), "欧阳**委员:"),
        ("司马光代表", ("司马光",), (), "司马**代表"),
        ("杨文艳委员:您提出的", ("杨文艳",), (), "杨**委员:您提出的"),
        # longest first: 王海涛 is masked whole, never as 王**涛
        ("王海涛和王海联名", ("王海", "王海涛"), (), "王**和王**联名"),
        ("王海涛和王海联名", ("王海涛", "王海"), (), "王**和王**联名"),
        # an unlisted longer name is someone else
        ("王海洋", ("王海",), (), "王海洋"),
        ("联系人:邵军,联系电话:0579-82469726", (), ("邵军",), "联系人:邵 *,联系电话:0579-82469726"),
        ("联系人：邵　军", (), ("邵军",), "联系人：邵 *"),
        ("（肖 刚）", ("肖刚",), (), "（肖**）"),
        ("联系人:欧阳修文", (), ("欧阳修文",), "联系人:欧阳 *"),
        ("何明代表，联系人邵军", ("何明", "戴培红"), ("邵军",), "何**代表，联系人邵 *"),
        ("何明", ("何明",), ("何明",), "何**"),  # both lists: the proposer's mask
        ("如何办理", ("何",), (), "如何办理"),  # one character: ignored
        ("如何办理", ("", "  "), (), "如何办理"),
        ("何明代表", ("李华",), (), "何明代表"),
    ],
)
def test_names(
    text: str, persons: tuple[str, ...], contacts: tuple[str, ...], expected: str
) -> None:
    rules = MaskingRules(person_names=persons, contact_names=contacts)
    assert mask(text, rules) == expected


def test_name_spans_index_the_original() -> None:
    text = "致何明：\n联系人：邵　军"
    spans = find_spans(text, MaskingRules(person_names=("何明",), contact_names=("邵军",)))
    assert [(text[s.start:s.end], s.kind, s.replacement) for s in spans] == [
        ("何明", "person", "何**"),
        ("邵　军", "contact", "邵 *"),
    ]


# --- numbers that are not mobiles, landlines ---------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "索引号:11330282734267548D/2020-99722",
        "信息索引号:1133070000259288XD/2023-04654",
        "账号:6222021381234567890",
        "卡号:6222 0213 8123 4567",
        "编号138123456789",  # 12 digits
        "编号913812345678",  # 11 digits inside a 12-digit run
        "金额13812345678元",
        "共13812345678万元",
        "13812345678.50元",
        "￥13812345678",
        "第13812345678号",
        "2023-13812345678",
        "HT13812345678",
        "13812345678A",
        "成文日期:2020-08-31,20200831,20230713180141",
        "金经信办建〔2023〕31号",
        "省疫情防控〔2020〕15号",
        "规范性文件统一编号:BHSD01-2018-0011",
        "12345678901",  # 11 digits but not 1[3-9]
        "10086",
    ],
)
def test_numbers_that_only_look_like_phones_stay(text: str) -> None:
    assert find_spans(text, MaskingRules()) == []
    assert mask(text, MaskingRules()) == text


@pytest.mark.parametrize(
    "text",
    [
        "联系电话:0574-63012345",
        "联系电话:(0579)82468101",
        "联系电话:（0579）82468101",
        "联系电话:0579-82469726",
        "联系电话:0574 63012345",
        "热线电话“63988718”",
        "服务热线400-888-1234",
        "电话0574-63012345转8012",
        "传真:0574-86270000",
    ],
)
def test_office_landlines_stay(text: str) -> None:
    assert mask(text, MaskingRules()) == text


# --- mobiles -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13812345678", "138****5678"),
        ("手机:13812345678。", "手机:138****5678。"),
        ("手机：138-1234-5678", "手机：138-****-5678"),
        ("手机 138 1234 5678", "手机 138 **** 5678"),
        ("+8613812345678", "+86138****5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("+86-138-1234-5678", "+86-138-****-5678"),
        ("86-13812345678", "86-138****5678"),
        ("0086 13812345678", "0086 138****5678"),
        ("(+86)13812345678", "(+86)138****5678"),
        ("电话0574-63012345/13812345678", "电话0574-63012345/138****5678"),
        ("电话0574-63012345 13812345678", "电话0574-63012345 138****5678"),
        ("１３８１２３４５６７８", "１３８****５６７８"),
        ("19912345678,15012345678", "199****5678,150****5678"),
        ("电话13812345678（微信同号）", "电话138****5678（微信同号）"),
        ("联系人:邵军,手机17757912345", "联系人:邵军,手机177****2345"),
    ],
)
def test_mobiles_are_masked(text: str, expected: str) -> None:
    assert mask(text, MaskingRules()) == expected


def test_mobiles_can_be_left_alone() -> None:
    assert mask("手机13812345678", MaskingRules(mask_mobiles=False)) == "手机13812345678"


# --- ID cards ----------------------------------------------------------------------------

def test_helper_makes_valid_numbers() -> None:
    assert looks_like_id_card(VALID_ID)
    assert looks_like_id_card(X_ID) and X_ID.endswith("X")
    assert id_card_check_digit(VALID_ID[:17]) == VALID_ID[-1]
    # the worked example of GB 11643
    assert with_check("11010519491231002") == "11010519491231002X"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"身份证号:{VALID_ID},", f"身份证号:{VALID_ID[:6]}********{VALID_ID[-4:]},"),
        (X_ID, X_ID[:6] + "********" + X_ID[-4:]),
        (X_ID[:-1] + "x", X_ID[:6] + "********" + X_ID[-4:-1] + "x"),
        (f"号码{VALID_ID}。", f"号码{VALID_ID[:6]}********{VALID_ID[-4:]}。"),
        (grouped(VALID_ID, " "), f"{VALID_ID[:6]} ******** {VALID_ID[-4:]}"),
        (grouped(VALID_ID, "-"), f"{VALID_ID[:6]}-********-{VALID_ID[-4:]}"),
    ],
)
def test_valid_id_cards_are_masked(text: str, expected: str) -> None:
    assert mask(text, MaskingRules()) == expected


@pytest.mark.parametrize(
    "number",
    [
        with_check("33028219900230123"),  # 30 February
        with_check("33028218500307123"),  # born 1850
        with_check("33028220990307123"),  # born after today
        with_check("93028219900307123"),  # no province starts with 9
        with_check("39028219900307123"),  # nor with 39
        "330282901307123",  # 15 digits, month 13
        VALID_ID + "5",  # part of a longer run
        "D" + VALID_ID,
        "3302821990030712",  # 16 digits
        "12330200002929875X",  # a unified social credit code: no birth date in it
    ],
)
def test_numbers_that_only_look_like_id_cards_stay(number: str) -> None:
    rules = MaskingRules(today=TODAY)
    assert mask(f"编号:{number}", rules) == f"编号:{number}"


def test_id_cards_can_be_left_alone() -> None:
    assert mask(VALID_ID, MaskingRules(mask_id_cards=False)) == VALID_ID


# --- e-mail ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "kept", "expected"),
    [
        ("邮箱:heming@163.com", (), "邮箱:h***@163.com"),
        ("请发至zhang.san-li@qq.com。", (), "请发至z***@qq.com。"),
        ("请发至heming@163.com.", (), "请发至h***@163.com."),
        ("13812345678@qq.com", (), "1***@qq.com"),  # the address, not a mobile inside it
        ("heming@163.comheming@163.com", (), "h***@163.com"),  # glued: one, nothing left over
        ("a@b", (), "a@b"),
        ("@163.com", (), "@163.com"),
        ("jxj@jinhua.gov.cn", ("gov.cn",), "jxj@jinhua.gov.cn"),
        ("jxj@JINHUA.GOV.CN", ("gov.cn",), "jxj@JINHUA.GOV.CN"),
        ("office@gov.cn", ("@gov.cn",), "office@gov.cn"),
        ("heming@notgov.cn", ("gov.cn",), "h***@notgov.cn"),
        ("heming@163.com, jxj@jinhua.gov.cn", (".gov.cn",), "h***@163.com, jxj@jinhua.gov.cn"),
    ],
)
def test_emails(text: str, kept: tuple[str, ...], expected: str) -> None:
    assert mask(text, MaskingRules(keep_emails_domains=kept)) == expected


def test_emails_can_be_left_alone() -> None:
    assert mask("heming@163.com", MaskingRules(mask_emails=False)) == "heming@163.com"


# --- manual spans and overlaps -----------------------------------------------------------

TEXT = "住址:中官路777号,手机:13812345678,何明代表"


@pytest.mark.parametrize(
    ("manual", "expected"),
    [
        (((3, 10),), "住址:***,手机:138****5678,何**代表"),
        (((3, 7), (5, 10)), "住址:***,手机:138****5678,何**代表"),  # overlapping: merged
        (((3, 7), (7, 10)), "住址:***,手机:138****5678,何**代表"),  # adjacent: merged
        # a hand-marked span that cuts a number grows over all of it
        (((11, 16),), "住址:中官路777号,***,何**代表"),
        (((20, 28),), "住址:中官路777号,手机:***代表"),
        # manual wins over a name it covers
        (((26, 30),), "住址:中官路777号,手机:138****5678,***"),
    ],
)
def test_manual_spans(manual: tuple[tuple[int, int], ...], expected: str) -> None:
    rules = MaskingRules(person_names=("何明",), manual=manual)
    assert mask(TEXT, rules) == expected


@pytest.mark.parametrize("manual", [((-1, 2),), ((3, 3),), ((5, 2),), ((0, len(TEXT) + 1),)])
def test_manual_spans_outside_the_text_are_refused(manual: tuple[tuple[int, int], ...]) -> None:
    with pytest.raises(ValueError):
        find_spans(TEXT, MaskingRules(manual=manual))


def test_find_spans_is_sorted_and_non_overlapping() -> None:
    text = f"何明代表 heming@163.com 13812345678 {VALID_ID} 13812345678@qq.com 邵军"
    rules = MaskingRules(person_names=("何明",), contact_names=("邵军",), manual=((2, 8),))
    spans = find_spans(text, rules)
    assert [s.start for s in spans] == sorted(s.start for s in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert [s.kind for s in spans] == ["person", "manual", "mobile", "id_card", "email", "contact"]
    assert_well_formed(text, spans)


@pytest.mark.parametrize(
    "spans",
    [
        [Span(2, 5, "manual", "*"), Span(4, 6, "manual", "*")],
        [Span(4, 6, "manual", "*"), Span(0, 2, "manual", "*")],
        [Span(0, 99, "manual", "*")],
    ],
)
def test_apply_refuses_bad_spans(spans: list[Span]) -> None:
    with pytest.raises(ValueError):
        apply("0123456789", spans)


def test_apply_without_spans_is_identity() -> None:
    assert apply("何明代表", []) == "何明代表"


# --- the real samples --------------------------------------------------------------------

SAMPLE_NAMES = [
    "cppcc-proposal-and-reply-zhenhai.txt",
    "cppcc-reply-published-cixi-2020.txt",
    "npc-suggestion-reply-published-jinhua-2023.txt",
    "policy-notice-haishu-2018.txt",
    "yearbook-sme-services-yancheng-2008.txt",
]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_samples_have_no_false_positives(name: str) -> None:
    """Index numbers, document numbers, dates, amounts and hotlines in real texts stay."""
    text = sample(name)
    assert find_spans(text, MaskingRules()) == []
    assert not ANY_MOBILE.search(mask(text, MaskingRules()))


def test_cixi_reply_masks_only_the_proposer() -> None:
    text = sample("cppcc-reply-published-cixi-2020.txt")
    masked = mask(text, MaskingRules(person_names=("杨文艳",)))
    assert masked == text.replace("杨文艳", "杨**")
    assert masked.startswith("11330282734267548D/2020-99722\n")
    assert "杨**委员:" in masked and "杨文艳" not in masked
    assert len(masked) == len(text)  # 杨文艳 and 杨** are both three characters
    assert "热线电话“63988718”" in masked
    start = text.index("杨文艳")
    changed = [i for i, (a, b) in enumerate(zip(text, masked, strict=True)) if a != b]
    assert changed == [start + 1, start + 2]  # 文艳 -> **, every other character in place


def test_zhenhai_reply_masks_proposer_contact_and_mobile() -> None:
    # The sample ends at the bureau's name; a contact line as other replies carry it is added.
    text = sample("cppcc-proposal-and-reply-zhenhai.txt") + (
        "\n联系人:李建国,联系电话:0574-86270000,手机:13957412345\n"
    )
    rules = MaskingRules(person_names=("戴培红",), contact_names=("李建国",))
    masked = mask(text, rules)
    assert "戴**委员：" in masked and "戴培红" not in masked
    assert masked.endswith("\n联系人:李 *,联系电话:0574-86270000,手机:139****2345\n")
    assert not ANY_MOBILE.search(masked)
    assert "0574-86270000" in masked
    assert "中官路777号" in masked and "中官路1188号" in masked
    assert masked.replace("戴**", "戴培红").replace("李 *", "李建国").replace(
        "139****2345", "13957412345") == text


def test_jinhua_reply_round_trip() -> None:
    """Un-masking the published reply and masking it again gives the published text back."""
    published = sample("npc-suggestion-reply-published-jinhua-2023.txt")
    assert "何**代表:" in published and "联系人:邵 * ," in published
    original = published.replace("何**代表", "何明代表").replace("邵 * ,", "邵军 ,")
    rules = MaskingRules(person_names=("何明",), contact_names=("邵军",))
    assert mask(original, rules) == published
    assert "0579-82469726" in published
    assert "1133070000259288XD/2023-04654" in published


# --- issue 9 §6: a name where it stands as a name, never inside another word --------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("如何明确责任分工", "如何明确责任分工"),
        ("任何明显的问题", "任何明显的问题"),
        ("如何明白告知", "如何明白告知"),
        ("为何明年才能完成", "为何明年才能完成"),
        ("几何明暗关系", "几何明暗关系"),
        ("何明代表：", "何**代表："),
        ("何明代表提出，如何明确责任", "何**代表提出，如何明确责任"),
        ("我局与何明同志电话沟通", "我局与何**同志电话沟通"),
        ("致何明：", "致何**："),
        ("（何明）", "（何**）"),
        ("何明", "何**"),
        ("何明、杨文艳委员", "何**、杨**委员"),
        ("何明提出的建议", "何**提出的建议"),
        ("何明先生、何明女士", "何**先生、何**女士"),
    ],
)
def test_names_stand_as_names_not_inside_words(text: str, expected: str) -> None:
    assert mask(text, MaskingRules(person_names=("何明", "杨文艳"))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("何\u200b明代表：", "何**代表："),
        ("杨\u00ad文艳委员:", "杨**委员:"),
        ("杨\ufeff文\u200d艳委员", "杨**委员"),
        ("\u2060何明\u200c代表", "\u2060何**\u200c代表"),  # outside the name: left alone
        ("联系人：邵\u200b军", "联系人：邵 *"),
        ("肖\u200b 刚", "肖**"),
        ("如何\u200b明确", "如何\u200b明确"),  # invisible characters hide no word either
    ],
)
def test_names_with_invisible_characters_inside_are_masked(text: str, expected: str) -> None:
    rules = MaskingRules(person_names=("何明", "杨文艳", "肖刚"), contact_names=("邵军",))
    assert mask(text, rules) == expected


def test_listed_names_with_invisible_characters_are_found() -> None:
    rules = MaskingRules(person_names=("何\u200b明",), contact_names=("邵\u00ad军",))
    assert mask("何明代表，联系人邵军", rules) == "何**代表，联系人邵 *"


# --- issue 9 §6: personal data in any usual spelling --------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("138.1234.5678", "138.****.5678"),
        ("138 1234-5678", "138 ****-5678"),
        ("1381234 5678", "138**** 5678"),
        ("Tel13812345678", "Tel138****5678"),
        ("TEL:13812345678", "TEL:138****5678"),
        ("Tel. 138-1234-5678", "Tel. 138-****-5678"),
        ("tel13812345678", "tel138****5678"),
        ("Mobile 13812345678", "Mobile 138****5678"),
        ("电话13812345678联系人邵军", "电话138****5678联系人邵军"),
        ("手机13812345678请及时沟通", "手机138****5678请及时沟通"),
        ("手机号码：+86 138 1234 5678", "手机号码：+86 138 **** 5678"),
        ("0086-13812345678", "0086-138****5678"),
        ("138\u200b1234\u200b5678", "138****5678"),
        ("１３８．１２３４．５６７８", "１３８．****．５６７８"),
    ],
)
def test_mobiles_in_every_usual_spelling_are_masked(text: str, expected: str) -> None:
    assert mask(text, MaskingRules()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (wrong_check("33028219900307123"), "330282********" + wrong_check("33028219900307123")[-4:]),
        ("330282900307123", "330282******123"),  # a 15-digit card of before 1999
        ("身份证号330282900307123。", "身份证号330282******123。"),
        ("330282 900307 123", "330282 ****** 123"),
        (f"{VALID_ID[:6]} {VALID_ID[6:14]}-{VALID_ID[14:]}", f"{VALID_ID[:6]} ********-{VALID_ID[14:]}"),
        (f"身份证{VALID_ID}联系", f"身份证{VALID_ID[:6]}********{VALID_ID[-4:]}联系"),
        ("3302\u200b82199003071237", "330282********1237"),
    ],
)
def test_id_cards_with_any_check_digit_and_15_digits_are_masked(text: str, expected: str) -> None:
    assert mask(text, MaskingRules(today=TODAY)) == expected


def test_id_cards_born_after_today_stay() -> None:
    tomorrow = with_check("330282" + (TODAY + dt.timedelta(days=1)).strftime("%Y%m%d") + "123")
    assert mask(tomorrow, MaskingRules(today=TODAY)) == tomorrow
    born_today = with_check("330282" + TODAY.strftime("%Y%m%d") + "123")
    assert mask(born_today, MaskingRules(today=TODAY)) != born_today


# A credit code whose characters 7-14 read as a date, as an ID number's do.
ID_LIKE_CODE = "11330219900307123X"


@pytest.mark.parametrize(
    "text",
    [
        f"统一社会信用代码：{ID_LIKE_CODE}",
        f"统一社会信用代码为{ID_LIKE_CODE}",
        f"社会信用代码 {ID_LIKE_CODE}",
        f"组织机构代码:{ID_LIKE_CODE}",
        f"索引号：{ID_LIKE_CODE}/2020-99722",
        f"{ID_LIKE_CODE}/2020-99722",
        "统一社会信用代码：11330282734267548D",
        "统一社会信用代码：91330282MA2CJ7XK4N",
        "1133070000259288XD",
        "12330200002929875X",
        "联系电话：0574-12345678",
        "政务服务热线12345",
        "服务热线400-888-1234",
        "客服电话800-820-8820",
        "服务电话4008881234",
        "银行客服95588",
        "Tel: 0574-63012345",
        "电话：(0574)63012345",
    ],
)
def test_organisation_codes_landlines_and_hotlines_stay(text: str) -> None:
    assert mask(text, MaskingRules(today=TODAY)) == text


def test_an_id_like_code_is_masked_where_nothing_names_it_a_code() -> None:
    # The safe side: without a label or an index number it may well be someone's ID number.
    masked = mask(f"身份证号：{ID_LIKE_CODE}", MaskingRules(today=TODAY))
    assert masked == f"身份证号：{ID_LIKE_CODE[:6]}********{ID_LIKE_CODE[-4:]}"
