"""The roster's rules (domain/roster_sheet.py): users and bureaus, a case each, and the credit
code's check digit over any code."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow.domain import roster_sheet as rs
from workflow.domain import sheet
from workflow.domain.sheet import RowCheck

USERS = rs.UserDirectory(
    usernames={"yang": 10},
    bureaus={"jxj": 1, "市经信局": 1, "金华市经济和信息化局": 1},
    role_words={"proposer": "proposer", "委员": "proposer", "代表": "proposer", "经办人": "clerk", "clerk": "clerk",
                "approver": "approver", "承办单位领导": "approver", "office": "office"},
    channel_words={"cppcc": "cppcc", "npc": "npc", "委员": "cppcc", "代表": "npc", "提案": "cppcc", "建议": "npc"},
)
BUREAUS = rs.BureauDirectory(codes={"jxj": 1}, credit_codes={"11330282734267548D": 1})
GOOD_CREDIT = "11330282734267548D"


def user(line=2, **values) -> RowCheck:
    base = {"username": "heming", "name": "何明", "roles": "代表", "channel": "代表", "group": "义乌代表团",
            "prefix": "义", "bureau": "", "mobile": "138 0013 8000", "email": "he@example.cn", "principal": ""}
    return RowCheck(line, base | values)


def bureau(line=2, **values) -> RowCheck:
    base = {"code": "cj", "name": "金华市城市建设局", "short_name": "市建设局", "credit_code": "",
            "prefix_cppcc": "金建提", "prefix_npc": "金建建", "duties": "负责城市建设……"}
    return RowCheck(line, base | values)


def test_a_deputy_row():
    row = user()
    rs.check_users([row], USERS)
    assert row.ok and row.parsed == rs.UserRow(2, None, "heming", "何明", ("proposer",), "npc", "义乌代表团", "义",
                                              None, "13800138000", "he@example.cn", False)


def test_an_existing_username_updates_that_user():
    row = user(username="YANG", roles="委员", channel="提案", prefix="", group="经济界")
    rs.check_users([row], USERS)
    assert row.parsed.user_id == 10 and row.parsed.channel == "cppcc"


@pytest.mark.parametrize("values, expected", [
    ({"username": ""}, [("username", sheet.REQUIRED)]),
    ({"username": "何明"}, [("username", rs.BAD_USERNAME)]),
    ({"roles": "代表、市长"}, [("roles", rs.UNKNOWN_ROLE)]),
    ({"channel": "", "prefix": ""}, [("channel", rs.NEEDS_CHANNEL)]),
    ({"channel": "政府"}, [("channel", rs.BAD_CHANNEL), ("prefix", rs.PREFIX_NOT_NPC)]),
    ({"channel": "委员"}, [("prefix", rs.PREFIX_NOT_NPC)]),
    ({"roles": "经办人", "channel": "", "prefix": ""}, [("bureau", rs.NEEDS_BUREAU)]),
    ({"bureau": "市财政局"}, [("bureau", rs.UNKNOWN_BUREAU)]),
    ({"mobile": "0579-8888888"}, [("mobile", rs.BAD_MOBILE)]),
    ({"mobile": "1380013800"}, [("mobile", rs.BAD_MOBILE)]),
    ({"email": "he@"}, [("email", rs.BAD_EMAIL)]),
    ({"principal": "也许"}, [("principal", rs.BAD_YES_NO)]),
    ({"principal": "是"}, [("principal", rs.PRINCIPAL_NOT_APPROVER)]),
    ({"group": "团" * 65}, [("group", sheet.TOO_LONG)]),
])
def test_each_user_problem(values, expected):
    row = user(**values)
    rs.check_users([row], USERS)
    assert [(p.column, p.template) for p in row.problems] == expected
    assert row.parsed is None


def test_a_clerk_and_leader_of_a_bureau_named_by_short_name():
    row = user(username="shao", name="邵军", roles="经办人, approver", channel="", prefix="", group="",
               bureau="市经信局", principal="是", mobile="+86 139-0000-0000")
    rs.check_users([row], USERS)
    assert row.ok, row.problems
    assert (row.parsed.roles, row.parsed.bureau_id, row.parsed.principal_leader, row.parsed.mobile) == (
        ("clerk", "approver"), 1, True, "13900000000")


def test_the_same_username_twice_in_the_sheet():
    rows = [user(2), user(3, username="HeMing")]
    rs.check_users(rows, USERS)
    assert rows[0].ok and [(p.template, p.params) for p in rows[1].problems] == [(rs.USERNAME_TWICE, {"line": 2})]


def test_a_bureau_row_and_an_update():
    new, old = bureau(), bureau(3, code="jxj", name="金华市经济和信息化局", credit_code=GOOD_CREDIT.lower())
    rs.check_bureaus([new, old], BUREAUS)
    assert new.ok and old.ok
    assert new.parsed.bureau_id is None and old.parsed.bureau_id == 1 and old.parsed.credit_code == GOOD_CREDIT


@pytest.mark.parametrize("values, expected", [
    ({"code": "城建"}, [("code", rs.BAD_CODE)]),
    ({"name": ""}, [("name", sheet.REQUIRED)]),
    ({"credit_code": "123"}, [("credit_code", rs.BAD_CREDIT_CODE)]),
    ({"credit_code": "11330282734267548C"}, [("credit_code", rs.CREDIT_CHECK_DIGIT)]),
    ({"credit_code": GOOD_CREDIT}, [("credit_code", rs.CREDIT_TWICE)]),  # held by bureau jxj
    ({"prefix_cppcc": "金建〔2026〕"}, [("prefix_cppcc", rs.BAD_PREFIX)]),
    ({"short_name": "简" * 33}, [("short_name", sheet.TOO_LONG)]),
])
def test_each_bureau_problem(values, expected):
    row = bureau(**values)
    rs.check_bureaus([row], BUREAUS)
    assert [(p.column, p.template) for p in row.problems] == expected


def test_the_same_code_twice_in_the_sheet():
    rows = [bureau(2), bureau(3)]
    rs.check_bureaus(rows, BUREAUS)
    assert [p.template for p in rows[1].problems] == [rs.CODE_TWICE]


body = st.text(alphabet=rs.CREDIT_CHARSET, min_size=17, max_size=17).filter(lambda t: t[2:8].isdigit())


@given(body, st.sampled_from(rs.CREDIT_CHARSET))
def test_exactly_one_check_digit_fits_any_code(first, last):
    valid = [ch for ch in rs.CREDIT_CHARSET if rs.credit_code_valid(first + ch)]
    assert len(valid) == 1
    assert rs.credit_code_valid(first + last) == (last == valid[0])


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_any_mobile_written_with_spaces_or_country_code_is_the_same_number(digits):
    spaced = f"+86 {digits[:3]} {digits[3:7]}-{digits[7:]}"
    assert rs.normal_mobile(digits) == rs.normal_mobile(spaced) == digits
